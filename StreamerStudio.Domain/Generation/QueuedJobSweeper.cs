using Hangfire;
using Microsoft.EntityFrameworkCore;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Domain.Generation;

/// <summary>
/// Recurring: hands to Hangfire again any output that has waited far too long without starting (the process
/// stopped between committing a submission and enqueuing it) or whose claim ran out (its worker died and
/// Hangfire lost the job too). Harmless otherwise: rendering is idempotent and a live claim turns duplicates away.
/// </summary>
public sealed class QueuedJobSweeper(IDbContextFactory<StudioDbContext> dbFactory, IBackgroundJobClient backgroundJobs, TimeProvider clock)
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var before = now - StaleAfter;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stale = await db.GenerationJobs
            .Where(j => j.OutputKey != null &&
                        ((j.Status == JobStatus.Queued && j.QueuedAt < before && (j.ClaimedAt == null || j.ClaimedAt < before)) ||
                         (j.Status == JobStatus.Processing && j.ClaimedAt < before)))
            .Select(j => j.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in stale)
        {
            backgroundJobs.Enqueue<GenerationWorker>(w => w.RenderAsync(id, CancellationToken.None));
        }

        // Stamped so a long backlog is not enqueued again every run (a queued job's claim means "last handed out").
        await db.GenerationJobs
            .Where(j => stale.Contains(j.Id) && j.Status == JobStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.ClaimedAt, now), cancellationToken);
        return stale.Count;
    }
}
