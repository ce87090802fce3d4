using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Tests.Infrastructure;

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

    [Fact]
    public async Task The_sweeper_hands_out_forgotten_and_abandoned_jobs_once_and_leaves_fresh_ones()
    {
        var (_, forgotten) = await SubmitAsync();
        var (_, abandoned) = await SubmitAsync();
        var (_, fresh) = await SubmitAsync();
        var longAgo = DateTimeOffset.UtcNow.AddMinutes(-30);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.GenerationJobs.Where(j => j.Id == forgotten).ExecuteUpdateAsync(s => s.SetProperty(j => j.QueuedAt, longAgo));
        await db.GenerationJobs.Where(j => j.Id == abandoned).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, JobStatus.Processing).SetProperty(j => j.ClaimedAt, longAgo));
        var sweeper = app.Services.GetRequiredService<QueuedJobSweeper>();
        var before = EnqueuedRenders();

        await sweeper.RunAsync();
        var afterFirst = EnqueuedRenders();
        await sweeper.RunAsync();
        var afterSecond = EnqueuedRenders();

        Assert.Equal(1, afterFirst[forgotten] - before.GetValueOrDefault(forgotten));
        Assert.Equal(1, afterFirst[abandoned] - before.GetValueOrDefault(abandoned));
        Assert.Equal(before.GetValueOrDefault(fresh), afterFirst.GetValueOrDefault(fresh));
        // The forgotten job was stamped when handed out, so the next run leaves it; the abandoned one stays
        // abandoned until a worker claims it, so it is handed out again.
        Assert.Equal(afterFirst[forgotten], afterSecond[forgotten]);
        Assert.Equal(afterFirst[abandoned] + 1, afterSecond[abandoned]);
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
        var lastMonth = Plans.MonthStart(DateTimeOffset.UtcNow).AddMonths(-1);
        await db.GenerationJobs.Where(j => j.Id == oldJob).ExecuteUpdateAsync(s => s.SetProperty(j => j.QueuedAt, lastMonth.AddDays(27)));
        await db.Subscriptions.Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.UsagePeriodStart, lastMonth));
        await app.Services.CreateScope().ServiceProvider.GetRequiredService<MonthlyUsageReset>().RunAsync();
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
