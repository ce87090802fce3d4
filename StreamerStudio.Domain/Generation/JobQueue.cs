using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StreamerStudio.Domain.Generation;

/// <summary>
/// Hands outputs to Hangfire, and hands out again what Hangfire never got. The committed <c>generation_jobs</c>
/// rows are the outbox: a queued output whose claim is empty has not been handed out yet; handing out stamps the
/// claim ("a queued job's claim means: last handed out"). So a process that stops between committing a submission
/// and enqueuing it loses nothing: <see cref="SweepAsync"/>, run every few seconds by every job server, enqueues
/// it. Enqueuing twice is harmless: rendering is idempotent and a live claim turns the copy away.
/// </summary>
public sealed partial class JobQueue(
    IDbContextFactory<StudioDbContext> dbFactory,
    IBackgroundJobClient backgroundJobs,
    IOptions<GenerationOptions> options,
    TimeProvider clock,
    ILogger<JobQueue> logger)
{
    /// <summary>A handed-out output that has not started after this long was lost by Hangfire, or waits in a long backlog.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    /// <summary>Enqueues committed outputs and records that they were handed out.</summary>
    public async Task HandOutAsync(IReadOnlyCollection<Guid> jobIds, CancellationToken cancellationToken = default)
    {
        foreach (var id in jobIds)
        {
            backgroundJobs.Enqueue<GenerationWorker>(w => w.RenderAsync(id, CancellationToken.None));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await db.GenerationJobs
            .Where(j => jobIds.Contains(j.Id) && j.Status == JobStatus.Queued && j.ClaimedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.ClaimedAt, now), cancellationToken);
    }

    /// <summary>
    /// Hands out again: outputs committed but never handed out (their process stopped before enqueuing), outputs
    /// handed out long ago that never started, and outputs whose worker stopped long ago without Hangfire fetching
    /// them again. Each is logged with its reason. Returns how many.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        // Long enough for the submitting process to enqueue what it just committed.
        var settled = now - settings.QueuePollInterval;
        var stale = now - StaleAfter;
        // Hangfire fetches a dead worker's job again after the worker timeout; twice that means it will not.
        var orphaned = now - 2 * settings.WorkerTimeout;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.GenerationJobs
            .Where(j => j.OutputKey != null &&
                        ((j.Status == JobStatus.Queued && j.ClaimedAt == null && j.UpdatedAt < settled) ||
                         (j.Status == JobStatus.Queued && j.ClaimedAt < stale) ||
                         (j.Status == JobStatus.Processing && j.ClaimedAt < orphaned)))
            .Select(j => new { j.Id, j.Status, j.ClaimedAt })
            .ToListAsync(cancellationToken);
        foreach (var job in due)
        {
            // Stamped first and only if unchanged, so of several job servers sweeping at once one hands it out.
            var mine = await db.GenerationJobs
                .Where(j => j.Id == job.Id && j.Status == job.Status && j.ClaimedAt == job.ClaimedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.ClaimedAt, j => j.Status == JobStatus.Queued ? now : j.ClaimedAt), cancellationToken);
            if (mine == 0)
            {
                continue;
            }

            backgroundJobs.Enqueue<GenerationWorker>(w => w.RenderAsync(job.Id, CancellationToken.None));
            LogHandedOutAgain(job.Id, job.Status == JobStatus.Processing ? "its worker stopped and Hangfire did not hand it out again"
                : job.ClaimedAt is null ? "it was committed but never enqueued" : "it was handed out long ago and never started");
        }

        return due.Count;
    }

    [LoggerMessage(LogLevel.Warning, "Job {JobId} handed to the queue again: {Reason}")]
    private partial void LogHandedOutAgain(Guid jobId, string reason);
}

/// <summary>Runs <see cref="JobQueue.SweepAsync"/> every queue poll interval in each process with a job server.</summary>
public sealed partial class JobQueueSweep(IServiceScopeFactory scopes, IOptions<GenerationOptions> options, TimeProvider clock, ILogger<JobQueueSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.QueuePollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<JobQueue>().SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be away for a moment; the next tick tries again.
                LogSweepFailed(e);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Sweeping the job queue failed; trying again at the next tick")]
    private partial void LogSweepFailed(Exception exception);
}
