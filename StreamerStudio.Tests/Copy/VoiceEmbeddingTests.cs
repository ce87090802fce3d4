using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Copy;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Tests.Copy;

/// <summary>
/// Embeddings in the voice fingerprint and score on a real database, through the real OpenAI SDK and
/// Microsoft.Extensions.AI against a fake <c>/v1/embeddings</c> on 127.0.0.1: the mean kept in the stored fingerprint,
/// a same-voice line closer to it than another voice's, nothing new without a model, and a failing model costing
/// the fingerprint nothing but its embedding.
/// </summary>
public sealed class VoiceEmbeddingTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>, IDisposable
{
    private readonly FakeOpenAi _fake = new();

    public void Dispose() => _fake.Dispose();

    private VoiceEmbeddings Embeddings()
    {
        var options = new EmbeddingOptions { BaseUrl = _fake.BaseUrl, Model = FakeOpenAi.EmbeddingModel, ApiKey = "test-key" };
        return new VoiceEmbeddings(VoiceEmbeddings.CreateGenerator(options), options, TimeProvider.System, NullLogger<VoiceEmbeddings>.Instance);
    }

    private VoiceStudio Studio(VoiceEmbeddings embeddings) =>
        new(app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>(), TimeProvider.System, embeddings);

    private async Task<(Guid User, Guid Kit)> NewKitAsync()
    {
        var userId = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;
        var kits = app.Services.CreateScope().ServiceProvider.GetRequiredService<BrandKitService>();
        return (userId, await kits.CreateAsync(userId, new BrandKitDraft { Name = "Moss", Tone = Tone.Casual }));
    }

    private async Task<VoiceMetrics> StoredMetricsAsync(Guid kitId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return (await db.VoiceFingerprints.SingleAsync(f => f.BrandKitId == kitId)).Metrics;
    }

    [Fact]
    public async Task The_fingerprint_keeps_the_samples_mean_embedding_and_a_same_voice_line_scores_closer_than_another_voices()
    {
        _fake.Embeds();
        var embeddings = Embeddings();
        var (user, kit) = await NewKitAsync();

        await Studio(embeddings).AddSamplesAsync(user, kit, string.Join("\n", VoiceCorpora.Cozy[..20]));

        var stored = await StoredMetricsAsync(kit);
        Assert.Equal(EmbeddingState.Included, stored.EmbeddingState);
        Assert.Null(stored.EmbeddingNote);
        Assert.Equal(FakeOpenAi.EmbeddingModel, stored.Embedding!.Model);
        Assert.Equal(FakeOpenAi.EmbeddingDimensions, stored.Embedding.Mean.Length);
        Assert.Equal(20, _fake.EmbeddedTexts);

        var voice = await Studio(embeddings).GetVoiceAsync(user, kit);
        foreach (var (own, other) in VoiceCorpora.Cozy[20..].Zip(VoiceCorpora.Hype[20..]))
        {
            var ownScore = await embeddings.ScoreAsync(own, voice);
            var otherScore = await embeddings.ScoreAsync(other, voice);
            Assert.NotNull(ownScore.Embedding);
            Assert.NotNull(otherScore.Embedding);
            Assert.True(ownScore.Embedding > otherScore.Embedding,
                $"\"{own}\" got embedding similarity {ownScore.Embedding}, \"{other}\" got {otherScore.Embedding}.");
            // The other sub-scores are the plain score's: the embedding only adds to them.
            var plain = VoiceScorer.Score(own, voice);
            Assert.Equal((plain.Tone, plain.Vocabulary, plain.Style), (ownScore.Tone, ownScore.Vocabulary, ownScore.Style));
        }
    }

