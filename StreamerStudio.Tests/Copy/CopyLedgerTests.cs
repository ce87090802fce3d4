using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Copy;
using StreamerStudio.Domain.Notifications;
using StreamerStudio.Domain.Persistence;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace StreamerStudio.Tests.Copy;

/// <summary>
/// The AI usage ledger and the monthly AI allowance on a real database, with the provider a fake OpenAI server on
/// 127.0.0.1: a row per call whatever the outcome, tokens and cost from the catalogue, the reserved generation given
/// back for anything that did not finish, and parallel requests at the limit never overspending.
/// </summary>
public sealed class CopyLedgerTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>, IDisposable
{
    private const string Brief = "Ranked grind in Apex Legends: we finally hit Predator after a 1v3 clutch in the final circle.";
    private static readonly DateTimeOffset LastSecondOfJanuary = new(2027, 1, 31, 23, 59, 59, TimeSpan.Zero);
    private readonly FakeOpenAi _fake = new();

    public void Dispose() => _fake.Dispose();

    private static readonly string Suggestions = JsonSerializer.Serialize(new
    {
        titles = new[] { "PREDATOR at last!! 🔥", "The 1v3 clutch that got us Predator", "Apex ranked: final circle chaos", "We hit PREDATOR!!", "Ranked grind, day 30" },
        description = new { hook = "We finally hit Predator!!", body = "We finally hit Predator!!\n\nChapters\n00:00 Intro\n\nLinks\n▶ Twitch: (your link)" },
        tags = new[] { "apex legends", "ranked", "predator" },
        hashtags = new[] { "#ApexLegends" },
        twitchTitle = "PREDATOR PUSH!! 🔥",
        goLiveNotification = "Live now: the Predator push!!",
    });

    private async Task<(Guid User, Guid Kit)> NewKitAsync()
    {
        var userId = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;
        using var scope = app.Services.CreateScope();
        var kitId = await scope.ServiceProvider.GetRequiredService<BrandKitService>().CreateAsync(userId, new BrandKitDraft { Name = "Apex", Tone = Tone.Competitive });
        return (userId, kitId);
    }

    /// <summary>A writer over the fake provider (or the built-in engine when <paramref name="baseUrl"/> is null), on <paramref name="clock"/>.</summary>
    private CopyWriter Writer(TimeProvider? clock = null, string? baseUrl = null, string model = FakeOpenAi.Model)
    {
        clock ??= TimeProvider.System;
        var scope = app.Services.CreateScope().ServiceProvider;
        var options = baseUrl is null ? new CopyProviderOptions() : new CopyProviderOptions { BaseUrl = baseUrl, Model = model, TimeoutSeconds = 30 };
        ICopyEngine engine = baseUrl is null ? new BuiltInCopyEngine() : OpenAiCopyEngine.Create(options, clock);
        return new CopyWriter(scope.GetRequiredService<IDbContextFactory<StudioDbContext>>(), scope.GetRequiredService<VoiceStudio>(), engine,
            new Plans(scope.GetRequiredService<AuditTrail>(), scope.GetRequiredService<NotificationService>(), clock), Options.Create(options), clock, NullLogger<CopyWriter>.Instance);
    }

    private async Task<List<AiUsage>> LedgerAsync(Guid userId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.AiUsage.AsNoTracking().Where(u => u.UserId == userId).OrderBy(u => u.CreatedAt).ToListAsync();
    }

    private async Task<int> GenerationsAsync(Guid userId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.GeneratedCopy.CountAsync(g => g.UserId == userId);
    }

