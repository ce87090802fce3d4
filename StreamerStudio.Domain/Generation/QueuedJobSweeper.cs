using Hangfire;
using Microsoft.EntityFrameworkCore;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Domain.Generation;

/// <summary>
/// Recurring: queues again any output that has waited far too long without starting, e.g. because the process
/// stopped between committing a submission and handing it to Hangfire. Harmless otherwise: rendering is idempotent.
/// </summary>
public sealed class QueuedJobSweeper(IDbContextFactory<StudioDbContext> dbFactory, IBackgroundJobClient backgroundJobs, TimeProvider clock)
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var before = clock.GetUtcNow() - StaleAfter;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stale = await db.GenerationJobs
            .Where(j => j.Status == JobStatus.Queued && j.OutputKey != null && j.UpdatedAt < before)
            .Select(j => j.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in stale)
        {
            backgroundJobs.Enqueue<GenerationWorker>(w => w.RenderAsync(id, CancellationToken.None));
        }

        return stale.Count;
    }
}
