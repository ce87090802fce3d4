using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Copy;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace StreamerStudio.Tests.Copy;

/// <summary>
/// <c>Copy:Provider:Kind = Ollama</c> against a fake of Ollama's own <c>POST /api/chat</c> on 127.0.0.1: one JSON object
/// when not streaming, newline-delimited JSON chunks ending in <c>"done": true</c> when streaming.
/// </summary>
public sealed class OllamaCopyEngineTests : IDisposable
{
    private const string Model = "fake-llama";
    private const string Brief = "Ranked grind in Apex Legends: we finally hit Predator after a 1v3 clutch in the final circle.";
    private readonly WireMockServer _ollama = WireMockServer.Start();

    public void Dispose() => _ollama.Dispose();

    private ICopyEngine Engine() => OpenAiCopyEngine.Create(
        new CopyProviderOptions { Kind = CopyProviderKind.Ollama, BaseUrl = $"http://127.0.0.1:{_ollama.Port}", Model = Model, TimeoutSeconds = 30 },
        TimeProvider.System);

    private static readonly string Suggestions = JsonSerializer.Serialize(new
    {
        titles = new[] { "The 1v3 clutch that got us Predator", "Apex ranked: final circle chaos", "Predator at last", "Ranked grind, day 30", "We hit Predator" },
        description = new { hook = "We finally hit Predator after a 1v3 clutch.", body = "We finally hit Predator after a 1v3 clutch.\n\nChapters\n00:00 Intro" },
        tags = new[] { "apex legends", "ranked", "predator" },
        hashtags = new[] { "#ApexLegends" },
        twitchTitle = "Predator push, 1v3 clutches all night",
        goLiveNotification = "Live now: the Predator push",
    });

    private static JsonObject Chunk(string content, bool done)
    {
        var chunk = new JsonObject
        {
            ["model"] = Model, ["created_at"] = "2026-11-30T17:00:00.000000Z",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content }, ["done"] = done,
        };
        if (done)
        {
            chunk["done_reason"] = "stop";
            chunk["total_duration"] = 4_883_583_458L;
            chunk["prompt_eval_count"] = 321;
            chunk["eval_count"] = 123;
        }

        return chunk;
    }

    [Fact]
    public async Task A_non_streamed_answer_from_api_chat_becomes_suggestions()
    {
        _ollama.Given(Request.Create().WithPath("/api/chat").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Chunk(Suggestions, true).ToJsonString()));
        var engine = Engine();

        var s = await engine.SuggestAsync(Brief, BrandVoice.FromSamples(VoiceCorpora.Hype, Tone.Competitive));

        Assert.Equal("The 1v3 clutch that got us Predator", s.Titles[0].Text);
        Assert.Equal(5, s.Titles.Count);
        Assert.Contains("(Ollama)", s.Engine);
        var sent = JsonNode.Parse(_ollama.LogEntries.Single().RequestMessage.Body!)!;
        Assert.Equal(Model, sent["model"]!.GetValue<string>());
        Assert.False(sent["stream"]!.GetValue<bool>());
        Assert.Contains(Brief, sent["messages"]!.ToJsonString());
    }

    [Fact]
    public async Task A_streamed_ndjson_answer_arrives_as_drafts_then_the_finished_suggestions()
    {
        var pieces = Enumerable.Range(0, 6).Select(i => Suggestions.Substring(i * Suggestions.Length / 6, (i + 1) * Suggestions.Length / 6 - i * Suggestions.Length / 6));
        var ndjson = new StringBuilder();
        foreach (var piece in pieces)
        {
            ndjson.Append(Chunk(piece, false).ToJsonString()).Append('\n');
        }

        ndjson.Append(Chunk("", true).ToJsonString()).Append('\n');
        _ollama.Given(Request.Create().WithPath("/api/chat").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/x-ndjson").WithBody(ndjson.ToString()));

        var drafts = new List<CopyDraft>();
        await foreach (var draft in Engine().StreamAsync(Brief, BrandVoice.FromSamples(VoiceCorpora.Hype, Tone.Competitive)))
        {
            drafts.Add(draft);
        }

        Assert.True(drafts.Count >= 2, $"{drafts.Count} steps");
        Assert.All(drafts[..^1], d => Assert.Null(d.Result));
        Assert.Equal("The 1v3 clutch that got us Predator", drafts[^1].Result!.Titles[0].Text);
        Assert.True(JsonNode.Parse(_ollama.LogEntries.Single().RequestMessage.Body!)!["stream"]!.GetValue<bool>());
    }
}
