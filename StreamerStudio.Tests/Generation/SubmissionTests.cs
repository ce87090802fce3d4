using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Tests.Generation;

/// <summary>Submitting on a real database: what is accepted, what is refused, and that a refusal changes nothing.</summary>
public sealed class SubmissionTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private static readonly GenerationRequest Thumbnail = new()
    {
        JobType = JobType.Single,
        AssetTypes = [AssetType.Thumbnail],
        Headline = "Ranked grind tonight",
    };

    private async Task<(Guid UserId, GenerationService Service)> NewCreatorAsync()
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        return (user.Id, app.Services.CreateScope().ServiceProvider.GetRequiredService<GenerationService>());
    }

    private async Task<(int Jobs, int Used, int History)> FootprintAsync(Guid userId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return (
            await db.GenerationJobs.CountAsync(j => j.UserId == userId),
            await db.Subscriptions.Where(s => s.UserId == userId).Select(s => s.AssetsUsed).SingleAsync(),
            await db.QuotaUsage.CountAsync(q => q.UserId == userId));
    }

    [Fact]
    public async Task A_single_asset_creates_one_queued_job_and_reserves_one_asset()
    {
        var (userId, generation) = await NewCreatorAsync();

        var jobId = await generation.SubmitAsync(userId, Thumbnail);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var job = await db.GenerationJobs.SingleAsync(j => j.UserId == userId);
        Assert.Equal(jobId, job.Id);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(QuotaState.Reserved, job.QuotaState);
        Assert.StartsWith($"u/{userId:N}/", job.OutputKey);
        Assert.Equal(1, await db.Subscriptions.Where(s => s.UserId == userId).Select(s => s.AssetsUsed).SingleAsync());
        Assert.Equal(1, await db.Users.Where(u => u.Id == userId).Select(u => u.AssetsGeneratedThisMonth).SingleAsync());
        var history = await db.QuotaUsage.SingleAsync(q => q.UserId == userId);
        Assert.Equal(QuotaOperation.Reserve, history.Operation);
        Assert.Equal((1, 1, 5), (history.Amount, history.CurrentValue, history.MaxValue));
    }

    [Fact]
    public async Task A_stream_pack_is_a_parent_with_one_child_per_asset_type()
    {
        var (userId, generation) = await NewCreatorAsync();

        var parentId = await generation.SubmitAsync(userId, Thumbnail with
        {
            JobType = JobType.Batch,
            AssetTypes = [AssetType.Thumbnail, AssetType.Overlay, AssetType.StoryGraphic],
        });

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var parent = await db.GenerationJobs.SingleAsync(j => j.Id == parentId);
        var children = await db.GenerationJobs.Where(j => j.ParentJobId == parentId).ToListAsync();
        Assert.Null(parent.OutputKey);
        Assert.Equal(3, parent.TotalAssets);
        Assert.Equal([AssetType.Thumbnail, AssetType.Overlay, AssetType.StoryGraphic], children.Select(c => c.AssetType!.Value).Order());
        Assert.All(children, c => Assert.Equal(QuotaState.Reserved, c.QuotaState));
        Assert.Equal(3, children.Select(c => c.OutputKey).Distinct().Count());
    }

    [Fact]
    public async Task Variations_get_different_seeds()
    {
        var (userId, generation) = await NewCreatorAsync();

        var parentId = await generation.SubmitAsync(userId, Thumbnail with { JobType = JobType.Variation, Variations = 4 });

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var seeds = await db.GenerationJobs.Where(j => j.ParentJobId == parentId).Select(j => j.Seed).ToListAsync();
        Assert.Equal(4, seeds.Distinct().Count());
    }

    private static readonly Dictionary<string, (GenerationRequest Request, string Message)> BadRequests = new()
    {
        ["empty text"] = (Thumbnail with { Headline = "   " }, "Write a headline"),
        ["10,000 characters"] = (Thumbnail with { Headline = new string('x', 10_000) }, "keep it to 100 or fewer"),
        ["unknown asset type"] = (Thumbnail with { AssetTypes = [(AssetType)99] }, "Unknown asset type"),
        ["9 variations"] = (Thumbnail with { JobType = JobType.Variation, Variations = 9 }, "between 2 and 8 variations"),
        ["batch of one"] = (Thumbnail with { JobType = JobType.Batch }, "between 2 and 6 asset types"),
        ["overlay as JPEG"] = (Thumbnail with { AssetTypes = [AssetType.Overlay], Format = AssetFormat.Jpeg }, "must be PNG"),
        ["huge badge"] = (Thumbnail with { Badge = "THIS IS NOT A BADGE AT ALL" }, "keep it to 16 or fewer"),
    };

    [Theory]
    [InlineData("empty text")]
    [InlineData("10,000 characters")]
    [InlineData("unknown asset type")]
    [InlineData("9 variations")]
    [InlineData("batch of one")]
    [InlineData("overlay as JPEG")]
    [InlineData("huge badge")]
    public async Task Bad_input_is_refused_with_a_clear_message_and_changes_nothing(string input)
    {
        var (request, message) = BadRequests[input];
        var (userId, generation) = await NewCreatorAsync();

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() => generation.SubmitAsync(userId, request));

        Assert.Contains(message, error.Message);
        Assert.Equal((0, 0, 0), await FootprintAsync(userId));
    }

    [Fact]
    public async Task Another_creators_brand_kit_is_not_found_and_nothing_changes()
    {
        var (owner, _) = await NewCreatorAsync();
        var (userId, generation) = await NewCreatorAsync();
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            db.BrandKits.Add(new BrandKit { Id = Guid.NewGuid(), UserId = owner, Name = "Not yours" });
            await db.SaveChangesAsync();
        }

        var kitId = await TestPostgres.CreateContext(app.ConnectionString).BrandKits.Where(k => k.UserId == owner).Select(k => k.Id).SingleAsync();
        var error = await Assert.ThrowsAsync<RequestRefusedException>(() => generation.SubmitAsync(userId, Thumbnail with { BrandKitId = kitId }));

        Assert.StartsWith("Brand kit not found.", error.Message);
        Assert.Equal((0, 0, 0), await FootprintAsync(userId));
    }

    [Fact]
    public async Task Over_quota_is_refused_naming_tier_limit_and_reset_date()
    {
        var (userId, generation) = await NewCreatorAsync();
        await generation.SubmitAsync(userId, Thumbnail with { JobType = JobType.Variation, Variations = 4 });
        var before = await FootprintAsync(userId);

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            generation.SubmitAsync(userId, Thumbnail with { JobType = JobType.Variation, Variations = 2 }));

        Assert.Contains("Free plan includes 5 assets a month and you have 1 left; this request needs 2", error.Message);
        // Which date it names is decided by the app's clock; PlanClockTests pins it with a fake one across a month's end.
        Assert.Matches(@"resets on \d{1,2} [A-Z][a-z]+ \d{4}", error.Message);
        Assert.Equal(before, await FootprintAsync(userId));
    }

    [Fact]
    public async Task Twenty_parallel_submissions_take_exactly_the_five_allowed()
    {
        var (userId, _) = await NewCreatorAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var scope = app.Services.CreateScope();
            var generation = scope.ServiceProvider.GetRequiredService<GenerationService>();
            try
            {
                await generation.SubmitAsync(userId, Thumbnail with { Headline = $"Stream {i}" });
                return true;
            }
            catch (RequestRefusedException e)
            {
                Assert.Contains("Free plan", e.Message);
                return false;
            }
        }));

        Assert.Equal(5, attempts.Count(accepted => accepted));
        var (jobs, used, history) = await FootprintAsync(userId);
        Assert.Equal((5, 5, 5), (jobs, used, history));
    }
}
