using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace StreamerStudio.Domain.Generation;

/// <summary>
/// A job of this user changed; the page reloads it. <see cref="Guid.Empty"/> as the job means "reload
/// everything": events may have been missed while the listener reconnected.
/// </summary>
public sealed record JobChanged(Guid UserId, Guid JobId)
{
    public bool ReloadAll => JobId == Guid.Empty;
}

/// <summary>
/// Live job status across processes: whoever changes a job publishes with PostgreSQL NOTIFY in the same
/// transaction (so listeners hear only committed changes); every web process LISTENs once and hands each
/// event to the circuits of that user that subscribed. It is also the process's health check: a web process
/// whose LISTEN is not in place would miss changes, so it is not ready until it is.
/// </summary>
public sealed partial class JobEvents(StudioDatabase database, ILogger<JobEvents> logger) : BackgroundService, IHealthCheck
{
    public const string Channel = "job_events";

    /// <summary>The LISTEN connection's application_name, to find it in pg_stat_activity.</summary>
    public const string ApplicationName = "StreamerStudio job events";

    private readonly ConcurrentDictionary<Guid, ImmutableSubscribers> _subscribers = new();

    // Completed while LISTEN is in place; replaced by a fresh one when the connection is lost.
    private TaskCompletionSource _listening = NewListening();

    /// <summary>Whether the LISTEN connection is in place now, so committed changes reach subscribers.</summary>
    public bool IsListening => Volatile.Read(ref _listening).Task.IsCompleted;

    /// <summary>Completes once LISTEN is in place: at once while listening, else when the (re)connection succeeds.</summary>
    public Task WhenListeningAsync(CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _listening).Task.WaitAsync(cancellationToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsListening
            ? HealthCheckResult.Healthy("Listening for job events.")
            : HealthCheckResult.Unhealthy("Not listening for job events: open pages would miss job changes."));

    /// <summary>Queues a NOTIFY in the context's current transaction; it is delivered on commit.</summary>
    public static Task PublishAsync(StudioDbContext db, Guid userId, Guid jobId, CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {$"{userId:N}:{jobId:N}"})", cancellationToken);

    /// <summary>Calls <paramref name="onChanged"/> for every change to one of the user's jobs until disposed.</summary>
    public IDisposable Subscribe(Guid userId, Func<JobChanged, Task> onChanged)
    {
        _subscribers.AddOrUpdate(userId, _ => new([onChanged]), (_, list) => list.With(onChanged));
        return new Subscription(() =>
        {
            var left = _subscribers.AddOrUpdate(userId, _ => new([]), (_, list) => list.Without(onChanged));
            if (left.Items.Count == 0)
            {
                // Only removed while still empty, so a subscription racing in is not lost.
                _subscribers.TryRemove(KeyValuePair.Create(userId, left));
            }
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Keepalives notice a connection that died silently (failover, a NAT or balancer idle timeout).
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            KeepAlive = 15,
            ApplicationName = ApplicationName,
        }.ConnectionString;
        var reconnecting = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Volatile.Read(ref _listening).TrySetResult();
                if (reconnecting)
                {
                    // Changes made while we were away were not heard; every open page reloads its jobs.
                    LogListeningAgain();
                    ReloadEveryone();
                }

                reconnecting = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database went away; live updates resume when it is back (pages still show fresh data on load).
                StopListening();
                LogListenFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private static TaskCompletionSource NewListening() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Not ready any more; whoever awaits readiness now waits for the next connection.</summary>
    private void StopListening()
    {
        var current = Volatile.Read(ref _listening);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _listening, NewListening(), current);
        }
    }

    private void ReloadEveryone()
    {
        foreach (var userId in _subscribers.Keys)
        {
            Deliver(new JobChanged(userId, Guid.Empty));
        }
    }

    private void Dispatch(string payload)
    {
        var parts = payload.Split(':');
        if (parts.Length != 2 || !Guid.TryParse(parts[0], out var userId) || !Guid.TryParse(parts[1], out var jobId))
        {
            return;
        }

        Deliver(new JobChanged(userId, jobId));
    }

    private void Deliver(JobChanged change)
    {
        if (!_subscribers.TryGetValue(change.UserId, out var list))
        {
            return;
        }

        var jobId = change.JobId;
        foreach (var subscriber in list.Items)
        {
            // Each circuit re-renders on its own dispatcher; one slow page must not hold up the others.
            _ = Task.Run(async () =>
            {
                try
                {
                    await subscriber(change);
                }
                catch (Exception e)
                {
                    LogSubscriberFailed(e, jobId);
                }
            });
        }
    }

    [LoggerMessage(LogLevel.Information, "Listening for job events again; open pages reload their jobs")]
    private partial void LogListeningAgain();

    [LoggerMessage(LogLevel.Warning, "Listening for job events failed; retrying")]
    private partial void LogListenFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "A page failed to handle the change of job {JobId}")]
    private partial void LogSubscriberFailed(Exception exception, Guid jobId);

    private sealed record ImmutableSubscribers(IReadOnlyList<Func<JobChanged, Task>> Items)
    {
        public ImmutableSubscribers With(Func<JobChanged, Task> item) => new([.. Items, item]);
        public ImmutableSubscribers Without(Func<JobChanged, Task> item) => new(Items.Where(i => i != item).ToList());
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
