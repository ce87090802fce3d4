using Hangfire;

namespace StreamerStudio.Tests.Infrastructure;

/// <summary>
/// Hangfire's own account of the app's queue, for a test that waited in vain for a job: which servers and workers
/// were alive, what was queued, running and failed, and why the failures failed. Without it, a job that never
/// started says only that it never started.
/// </summary>
public static class HangfireReport
{
    public static string Describe(IServiceProvider services)
    {
        try
        {
            var monitoring = services.GetRequiredService<JobStorage>().GetMonitoringApi();
            var stats = monitoring.GetStatistics();
            var servers = monitoring.Servers()
                .Select(s => $"{s.Name} ({s.WorkersCount} workers, queues {string.Join('/', s.Queues)}, heartbeat {s.Heartbeat:O})");
            var processing = monitoring.ProcessingJobs(0, 20)
                .Select(j => $"{j.Value.Job?.Method.Name} since {j.Value.StartedAt:O} on {j.Value.ServerId}");
            var failed = monitoring.FailedJobs(0, 5)
                .Select(j => $"{j.Value.Job?.Method.Name} at {j.Value.FailedAt:O}: {j.Value.ExceptionType}: {j.Value.ExceptionMessage}");
            return $"Hangfire: {stats.Servers} servers [{string.Join("; ", servers)}]; enqueued {stats.Enqueued}, scheduled {stats.Scheduled}, " +
                   $"processing {stats.Processing} [{string.Join("; ", processing)}], failed {stats.Failed} [{string.Join("; ", failed)}], " +
                   $"succeeded {stats.Succeeded}; thread pool: {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} pending.";
        }
        catch (Exception e)
        {
            return $"Hangfire's monitoring could not be read: {e.Message}";
        }
    }
}
