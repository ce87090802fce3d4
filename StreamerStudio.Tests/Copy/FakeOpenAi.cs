using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace StreamerStudio.Tests.Copy;

/// <summary>
/// An OpenAI-compatible server on 127.0.0.1 answering <c>POST /v1/chat/completions</c> and <c>POST /v1/embeddings</c>
/// in the real wire format.
/// </summary>
public sealed class FakeOpenAi : IDisposable
{
    public const string Model = "fake-model-1";
    public const string EmbeddingModel = "fake-embedding-1";
    public const int EmbeddingDimensions = 256;

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string BaseUrl => $"http://127.0.0.1:{Server.Port}/v1";

    /// <summary>A chat completion whose assistant message is <paramref name="content"/>, optionally after a delay.</summary>
    public void Answers(string content, int delayMs = 0)
    {
        var body = JsonSerializer.Serialize(new
        {
            id = "chatcmpl-fake1",
            @object = "chat.completion",
            created = 1_764_000_000,
            model = Model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 321, completion_tokens = 123, total_tokens = 444 },
        });
        Respond(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body), delayMs);
    }

    /// <summary>Suggestions in the shape the engine asks for, as the assistant's JSON content.</summary>
    public void AnswersSuggestions(object suggestions, int delayMs = 0) => Answers(JsonSerializer.Serialize(suggestions), delayMs);

    /// <summary>A streamed chat completion: <paramref name="content"/> in <paramref name="pieces"/> SSE chunks, then <c>data: [DONE]</c>.</summary>
    public void Streams(string content, int pieces)
    {
        var size = (int)Math.Ceiling(content.Length / (double)pieces);
        var sse = new StringBuilder();
        for (var i = 0; i < content.Length; i += size)
        {
            sse.Append("data: ").Append(Chunk(content.Substring(i, Math.Min(size, content.Length - i)))).Append("\n\n");
        }

        sse.Append("data: ").Append(Chunk(null, "stop")).Append("\n\n").Append("data: [DONE]\n\n");
        Respond(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/event-stream").WithBody(sse.ToString()), 0);
    }

    /// <summary>One <c>chat.completion.chunk</c> as the wire carries it.</summary>
    public static string Chunk(string? content, string? finishReason = null) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-fake1",
        @object = "chat.completion.chunk",
        created = 1_764_000_000,
        model = Model,
        choices = new[] { new { index = 0, delta = content is null ? (object)new { } : new { role = "assistant", content }, finish_reason = finishReason } },
    });

    /// <summary>An error in OpenAI's error shape.</summary>
    public void Fails(int status, string type, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
            .WithBody(JsonSerializer.Serialize(new { error = new { message = $"fake {type}", type, param = (string?)null, code = type } }));
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        Respond(response, 0);
    }

    /// <summary>A 200 whose body is whatever is given, e.g. not JSON at all.</summary>
    public void AnswersRaw(string body) =>
        Respond(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body), 0);

    /// <summary>The JSON body of each chat completions request received.</summary>
    public IReadOnlyList<string> Requests =>
        Server.LogEntries.Where(e => e.RequestMessage.Path == "/v1/chat/completions").Select(e => e.RequestMessage.Body ?? "").ToList();

    /// <summary>
    /// Embeddings as a hashed bag of words: each lower-cased word adds 1 to one of <see cref="EmbeddingDimensions"/>
    /// dimensions chosen by a stable hash, so texts sharing words point the same way and the answer is deterministic.
    /// Honours <c>encoding_format</c> (the OpenAI SDK asks for base64 floats) and a string or array <c>input</c>.
    /// </summary>
    public void Embeds() => Server.Given(Request.Create().WithPath("/v1/embeddings").UsingPost()).RespondWith(Response.Create()
        .WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(request => EmbeddingsBody(request.Body ?? "")));

    /// <summary>The embeddings endpoint answers with an error in OpenAI's error shape.</summary>
    public void EmbeddingsFail(int status, string type) => Server.Given(Request.Create().WithPath("/v1/embeddings").UsingPost()).RespondWith(Response.Create()
        .WithStatusCode(status).WithHeader("Content-Type", "application/json")
        .WithBody(JsonSerializer.Serialize(new { error = new { message = $"fake {type}", type, param = (string?)null, code = type } })));

    /// <summary>How many texts the embeddings endpoint was asked for, over all requests.</summary>
    public int EmbeddedTexts => Server.LogEntries.Where(e => e.RequestMessage.Path == "/v1/embeddings")
        .Sum(e => Inputs(JsonDocument.Parse(e.RequestMessage.Body ?? "{}").RootElement).Count);

    public static float[] BagOfWords(string text)
    {
        var vector = new float[EmbeddingDimensions];
        foreach (var word in System.Text.RegularExpressions.Regex.Split(text.ToLowerInvariant(), @"[^\p{L}\p{N}]+").Where(w => w.Length > 0))
        {
            // FNV-1a: string.GetHashCode differs per process, and the vectors must not.
            var hash = 2166136261u;
            foreach (var c in word)
            {
                hash = (hash ^ c) * 16777619u;
            }

            vector[hash % EmbeddingDimensions] += 1;
        }

        return vector;
    }

    private static string EmbeddingsBody(string requestBody)
    {
        var request = JsonDocument.Parse(requestBody).RootElement;
        var base64 = request.TryGetProperty("encoding_format", out var format) && format.GetString() == "base64";
        var inputs = Inputs(request);
        return JsonSerializer.Serialize(new
        {
            @object = "list",
            data = inputs.Select((text, i) => new
            {
                @object = "embedding",
                index = i,
                embedding = base64 ? (object)Convert.ToBase64String(MemoryMarshal.AsBytes(BagOfWords(text).AsSpan())) : BagOfWords(text),
            }),
            model = request.TryGetProperty("model", out var model) ? model.GetString() : EmbeddingModel,
            usage = new { prompt_tokens = inputs.Sum(t => t.Length / 4 + 1), total_tokens = inputs.Sum(t => t.Length / 4 + 1) },
        });
    }

    private static List<string> Inputs(JsonElement request) =>
        !request.TryGetProperty("input", out var input) ? []
        : input.ValueKind == JsonValueKind.Array ? [.. input.EnumerateArray().Select(e => e.GetString() ?? "")]
        : [input.GetString() ?? ""];

    private void Respond(IResponseBuilder response, int delayMs)
    {
        if (delayMs > 0)
        {
            response = response.WithDelay(delayMs);
        }

        Server.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost()).RespondWith(response);
    }

    public void Dispose() => Server.Stop();
}

/// <summary>
/// A provider whose stream starts and never ends: it answers 200 with one SSE chunk, then holds the connection open.
/// WireMock can only delay a whole response, so this is a bare socket on 127.0.0.1 speaking chunked HTTP/1.1.
/// </summary>
public sealed class StallingOpenAi : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public StallingOpenAi(string firstContent)
    {
        _listener.Start();
        _serving = ServeAsync(firstContent);
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1";

    private async Task ServeAsync(string content)
    {
        var held = new List<Task>();
        try
        {
            while (true)
            {
                held.Add(HoldAsync(await _listener.AcceptTcpClientAsync(_stop.Token), content));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(held);
    }

    private async Task HoldAsync(TcpClient client, string content)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[64 * 1024];
                var head = new StringBuilder();
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var chunk = Encoding.UTF8.GetBytes("data: " + FakeOpenAi.Chunk(content) + "\n\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk.Length.ToString("X") + "\r\n"), _stop.Token);
                await stream.WriteAsync(chunk, _stop.Token);
                await stream.WriteAsync("\r\n"u8.ToArray(), _stop.Token);
                await stream.FlushAsync(_stop.Token);
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
    }
}