    /// <summary>A streamed answer in pieces, then the usage chunk OpenAI sends last when asked for it, then [DONE].</summary>
    private void StreamsWithUsage(string content, int pieces, int promptTokens, int completionTokens)
    {
        var size = (int)Math.Ceiling(content.Length / (double)pieces);
        var sse = new StringBuilder();
        for (var i = 0; i < content.Length; i += size)
        {
            sse.Append("data: ").Append(FakeOpenAi.Chunk(content.Substring(i, Math.Min(size, content.Length - i)))).Append("\n\n");
        }

        sse.Append("data: ").Append(FakeOpenAi.Chunk(null, "stop")).Append("\n\n");
        sse.Append("data: ").Append(JsonSerializer.Serialize(new
        {
            id = "chatcmpl-fake1", @object = "chat.completion.chunk", created = 1_764_000_000, model = FakeOpenAi.Model, choices = Array.Empty<object>(),
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        })).Append("\n\n");
        sse.Append("data: [DONE]\n\n");
        _fake.Server.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/event-stream").WithBody(sse.ToString()));
    }

    private async Task PriceFakeModelAsync(decimal input, decimal output)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        if (!await db.AiModels.AnyAsync(m => m.ModelName == FakeOpenAi.Model))
        {
            db.AiModels.Add(new AiModel { ModelName = FakeOpenAi.Model, DisplayName = "Fake", Provider = "openai", InputCostPerMillion = input, OutputCostPerMillion = output });
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task A_finished_call_is_kept_with_its_streamed_drafts_tokens_and_cost_from_the_catalogue()
    {
        var (user, kit) = await NewKitAsync();
        await PriceFakeModelAsync(1.00m, 2.00m);
        StreamsWithUsage(Suggestions, 6, 321, 123);

        var steps = new List<CopyStep>();
        await foreach (var step in Writer(baseUrl: _fake.BaseUrl).WriteAsync(user, kit, Brief))
        {
            steps.Add(step);
        }

        Assert.True(steps.Count >= 3, "the drafts came in as they were written");
        Assert.All(steps[..^1], s => Assert.Null(s.Result));
        var result = steps[^1].Result!;
        Assert.Equal("PREDATOR at last!! 🔥", result.Suggestions.Titles[0].Text);

        var row = Assert.Single(await LedgerAsync(user));
        Assert.Equal(AiOutcome.Done, row.Outcome);
        Assert.Equal((321, 123, 444), (row.PromptTokens, row.CompletionTokens, row.TotalTokens));
        Assert.Equal(0.000567m, row.CostUsd);
        Assert.Equal(FakeOpenAi.Model, row.ModelName);
        Assert.Contains("127.0.0.1", row.Engine);
        Assert.NotNull(row.ModelId);
        Assert.Null(row.Error);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var kept = await db.GeneratedCopy.SingleAsync(g => g.UserId == user);
        Assert.Equal(result.GenerationId, kept.Id);
        Assert.Equal(row.Id, kept.AiUsageId);
        Assert.Equal(Brief, kept.Brief);
        Assert.Equal(result.Suggestions.Titles.Select(t => t.Text), kept.Suggestions.Titles.Select(t => t.Text));
        Assert.Equal(1, (await Writer().AllowanceAsync(user)).Used);
    }

    [Fact]
    public async Task A_model_not_in_the_catalogue_is_recorded_without_a_cost_and_the_built_in_engine_at_zero()
    {
        var (user, kit) = await NewKitAsync();
        StreamsWithUsage(Suggestions, 2, 10, 20);

        await Writer(baseUrl: _fake.BaseUrl, model: "not-in-the-catalogue").SuggestAsync(user, kit, Brief);
        await Writer().SuggestAsync(user, kit, Brief);

        var rows = await LedgerAsync(user);
        Assert.Equal(2, rows.Count);
        Assert.Equal(("not-in-the-catalogue", (decimal?)null, 30), (rows[0].ModelName, rows[0].CostUsd, rows[0].TotalTokens));
        Assert.Null(rows[0].ModelId);
        Assert.Equal((CopyWriter.BuiltInModel, (decimal?)0m, 0), (rows[1].ModelName, rows[1].CostUsd, rows[1].TotalTokens));
        Assert.Equal(BuiltInCopyEngine.EngineName, rows[1].Engine);
        Assert.All(rows, r => Assert.Equal(AiOutcome.Done, r.Outcome));
    }

    [Theory]
    [InlineData(429, "busy")]
    [InlineData(500, "HTTP 500")]
    public async Task A_provider_error_is_recorded_as_refused_and_gives_the_generation_back(int status, string said)
    {
        var (user, kit) = await NewKitAsync();
        _fake.Fails(status, status == 429 ? "rate_limit_exceeded" : "server_error");

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => Writer(baseUrl: _fake.BaseUrl).SuggestAsync(user, kit, Brief));

        Assert.Contains(said, refused.Message);
        var row = Assert.Single(await LedgerAsync(user));
        Assert.Equal(AiOutcome.Refused, row.Outcome);
        Assert.Equal(refused.Message, row.Error);
        Assert.NotNull(row.FinishedAt);
        Assert.Equal(0, (await Writer().AllowanceAsync(user)).Used);
        Assert.Equal(0, await GenerationsAsync(user));
    }

