using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace StreamerStudio.Tests.Copy;

/// <summary>An OpenAI-compatible server on 127.0.0.1 answering <c>POST /v1/chat/completions</c> in the real wire format.</summary>
public sealed class FakeOpenAi : IDisposable
{
    public const string Model = "fake-model-1";

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
