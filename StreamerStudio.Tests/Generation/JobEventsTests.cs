using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Tests.Generation;

/// <summary>
/// NOTIFY from a transaction reaches the listening process's subscribers of that user, and only on commit; the
/// process is ready only while it listens. Every test starts from a listening app (a test here cuts the connection).
/// </summary>
public sealed class JobEventsTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task<JobEvents> ListeningEventsAsync()
    {
        var events = app.Services.GetRequiredService<JobEvents>();
        await events.WhenListeningAsync().WaitAsync(Patience);
        return events;
    }

    [Fact]
    public async Task A_committed_change_reaches_that_users_subscribers_only()
    {
        var events = await ListeningEventsAsync();
        var (alice, bob, jobId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var heard = new TaskCompletionSource<JobChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bobHeard = false;
        using var aliceSubscription = events.Subscribe(alice, change => { heard.TrySetResult(change); return Task.CompletedTask; });
        using var bobSubscription = events.Subscribe(bob, _ => { bobHeard = true; return Task.CompletedTask; });

        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            await using var rolledBack = await db.Database.BeginTransactionAsync();
            await JobEvents.PublishAsync(db, alice, Guid.NewGuid());
            await rolledBack.RollbackAsync();
        }

        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            await using var committed = await db.Database.BeginTransactionAsync();
            await JobEvents.PublishAsync(db, alice, jobId);
            await committed.CommitAsync();
        }

        var change = await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new JobChanged(alice, jobId), change);
        Assert.False(bobHeard);
    }

    [Fact]
    public async Task A_disposed_subscription_hears_nothing_more()
    {
        var events = await ListeningEventsAsync();
        var user = Guid.NewGuid();
        var count = 0;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = events.Subscribe(user, _ => { Interlocked.Increment(ref count); first.TrySetResult(); return Task.CompletedTask; });
        // A second subscriber that stays, to know when the second event has been dispatched.
        var witnessed = 0;
        var secondWitnessed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var witness = events.Subscribe(user, _ =>
        {
            if (Interlocked.Increment(ref witnessed) == 2)
            {
                secondWitnessed.TrySetResult();
            }

            return Task.CompletedTask;
        });

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await JobEvents.PublishAsync(db, user, Guid.NewGuid());
        await first.Task.WaitAsync(TimeSpan.FromSeconds(10));
        subscription.Dispose();
        await JobEvents.PublishAsync(db, user, Guid.NewGuid());
        await secondWitnessed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, count);
    }

    [Fact]
    public async Task A_listener_is_unhealthy_until_its_LISTEN_is_in_place()
    {
        var events = new JobEvents(new StudioDatabase(app.ConnectionString, null), NullLogger<JobEvents>.Instance);
        var context = new HealthCheckContext();

        var beforeStart = await events.CheckHealthAsync(context);
        await events.StartAsync(CancellationToken.None);
        try
        {
            await events.WhenListeningAsync().WaitAsync(Patience);
            var listening = await events.CheckHealthAsync(context);

            Assert.Equal(HealthStatus.Unhealthy, beforeStart.Status);
            Assert.Equal(HealthStatus.Healthy, listening.Status);
        }
        finally
        {
            await events.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Pages_still_get_events_after_the_LISTEN_connection_is_dropped_and_restored()
    {
        var events = await ListeningEventsAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var (user, jobId) = (Guid.NewGuid(), Guid.NewGuid());
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = events.Subscribe(user, change =>
        {
            if (change.ReloadAll)
            {
                reloaded.TrySetResult();
            }
            else if (change.JobId == jobId)
            {
                heard.TrySetResult();
            }

            return Task.CompletedTask;
        });
        var database = new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        var listener = await ListenerPidAsync(admin, database);

        // New connections are refused while the test looks, so the listener stays down until it is let back.
        await ExecuteAsync(admin, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        try
        {
            await ExecuteAsync(admin, $"SELECT pg_terminate_backend({listener})");
            var down = Stopwatch.StartNew();
            while ((await http.GetAsync("/healthz")).StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                Assert.True(down.Elapsed < Patience, "/healthz stayed healthy after the LISTEN connection was cut.");
                await Task.Delay(50);
            }

            Assert.False(events.IsListening);
        }
        finally
        {
            await ExecuteAsync(admin, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }

        await events.WhenListeningAsync().WaitAsync(Patience);
        await reloaded.Task.WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.NotEqual(listener, await ListenerPidAsync(admin, database));

        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            await JobEvents.PublishAsync(db, user, jobId);
        }

        await heard.Task.WaitAsync(Patience);
    }

    private static async Task<int> ListenerPidAsync(NpgsqlConnection admin, string database)
    {
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2", admin)
        {
            Parameters = { new() { Value = database }, new() { Value = JobEvents.ApplicationName } },
        };
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection admin, string sql)
    {
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
