using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Tests.Generation;

/// <summary>Which of two snapshots of a job a page keeps (JobView.Supersedes): events arrive in any order.</summary>
public sealed class JobOrderingTests
{
    private static readonly DateTimeOffset Submitted = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static JobView Snapshot(JobStatus status, int completed = 0, int attempts = 0, DateTimeOffset? queuedAt = null, string? error = null,
        double secondsLater = 0) =>
        new(Guid.Empty, JobType.Single, status, "Road to Diamond", ["YouTube thumbnail"], 1, completed, 0, queuedAt ?? Submitted,
            null, null, error, [], Submitted.AddSeconds(secondsLater)) { Attempts = attempts };

    [Fact]
    public void A_late_queued_snapshot_does_not_replace_a_finished_one()
    {
        var done = Snapshot(JobStatus.Completed, completed: 1, attempts: 1, secondsLater: 2);
        // Read right after submitting, delivered after the worker's "done": its UpdatedAt may even look newer.
        var lateQueued = Snapshot(JobStatus.Queued, secondsLater: 3);

        Assert.False(lateQueued.Supersedes(done));
        Assert.True(done.Supersedes(lateQueued));
    }

    [Fact]
    public void Rendering_then_trying_again_then_the_next_attempt_each_move_forward()
    {
        var rendering = Snapshot(JobStatus.Processing, attempts: 1, secondsLater: 1);
        var tryingAgain = Snapshot(JobStatus.Queued, attempts: 1, error: "Attempt 1 failed; trying again.", secondsLater: 2);
        var secondAttempt = Snapshot(JobStatus.Processing, attempts: 2, error: "Attempt 1 failed; trying again.", secondsLater: 3);

        Assert.True(tryingAgain.Supersedes(rendering));
        Assert.True(secondAttempt.Supersedes(tryingAgain));
        Assert.False(rendering.Supersedes(secondAttempt));
    }

    [Fact]
    public void A_retry_after_a_failure_is_a_new_round_and_replaces_it()
    {
        var failed = Snapshot(JobStatus.Failed, attempts: 3, secondsLater: 10);
        var retried = Snapshot(JobStatus.Queued, queuedAt: Submitted.AddMinutes(1), secondsLater: 60);

        Assert.True(retried.Supersedes(failed));
        Assert.False(failed.Supersedes(retried));
    }
}
