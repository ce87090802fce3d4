using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace LivePathBench;

/// <summary>
/// An OpenAI-compatible chat completions server on 127.0.0.1 that streams SSE <c>chat.completion.chunk</c>s, on a raw
/// socket (as bench/CopyBench's) so the moment it writes its first chunk is the provider's own first token, nothing
/// buffered in between. It notes, per request, when the request was read and when the first chunk went out.
/// </summary>
internal sealed class FakeProvider : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _pieces;
    private readonly int _thinkMs;
    private readonly Task _accepting;

    public FakeProvider(int thinkMs)
    {
        _thinkMs = thinkMs;
        var content = JsonSerializer.Serialize(new
        {
            titles = new[] { "hollow knight, no hits (3 near misses)", "the no-hit run", "we did it: hollow knight no-hit", "three attempts, one clean run", "no damage, all vibes" },
            description = new { hook = "The full no-hit run.", body = "The full no-hit run.\n\nChapters\n00:00 Intro" },
            tags = new[] { "hollow knight", "no hit" },
            hashtags = new[] { "#HollowKnight" },
            twitchTitle = "no-hit attempts, cozy edition",
            goLiveNotification = "live now: no-hit attempts",
        });
        _pieces = [.. Enumerable.Range(0, 20).Select(i => content[(i * content.Length / 20)..((i + 1) * content.Length / 20)])];
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1";

    /// <summary>Each chat request in arrival order: when it was read whole, when its first chunk was written (host clock).</summary>
    public ConcurrentQueue<(double Received, double FirstChunk)> Requests { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    // One HTTP/1.1 exchange per connection: read the request (headers and Content-Length body), answer, close.
    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            client.NoDelay = true;
            var stream = client.GetStream();
            var buffer = new byte[65536];
            var received = new MemoryStream();
            int headerEnd;
            while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    return;
                }

                received.Write(buffer, 0, read);
            }

            var headers = Encoding.ASCII.GetString(received.GetBuffer(), 0, headerEnd);
            var length = headers.Split("\r\n").Select(h => h.Split(':', 2))
                .Where(h => h.Length == 2 && h[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(h => int.Parse(h[1].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
            var bodyBytes = (int)received.Length - headerEnd - 4;
            while (bodyBytes < length)
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    return;
                }

                bodyBytes += read;
            }

            var receivedAt = HostClock.Now();
            if (_thinkMs > 0)
            {
                // The model's time to its first token, when the run asks for one.
                await Task.Delay(_thinkMs);
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"));
            var firstChunkAt = 0.0;
            for (var i = 0; i < _pieces.Count; i++)
            {
                var chunk = JsonSerializer.Serialize(new
                {
                    id = "chatcmpl-bench", @object = "chat.completion.chunk", created = 1_764_000_000, model = "fake",
                    choices = new[] { new { index = 0, delta = new { role = i == 0 ? "assistant" : null, content = _pieces[i] }, finish_reason = (string?)null } },
                });
                await stream.WriteAsync(Encoding.UTF8.GetBytes($"data: {chunk}\n\n"));
                await stream.FlushAsync();
                if (i == 0)
                {
                    firstChunkAt = HostClock.Now();
                }
            }

            var last = JsonSerializer.Serialize(new
            {
                id = "chatcmpl-bench", @object = "chat.completion.chunk", created = 1_764_000_000, model = "fake",
                choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 200, completion_tokens = 80, total_tokens = 280 },
            });
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"data: {last}\n\ndata: [DONE]\n\n"));
            Requests.Enqueue((receivedAt, firstChunkAt));
        }
    }

    private static int IndexOfHeaderEnd(MemoryStream received)
    {
        var bytes = received.GetBuffer();
        for (var i = 0; i + 3 < received.Length; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