    [Fact]
    public async Task Without_an_embedding_model_the_fingerprint_and_score_are_as_before()
    {
        var (user, kit) = await NewKitAsync();
        using var scope = app.Services.CreateScope();
        var studio = scope.ServiceProvider.GetRequiredService<VoiceStudio>();
        var embeddings = scope.ServiceProvider.GetRequiredService<VoiceEmbeddings>();
        Assert.False(embeddings.IsConfigured);

        await studio.AddSamplesAsync(user, kit, string.Join("\n", VoiceCorpora.Cozy[..20]));

        var stored = await StoredMetricsAsync(kit);
        Assert.Equal(EmbeddingState.NotConfigured, stored.EmbeddingState);
        Assert.Null(stored.Embedding);
        Assert.Null(stored.EmbeddingNote);
        var voice = await studio.GetVoiceAsync(user, kit);
        var score = await embeddings.ScoreAsync(VoiceCorpora.Cozy[20], voice);
        Assert.Null(score.Embedding);
        AssertSameScore(VoiceScorer.Score(VoiceCorpora.Cozy[20], voice), score);
        Assert.Empty(_fake.Server.LogEntries);
    }

    [Fact]
    public async Task A_failing_embedding_model_leaves_the_fingerprint_saved_without_it_and_says_so()
    {
        _fake.EmbeddingsFail(500, "server_error");
        var embeddings = Embeddings();
        var (user, kit) = await NewKitAsync();

        var added = await Studio(embeddings).AddSamplesAsync(user, kit, string.Join("\n", VoiceCorpora.Cozy[..20]));

        Assert.Equal(20, added.Added);
        Assert.Equal(20, added.Voice.Metrics.SampleCount);
        var stored = await StoredMetricsAsync(kit);
        Assert.Equal(20, stored.SampleCount);
        Assert.NotEmpty(stored.TopWords);
        Assert.Equal(EmbeddingState.Unavailable, stored.EmbeddingState);
        Assert.Null(stored.Embedding);
        Assert.StartsWith("Embeddings unavailable", stored.EmbeddingNote);
        Assert.Contains("HTTP 500", stored.EmbeddingNote);
        Assert.Contains("127.0.0.1", stored.EmbeddingNote);

        // Nothing to compare with, so the score is the plain one; the model is not asked.
        var requests = _fake.Server.LogEntries.Count();
        var voice = await Studio(embeddings).GetVoiceAsync(user, kit);
        var score = await embeddings.ScoreAsync(VoiceCorpora.Cozy[20], voice);
        Assert.Null(score.Embedding);
        Assert.Equal(requests, _fake.Server.LogEntries.Count());

        // Once the model answers again, regenerating brings the embedding in.
        _fake.Server.Reset();
        _fake.Embeds();
        var regenerated = await Studio(embeddings).RegenerateAsync(user, kit);
        Assert.Equal(EmbeddingState.Included, regenerated.Metrics.EmbeddingState);
        Assert.NotNull((await embeddings.ScoreAsync(VoiceCorpora.Cozy[20], regenerated)).Embedding);
    }

    [Fact]
    public void A_key_in_an_appsettings_file_stops_start_up_and_one_from_the_environment_gives_a_configured_model()
    {
        var folder = Directory.CreateTempSubdirectory("copy-embeddings-");
        try
        {
            var appsettings = Path.Combine(folder.FullName, "appsettings.json");
            File.WriteAllText(appsettings, """{"Copy":{"Embeddings":{"ApiKey":"sk-committed"}}}""");
            var settings = new Dictionary<string, string?> { ["Copy:Embeddings:BaseUrl"] = _fake.BaseUrl, ["Copy:Embeddings:Model"] = FakeOpenAi.EmbeddingModel };

            var e = Assert.Throws<InvalidOperationException>(() => Registered(settings, appsettings));
            Assert.Contains("Copy__Embeddings__ApiKey", e.Message);
            Assert.True(Registered(new(settings) { ["Copy:Embeddings:ApiKey"] = "sk-from-environment" }).IsConfigured);
            Assert.False(Registered([]).IsConfigured);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static VoiceEmbeddings Registered(Dictionary<string, string?> settings, string? jsonFile = null) =>
        CopyRegistration.Resolve<VoiceEmbeddings>(settings, jsonFile);

    private static void AssertSameScore(VoiceScore expected, VoiceScore actual) =>
        Assert.Equal((expected.Overall, expected.Tone, expected.Vocabulary, expected.Style, string.Join("|", expected.Deviations), expected.Embedding),
            (actual.Overall, actual.Tone, actual.Vocabulary, actual.Style, string.Join("|", actual.Deviations), actual.Embedding));
}
