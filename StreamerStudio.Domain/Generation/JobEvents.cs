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
/// The user's notifications changed: one arrived (<see cref="IsNew"/>), or some were read or deleted. The bell and the
/// Notifications page reload their counts and lists; <see cref="Guid.Empty"/> means events may have been missed.
/// </summary>
public sealed record NotificationChanged(Guid UserId, Guid NotificationId, bool IsNew);

/// <summary>
/// Live job status across processes: whoever changes a job publishes with PostgreSQL NOTIFY in the same
/// transaction (so listeners hear only committed changes); every web process LISTENs once and hands each
/// event to the circuits of that user that subscribed. Notifications travel the same way on a second channel of
/// the same connection, so a process still holds one LISTEN connection whatever it listens for. It is also the process's health check: a web process
/// whose LISTEN is not in place would miss changes, so it is not ready until it is.
/// </summary>
public sealed partial class JobEvents(StudioDatabase database, ILogger<JobEvents> logger) : BackgroundService, IHealthCheck
{
    public const string Channel = "job_events";

    /// <summary>The channel notifications are published on (see <c>NotificationService</c>), heard on the same connection.</summary>
    public const string NotificationChannel = "notification_events";

    /// <summary>The LISTEN connection's application_name, to find it in pg_stat_activity.</summary>
    public const string ApplicationName = "StreamerStudio job events";

    private readonly UserSubscribers<JobChanged> _jobSubscribers = new();
    private readonly UserSubscribers<NotificationChanged> _notificationSubscribers = new();

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

    /// <summary>Queues a NOTIFY about the user's notifications in the context's current transaction; delivered on commit.</summary>
    public static Task PublishNotificationAsync(StudioDbContext db, Guid userId, Guid notificationId, bool isNew,
        CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlAsync(
            $"SELECT pg_notify({NotificationChannel}, {$"{userId:N}:{notificationId:N}:{(isNew ? "new" : "changed")}"})", cancellationToken);

    /// <summary>Calls <paramref name="onChanged"/> for every change to one of the user's jobs until disposed.</summary>
    public IDisposable Subscribe(Guid userId, Func<JobChanged, Task> onChanged) => _jobSubscribers.Subscribe(userId, onChanged);

    /// <summary>Calls <paramref name="onChanged"/> for every change to the user's notifications until disposed.</summary>
    public IDisposable SubscribeNotifications(Guid userId, Func<NotificationChanged, Task> onChanged) =>
        _notificationSubscribers.Subscribe(userId, onChanged);

    /// <summary>
    /// Hands a notification event to this process's subscribers as if heard from the database; the benchmark measures
    /// the fan-out with it, without a database round trip in the figure.
    /// </summary>
    public void DeliverNotification(NotificationChanged change) => Deliver(_notificationSubscribers, change.UserId, change, change.NotificationId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Keepalives notice a connection that died silently (failover, a NAT or balancer idle timeout).
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            KeepAlive = 15,
            ApplicationName = ApplicationName,
            // Held for the life of the process, and after a failure replaced by a new one: never from or back into
            // the pool, where a closed listener would linger under this application name.
            Pooling = false,
        }.ConnectionString;
        var reconnecting = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Channel, e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}; LISTEN {NotificationChannel}", connection))
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
        foreach (var userId in _jobSubscribers.Users)
        {
            Deliver(_jobSubscribers, userId, new JobChanged(userId, Guid.Empty), Guid.Empty);
        }

        foreach (var userId in _notificationSubscribers.Users)
        {
            Deliver(_notificationSubscribers, userId, new NotificationChanged(userId, Guid.Empty, IsNew: false), Guid.Empty);
        }
    }

    private void Dispatch(string channel, string payload)
    {
        var parts = payload.Split(':');
        if (parts.Length < 2 || !Guid.TryParse(parts[0], out var userId) || !Guid.TryParse(parts[1], out var id))
        {
            return;
        }

        if (channel == NotificationChannel)
        {
            Deliver(_notificationSubscribers, userId, new NotificationChanged(userId, id, IsNew: parts is [_, _, "new"]), id);
        }
        else if (parts.Length == 2)
        {
            Deliver(_jobSubscribers, userId, new JobChanged(userId, id), id);
        }
    }

    private void Deliver<T>(UserSubscribers<T> subscribers, Guid userId, T change, Guid subjectId)
    {
        foreach (var subscriber in subscribers.For(userId))
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
                    LogSubscriberFailed(e, subjectId);
                }
            });
        }
    }

    [LoggerMessage(LogLevel.Information, "Listening for job events again; open pages reload their jobs")]
    private partial void LogListeningAgain();

    [LoggerMessage(LogLevel.Warning, "Listening for job events failed; retrying")]
    private partial void LogListenFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "A page failed to handle the change of {SubjectId}")]
    private partial void LogSubscriberFailed(Exception exception, Guid subjectId);

    /// <summary>Each user's subscribers, as immutable lists swapped atomically so delivery never sees a half-made change.</summary>
    private sealed class UserSubscribers<T>
    {
        private readonly ConcurrentDictionary<Guid, ImmutableSubscribers> _byUser = new();

        public ICollection<Guid> Users => _byUser.Keys;

        public IReadOnlyList<Func<T, Task>> For(Guid userId) => _byUser.TryGetValue(userId, out var list) ? list.Items : [];

        public IDisposable Subscribe(Guid userId, Func<T, Task> onChanged)
        {
            _byUser.AddOrUpdate(userId, _ => new([onChanged]), (_, list) => list.With(onChanged));
            return new Subscription(() =>
            {
                var left = _byUser.AddOrUpdate(userId, _ => new([]), (_, list) => list.Without(onChanged));
                if (left.Items.Count == 0)
                {
                    // Only removed while still empty, so a subscription racing in is not lost.
                    _byUser.TryRemove(KeyValuePair.Create(userId, left));
                }
            });
        }

        private sealed record ImmutableSubscribers(IReadOnlyList<Func<T, Task>> Items)
        {
            public ImmutableSubscribers With(Func<T, Task> item) => new([.. Items, item]);
            public ImmutableSubscribers Without(Func<T, Task> item) => new(Items.Where(i => i != item).ToList());
        }
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
