using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Notifications;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Domain.Platforms.Sync;

namespace StreamerStudio.Web;

/// <summary>Hangfire on PostgreSQL: the generation queue and the recurring chores.</summary>
public static class BackgroundJobs
{
    /// <summary>
    /// Registers Hangfire's storage and, when <paramref name="runServer"/>, a job server in this process with one
    /// worker per core (rendering is CPU-bound). New jobs wake idle servers through LISTEN/NOTIFY (long polling).
    /// </summary>
    public static IHostApplicationBuilder AddBackgroundJobs(this IHostApplicationBuilder builder, bool runServer)
    {
        var services = builder.Services;
        // The storage is this host's own instance, registered before AddHangfire so Hangfire uses it rather than
        // its process-wide JobStorage.Current (two hosts in one process, as in the tests, must not share queues).
        services.AddSingleton<JobStorage>(sp =>
        {
            var generation = sp.GetRequiredService<IOptions<GenerationOptions>>().Value;
            var options = new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                EnableLongPolling = true,
                QueuePollInterval = generation.QueuePollInterval,
                // A fetched job stays invisible while its worker lives (the storage renews the fetch every fifth of
                // the timeout) and is fetched again this long after its worker stopped: GenerationWorker's recovery.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = generation.WorkerTimeout,
            };
            var connectionString = sp.GetRequiredService<StudioDatabase>().ConnectionString;
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        });
        // Likewise the job activator: Hangfire's default is the process-wide JobActivator.Current, which every host's
        // configuration overwrites with its own. With several hosts in one process (the tests) a server could then
        // build its jobs from another host's services and render against another database, leaving its own job
        // handed out and never claimed.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        // Hangfire's default filter stores the enqueuing thread's culture with every job and reads it back before
        // running it: a write per job and two reads on the way to every render (bench/LivePathBench --trace). The
        // app has no per-request culture, so every job would run under the process's culture either way.
        GlobalJobFilters.Filters.Remove(typeof(CaptureCultureAttribute));

        if (runServer)
        {
            services.AddHangfireServer((sp, o) =>
            {
                var workers = sp.GetRequiredService<IOptions<GenerationOptions>>().Value.WorkerCount;
                o.WorkerCount = workers;
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
                ReserveThreadPoolFor(workers);
            });
            services.AddHostedService<JobQueueSweep>();
        }

        return builder;
    }

    /// <summary>
    /// A render runs synchronously on a thread-pool thread (the job's code after its first await), so each busy worker
    /// holds one pool thread for the whole render. The pool starts with one thread per core; with every core's worker
    /// rendering, a circuit's next event would wait for the pool to inject a thread, which it does only gradually. So
    /// the pool's floor is raised by the worker count: renders and circuits then share the cores through the OS
    /// scheduler instead of circuits queueing behind renders. (Thread.Priority cannot help: it is ignored on Linux.)
    /// </summary>
    private static void ReserveThreadPoolFor(int workers)
    {
        ThreadPool.GetMinThreads(out var worker, out var io);
        ThreadPool.SetMinThreads(Math.Max(worker, Environment.ProcessorCount + workers), io);
    }

    /// <summary>The recurring work, scheduled once per start (idempotent across processes).</summary>
    public static void ScheduleRecurringJobs(this IServiceProvider services)
    {
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<MonthlyUsageReset>("monthly-usage-reset", r => r.RunAsync(CancellationToken.None), "5 0 * * *");
        recurring.AddOrUpdate<AssetExpiry>("delete-expired-assets", e => e.RunAsync(CancellationToken.None), "15 * * * *");
        // Every minute: each connection decides for itself whether it is due (Plans.SyncInterval, backoff, rate limits),
        // and SKIP LOCKED lets two servers' runs overlap without syncing one connection twice.
        recurring.AddOrUpdate<ChannelSync>("channel-sync", s => s.RunAsync(CancellationToken.None), "* * * * *");
        recurring.AddOrUpdate<NotificationReminders>("notification-reminders", r => r.RunAsync(CancellationToken.None), "0 9 * * *");
        recurring.AddOrUpdate<NotificationRetention>("notification-retention", r => r.RunAsync(CancellationToken.None), "35 3 * * *");
        // Every minute, with a grace period inside: SKIP LOCKED claims keep two servers from mailing anything twice.
        recurring.AddOrUpdate<NotificationEmails>("notification-emails", m => m.RunAsync(CancellationToken.None), "* * * * *");
        recurring.AddOrUpdate<NotificationEmails>("notification-digest", m => m.RunDigestAsync(CancellationToken.None), "0 8 * * *");
        // Replaced by JobQueueSweep, which every job server runs every few seconds.
        recurring.RemoveIfExists("requeue-stale-jobs");
    }
}
