using Microsoft.Extensions.DependencyInjection;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Tests.Infrastructure;

namespace StreamerStudio.Tests.Generation;

/// <summary>NOTIFY from a transaction reaches the listening process's subscribers of that user, and only on commit.</summary>
public sealed class JobEventsTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    [Fact]
    public async Task A_committed_change_reaches_that_users_subscribers_only()
    {
        var events = app.Services.GetRequiredService<JobEvents>();
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
        var events = app.Services.GetRequiredService<JobEvents>();
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
}
