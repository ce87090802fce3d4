using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Copy;

// Copy studio timings (issue 15).
// 1. The built-in engine: suggestions for a few hundred different briefs, one at a time on one thread (goal p95 < 50 ms).
// 2. Time to the first streamed draft from OpenAiCopyEngine against a local fake that streams chat-completion chunks,
//    beside the fake's own first byte read by a bare HttpClient: the difference is what the SDK, Microsoft.Extensions.AI
//    and the engine add before the creator sees anything.
// Usage: dotnet run -c Release --project bench/CopyBench [briefs] [stream runs]
var briefCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var streamRuns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
Console.WriteLine($"Load average before: {File.ReadAllText("/proc/loadavg").Trim()}");

string[] samples =
[
    "cozy stardew evening with chat ☕", "we finally beat the hollow knight pantheon", "celeste goldens, one sitting, no breaks",
    "rainy day pixel art stream", "building a castle one pixel at a time", "first time playing outer wilds (no spoilers)",
    "the longest hollow knight run yet", "tea, lofi and a new farm", "speedrun practice: any% attempts", "chat picks my next game",
    "a quiet night in the valley", "we tried the hardest mod", "100% run, day 3", "cozy games and good company", "sunday co-op with friends",
];
var voice = BrandVoice.FromSamples(samples, Tone.Casual, avoid: ["cringe"]) with { Trending = ["hollow", "knight", "celeste", "stardew"] };
string[] games = ["Stardew Valley", "Hollow Knight", "Celeste", "Apex Legends", "Minecraft", "Elden Ring", "Hades", "Outer Wilds", "Terraria", "Valorant"];
string[] moments =
[
    "a no-hit run with three near misses", "chat voting on every decision", "the first clear of the hardest boss", "a cozy evening of farming and tea",
    "speedrun attempts until the world record falls", "building a huge castle live", "a modded playthrough where everything is random",
    "a ranked grind to the top tier after a 1v3 clutch", "a co-op night with friends and a lot of laughing", "learning the game from zero",
];
var briefs = Enumerable.Range(0, briefCount)
    .Select(i => $"{games[i % games.Length]}: {moments[i / games.Length % moments.Length]}, part {i / (games.Length * moments.Length) + 1}, with clips and chapters")
    .ToList();

var engine = new BuiltInCopyEngine();
foreach (var brief in briefs.Take(20))
{
    engine.Suggest(brief, voice);
}

var builtIn = new List<double>(briefs.Count);
var distinct = new HashSet<string>();
foreach (var brief in briefs)
{
    var watch = Stopwatch.StartNew();
    var result = engine.Suggest(brief, voice);
    builtIn.Add(watch.Elapsed.TotalMilliseconds);
    distinct.Add(result.Titles[0].Text);
}

Console.WriteLine($"Built-in engine, {briefs.Count} briefs: p50 {P(builtIn, 50):F2} ms, p95 {P(builtIn, 95):F2} ms, max {builtIn.Max():F2} ms; {distinct.Count} different first titles");

// The fake: a raw socket server so its own first byte is exactly when it writes the first chunk, nothing buffered.
var content = JsonSerializer.Serialize(new
{
    titles = new[] { "hollow knight, no hits (3 near misses)", "the no-hit run", "we did it: hollow knight no-hit", "three attempts, one clean run", "no damage, all vibes" },
    description = new { hook = "The full no-hit run.", body = "The full no-hit run.\n\nChapters\n00:00 Intro" },
    tags = new[] { "hollow knight", "no hit" },
    hashtags = new[] { "#HollowKnight" },
    twitchTitle = "no-hit attempts, cozy edition",
    goLiveNotification = "live now: no-hit attempts",
});
var chunks = Enumerable.Range(0, 20).Select(i => content.Substring(i * content.Length / 20, (i + 1) * content.Length / 20 - i * content.Length / 20)).ToList();
var listener = new TcpListener(IPAddress.Loopback, 0);
listener.Start();
var port = ((IPEndPoint)listener.LocalEndpoint).Port;
using var stop = new CancellationTokenSource();
var server = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        var client = await listener.AcceptTcpClientAsync(stop.Token);
        _ = Task.Run(() => ServeAsync(client, chunks));
    }
});

using var http = new HttpClient();
var bare = new List<double>();
var engineFirst = new List<double>();
var provider = OpenAiCopyEngine.Create(new CopyProviderOptions { BaseUrl = $"http://127.0.0.1:{port}/v1", Model = "fake", TimeoutSeconds = 30 }, TimeProvider.System);
for (var i = -5; i < streamRuns; i++)
{
    var watch = Stopwatch.StartNew();
    using (var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/v1/chat/completions") { Content = new StringContent("{}", Encoding.UTF8, "application/json") })
    using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        var one = new byte[1];
        await body.ReadExactlyAsync(one);
        if (i >= 0)
        {
            bare.Add(watch.Elapsed.TotalMilliseconds);
        }

        await body.CopyToAsync(Stream.Null);
    }

    watch.Restart();
    var first = true;
    await foreach (var draft in provider.StreamAsync("hollow knight no-hit run", voice))
    {
        if (first && i >= 0)
        {
            engineFirst.Add(watch.Elapsed.TotalMilliseconds);
        }

        first = false;
        if (draft.Result is not null && draft.Result.Titles.Count == 0)
        {
            throw new InvalidOperationException("no titles");
        }
    }
}

await stop.CancelAsync();
listener.Stop();
Console.WriteLine($"Fake provider's own first byte (bare HttpClient), {streamRuns} runs: p50 {P(bare, 50):F2} ms, p95 {P(bare, 95):F2} ms");
Console.WriteLine($"First streamed draft through OpenAiCopyEngine, {streamRuns} runs: p50 {P(engineFirst, 50):F2} ms, p95 {P(engineFirst, 95):F2} ms");
Console.WriteLine($"Added by SDK + engine: p50 {P(engineFirst, 50) - P(bare, 50):F2} ms, p95 {P(engineFirst, 95) - P(bare, 95):F2} ms");
Console.WriteLine($"Load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
return;

static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

// One HTTP/1.1 exchange: read the request (headers and Content-Length body), answer with SSE chat-completion chunks, close.
static async Task ServeAsync(TcpClient client, List<string> chunks)
{
    using (client)
    {
        client.NoDelay = true;
        var stream = client.GetStream();
        var buffer = new byte[65536];
        var received = new StringBuilder();
        int headerEnd;
        while ((headerEnd = received.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        var headers = received.ToString()[..headerEnd];
        var length = headers.Split("\r\n").Select(h => h.Split(':', 2)).Where(h => h.Length == 2 && h[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.Parse(h[1].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
        var bodyBytes = Encoding.UTF8.GetByteCount(received.ToString()[(headerEnd + 4)..]);
        while (bodyBytes < length)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            bodyBytes += read;
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"));
        foreach (var (piece, i) in chunks.Select((c, i) => (c, i)))
        {
            var chunk = JsonSerializer.Serialize(new
            {
                id = "chatcmpl-bench", @object = "chat.completion.chunk", created = 1_764_000_000, model = "fake",
                choices = new[] { new { index = 0, delta = new { role = i == 0 ? "assistant" : null, content = piece }, finish_reason = (string?)null } },
            });
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"data: {chunk}\n\n"));
            await stream.FlushAsync();
        }

        var last = JsonSerializer.Serialize(new
        {
            id = "chatcmpl-bench", @object = "chat.completion.chunk", created = 1_764_000_000, model = "fake",
            choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } },
        });
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"data: {last}\n\ndata: [DONE]\n\n"));
    }
}
