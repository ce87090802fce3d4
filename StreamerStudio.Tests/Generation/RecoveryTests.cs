using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using Microsoft.Extensions.Time.Testing;

namespace StreamerStudio.Tests.Generation;

/// <summary>What keeps jobs from getting stuck, and quota honest across a new month.</summary>
public sealed class RecoveryTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private static readonly GenerationRequest Thumbnail = new() { AssetTypes = [AssetType.Thumbnail], Headline = "Stuck?" };

    private async Task<(Guid UserId, Guid JobId)> SubmitAsync()
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        using var scope = app.Services.CreateScope();
        return (user.Id, await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(user.Id, Thumbnail));
    }

    /// <summary>The app's queue, looking at the jobs from <paramref name="later"/> on.</summary>
    private JobQueue QueueAt(TimeSpan later)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow + later);
        return ActivatorUtilities.CreateInstance<JobQueue>(app.Services, (TimeProvider)clock);
    }

    [Fact]
    public async Task The_sweep_hands_out_what_was_never_enqueued_once_and_leaves_what_was()
    {
        var (_, forgotten) = await SubmitAsync();
        var (_, handedOut) = await SubmitAsync();
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        // What a process that stopped between the commit and the enqueue leaves: a queued output never handed out.
        await db.GenerationJobs.Where(j => j.Id == forgotten).ExecuteUpdateAsync(s => s.SetProperty(j => j.ClaimedAt, (DateTimeOffset?)null));
        var before = EnqueuedRenders();

        await QueueAt(TimeSpan.FromMinutes(1)).SweepAsync();
        var afterFirst = EnqueuedRenders();
        await QueueAt(TimeSpan.FromMinutes(1)).SweepAsync();
        var afterSecond = EnqueuedRenders();

        Assert.Equal(1, afterFirst[forgotten] - before.GetValueOrDefault(forgotten));
        Assert.Equal(before[handedOut], afterFirst[handedOut]);
        Assert.Equal(afterFirst[forgotten], afterSecond[forgotten]);
    }

    [Fact]
    public async Task The_sweep_leaves_a_just_committed_output_to_its_own_process()
    {
        var (_, fresh) = await SubmitAsync();
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.GenerationJobs.Where(j => j.Id == fresh).ExecuteUpdateAsync(s => s.SetProperty(j => j.ClaimedAt, (DateTimeOffset?)null));
        var before = EnqueuedRenders();

        await QueueAt(TimeSpan.Zero).SweepAsync();

        Assert.Equal(before.GetValueOrDefault(fresh), EnqueuedRenders().GetValueOrDefault(fresh));
    }

    [Fact]
    public async Task The_sweep_hands_out_again_what_never_started_and_what_a_dead_worker_left()
    {
        var (_, stale) = await SubmitAsync();
        var (_, abandoned) = await SubmitAsync();
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.GenerationJobs.Where(j => j.Id == abandoned).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, JobStatus.Processing).SetProperty(j => j.ClaimedAt, DateTimeOffset.UtcNow));
        var before = EnqueuedRenders();

        // Within the worker timeout nothing is due; well past it, both are.
        await QueueAt(TimeSpan.FromSeconds(10)).SweepAsync();
        var soon = EnqueuedRenders();
        await QueueAt(JobQueue.StaleAfter + TimeSpan.FromMinutes(1)).SweepAsync();
        var later = EnqueuedRenders();

        Assert.Equal(before[stale], soon[stale]);
        Assert.Equal(before.GetValueOrDefault(abandoned), soon.GetValueOrDefault(abandoned));
        Assert.Equal(before[stale] + 1, later[stale]);
        Assert.Equal(before.GetValueOrDefault(abandoned) + 1, later[abandoned]);
    }

    /// <summary>How many render jobs Hangfire holds in its queue, per generation job id.</summary>
    private Dictionary<Guid, int> EnqueuedRenders()
    {
        var monitoring = app.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        return monitoring.EnqueuedJobs("default", 0, 10_000)
            .Select(j => j.Value.Job?.Args.OfType<Guid>().FirstOrDefault() ?? Guid.Empty)
            .GroupBy(id => id)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    [Fact]
    public async Task A_failure_reserved_last_month_gives_nothing_back_to_this_month()
    {
        var (userId, oldJob) = await SubmitAsync();
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var lastMonth = Plans.MonthStart(clock.GetUtcNow()).AddMonths(-1);
        await db.GenerationJobs.Where(j => j.Id == oldJob).ExecuteUpdateAsync(s => s.SetProperty(j => j.QueuedAt, lastMonth.AddDays(27)));
        await db.Subscriptions.Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.UsagePeriodStart, lastMonth));
        var services = app.Services.CreateScope().ServiceProvider;
        await ActivatorUtilities.CreateInstance<MonthlyUsageReset>(services, clock, ActivatorUtilities.CreateInstance<Plans>(services, clock)).RunAsync();
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(userId, Thumbnail with { Headline = "This month" });
        }

        var job = await db.GenerationJobs.SingleAsync(j => j.Id == oldJob);
        await app.Services.CreateScope().ServiceProvider.GetRequiredService<Plans>().ReleaseAsync(db, job, "generation failed");

        Assert.Equal(1, await db.Subscriptions.Where(s => s.UserId == userId).Select(s => s.AssetsUsed).SingleAsync());
        var release = await db.QuotaUsage.SingleAsync(q => q.UserId == userId && q.Operation == QuotaOperation.Release);
        Assert.Equal(0, release.Amount);
        Assert.Contains("earlier period", release.Reason);
    }
}
