using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Persistence;

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
            var options = new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                EnableLongPolling = true,
                QueuePollInterval = TimeSpan.FromSeconds(15),
                // A job whose worker died is picked up again after this; it stays invisible while its worker lives.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromMinutes(5),
            };
            var connectionString = sp.GetRequiredService<StudioDatabase>().ConnectionString;
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        });
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        var generation = builder.Configuration.GetSection(GenerationOptions.Section).Get<GenerationOptions>() ?? new GenerationOptions();
        if (runServer)
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = Math.Max(1, generation.WorkerCount);
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }

        return builder;
    }

    /// <summary>The recurring work, scheduled once per start (idempotent across processes).</summary>
    public static void ScheduleRecurringJobs(this IServiceProvider services)
    {
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<MonthlyUsageReset>("monthly-usage-reset", r => r.RunAsync(CancellationToken.None), "5 0 * * *");
        recurring.AddOrUpdate<AssetExpiry>("delete-expired-assets", e => e.RunAsync(CancellationToken.None), "15 * * * *");
        recurring.AddOrUpdate<QueuedJobSweeper>("requeue-stale-jobs", s => s.RunAsync(CancellationToken.None), "*/5 * * * *");
    }
}