    [Fact]
    public async Task A_malformed_answer_is_recorded_as_refused_and_nothing_is_kept()
    {
        var (user, kit) = await NewKitAsync();
        StreamsWithUsage("this is not the JSON you asked for", 3, 50, 9);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => Writer(baseUrl: _fake.BaseUrl).SuggestAsync(user, kit, Brief));

        Assert.Contains("something other than the suggestions", refused.Message);
        var row = Assert.Single(await LedgerAsync(user));
        Assert.Equal((AiOutcome.Refused, 50, 9), (row.Outcome, row.PromptTokens, row.CompletionTokens));
        Assert.Equal(0, (await Writer().AllowanceAsync(user)).Used);
        Assert.Equal(0, await GenerationsAsync(user));
    }

    [Fact]
    public async Task A_stream_that_never_ends_is_refused_at_the_timeout_and_gives_the_generation_back()
    {
        var (user, kit) = await NewKitAsync();
        await using var stalling = new StallingOpenAi("{\"titles\": [\"PREDATOR");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var steps = Writer(clock, stalling.BaseUrl).WriteAsync(user, kit, Brief).GetAsyncEnumerator();

        Assert.True(await steps.MoveNextAsync());
        Assert.Contains("PREDATOR", steps.Current.Written);
        Assert.Equal(AiOutcome.Running, Assert.Single(await LedgerAsync(user)).Outcome);
        Assert.Equal(1, (await Writer(clock).AllowanceAsync(user)).Used);
        clock.Advance(TimeSpan.FromSeconds(31));

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(async () => await steps.MoveNextAsync());

        Assert.Contains("did not finish within 30 seconds", refused.Message);
        var row = Assert.Single(await LedgerAsync(user));
        Assert.Equal(AiOutcome.Refused, row.Outcome);
        Assert.Equal(31_000, row.DurationMs);
        Assert.Equal(0, (await Writer(clock).AllowanceAsync(user)).Used);
    }

    [Fact]
    public async Task Cancelling_mid_stream_is_recorded_as_cancelled_and_gives_the_generation_back()
    {
        var (user, kit) = await NewKitAsync();
        await using var stalling = new StallingOpenAi("{\"titles\": [\"PREDATOR");
        using var cancel = new CancellationTokenSource();
        await using var steps = Writer(baseUrl: stalling.BaseUrl).WriteAsync(user, kit, Brief, cancel.Token).GetAsyncEnumerator();

        Assert.True(await steps.MoveNextAsync());
        Assert.Equal(1, (await Writer().AllowanceAsync(user)).Used);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await steps.MoveNextAsync());

        var row = Assert.Single(await LedgerAsync(user));
        Assert.Equal(AiOutcome.Cancelled, row.Outcome);
        Assert.Equal(0, (await Writer().AllowanceAsync(user)).Used);
        Assert.Equal(0, await GenerationsAsync(user));
    }

    [Fact]
    public async Task Leaving_the_stream_early_counts_as_cancelled()
    {
        var (user, kit) = await NewKitAsync();
        await using var stalling = new StallingOpenAi("{\"titles\": [\"PREDATOR");

        await foreach (var _ in Writer(baseUrl: stalling.BaseUrl).WriteAsync(user, kit, Brief))
        {
            break;
        }

        Assert.Equal(AiOutcome.Cancelled, Assert.Single(await LedgerAsync(user)).Outcome);
        Assert.Equal(0, (await Writer().AllowanceAsync(user)).Used);
    }

    [Fact]
    public async Task Twenty_parallel_requests_for_the_last_three_generations_give_exactly_three()
    {
        var (user, kit) = await NewKitAsync();
        await UseAsync(user, 17, DateTimeOffset.UtcNow);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            try
            {
                await Writer().SuggestAsync(user, kit, "a rainy evening in stardew valley, planting pumpkins with chat");
                return (string?)null;
            }
            catch (RequestRefusedException e)
            {
                return e.Message;
            }
        })));

        Assert.Equal(3, attempts.Count(a => a is null));
        Assert.All(attempts.Where(a => a is not null), a => Assert.StartsWith("Your Free plan includes 20 AI generations a month and you have 0 left.", a));
        var allowance = await Writer().AllowanceAsync(user);
        Assert.Equal((20, 0), (allowance.Used, allowance.Remaining));
        Assert.Equal(17 + 1 + 3, (await LedgerAsync(user)).Count);
        Assert.Equal(3, await GenerationsAsync(user));
    }

    [Fact]
    public async Task The_refusal_says_how_many_are_left_and_when_the_month_resets_and_the_new_month_gives_them_back()
    {
        var (user, kit) = await NewKitAsync();
        var clock = new FakeTimeProvider(LastSecondOfJanuary);
        await UseAsync(user, 20, LastSecondOfJanuary.AddDays(-3));

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => Writer(clock).SuggestAsync(user, kit, Brief));

        Assert.Equal("Your Free plan includes 20 AI generations a month and you have 0 left. Your allowance resets on 1 February 2027; upgrade on the Billing page for more.",
            refused.Message);
        Assert.Equal("/billing", refused.WayOut?.Href);
        Assert.Equal(20 + 1, (await LedgerAsync(user)).Count);

        clock.Advance(TimeSpan.FromSeconds(1));
        var allowance = await Writer(clock).AllowanceAsync(user);
        Assert.Equal((0, 20), (allowance.Used, allowance.Remaining));
        Assert.Equal("0 of 20 AI generations used this month (20 left, resets on 1 March 2027).", allowance.Describe());
        await Writer(clock).SuggestAsync(user, kit, Brief);
        Assert.Equal(1, (await Writer(clock).AllowanceAsync(user)).Used);
    }

    [Fact]
    public async Task Another_users_kit_and_bad_briefs_are_refused_before_anything_is_reserved()
    {
        var (user, kit) = await NewKitAsync();
        var (_, otherKit) = await NewKitAsync();

        var notFound = await Assert.ThrowsAsync<RequestRefusedException>(() => Writer().SuggestAsync(user, otherKit, Brief));
        Assert.Equal(BrandKitService.NotFound, notFound.Message);
        var empty = await Assert.ThrowsAsync<RequestRefusedException>(() => Writer().SuggestAsync(user, kit, "   "));
        Assert.StartsWith("Describe the video or stream first", empty.Message);
        var tooLong = await Assert.ThrowsAsync<RequestRefusedException>(() => Writer().SuggestAsync(user, kit, new string('x', PlatformLimits.MaxBrief + 1)));
        Assert.StartsWith("Keep the brief to 20,000 characters", tooLong.Message);

        Assert.Empty(await LedgerAsync(user));
    }

    /// <summary>Finished calls already in the ledger, as if made earlier this period.</summary>
    private async Task UseAsync(Guid userId, int calls, DateTimeOffset at)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        for (var i = 0; i < calls; i++)
        {
            db.AiUsage.Add(new AiUsage { UserId = userId, Engine = BuiltInCopyEngine.EngineName, ModelName = CopyWriter.BuiltInModel, Outcome = AiOutcome.Done, CreatedAt = at });
        }

        // A refused call in the same period does not count.
        db.AiUsage.Add(new AiUsage { UserId = userId, Engine = "x", ModelName = "x", Outcome = AiOutcome.Refused, CreatedAt = at });
        await db.SaveChangesAsync();
    }
}
