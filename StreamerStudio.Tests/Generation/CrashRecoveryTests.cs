using System.Diagnostics;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using Xunit.Abstractions;

namespace StreamerStudio.Tests.Generation;

/// <summary>
/// Worker processes that really die: started from this test assembly (<see cref="WorkerProcess"/>), with a worker
/// timeout of seconds so Hangfire hands a dead worker's job out again quickly. The app itself runs no job server.
/// </summary>
public sealed class CrashRecoveryTests(NoWorkerAppFixture app, ITestOutputHelper output) : IClassFixture<NoWorkerAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Three attempts (two retry delays), handed out again three seconds after a worker dies.</summary>
    private static readonly string[] QuickRecovery =
    [
        "--Generation:WorkerTimeoutSeconds=3",
        "--Generation:RetryDelaysSeconds:0=1",
        "--Generation:RetryDelaysSeconds:1=1",
        // Two: under a fully loaded test run a process with one Hangfire worker was twice seen never to fetch the
        // re-enqueued job within two minutes (not understood yet; see the session note).
        "--Generation:WorkerCount=2",
    ];

    [Fact]
    public async Task A_job_whose_worker_process_crashes_three_times_fails_with_a_readable_message_and_its_quota_released()
    {
        var (user, jobId) = await SubmitThumbnailAsync("This one kills the renderer");

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var crashing = WorkerProcess.Start(WorkerProcess.Crashing, app, QuickRecovery);
            await crashing.WaitForExitAsync(Patience);

            // Killed by its own renderer (SIGKILL), after its claim had counted the attempt.
            Assert.True(crashing.ExitCode == 137, $"Exit code {crashing.ExitCode}. The worker wrote:\n{crashing.Output}");
            var crashed = await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
            Assert.Equal((JobStatus.Processing, attempt), (crashed.Status, crashed.RenderAttempts));
        }

        using (var worker = WorkerProcess.Start(WorkerProcess.Normal, app, QuickRecovery))
        {
            var deadline = Stopwatch.StartNew();
            while (await db.GenerationJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync() != JobStatus.Failed)
            {
                if (worker.HasExited)
                {
                    Assert.Fail($"The worker exited ({worker.ExitCode}). It wrote:\n{worker.Output}");
                }

                Assert.True(deadline.Elapsed < Patience, $"The job was not failed within {Patience}. The worker wrote:\n{worker.Output}");
                await Task.Delay(100);
            }
        }

        output.WriteLine($"Three crashes and the final failure took {clock.Elapsed.TotalSeconds:F1} s.");
        var job = await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
        Assert.Equal(3, job.RenderAttempts);
        Assert.Equal(QuotaState.Released, job.QuotaState);
        Assert.Equal(
            "We could not make this YouTube thumbnail: the renderer stopped while making it, and it was tried 3 times. " +
            "It did not count against your allowance. Retry it, or change the text.",
            job.ErrorMessage);
        Assert.Equal(0, await db.Subscriptions.Where(s => s.UserId == user.Id).Select(s => s.AssetsUsed).SingleAsync());
        var history = await db.QuotaUsage.Where(q => q.UserId == user.Id).OrderBy(q => q.CreatedAt).Select(q => q.Operation).ToListAsync();
        Assert.Equal([QuotaOperation.Reserve, QuotaOperation.Release], history);
        Assert.Equal(0, await db.Assets.CountAsync(a => a.UserId == user.Id));
    }

    private async Task<(StreamerStudio.Domain.Accounts.User User, Guid JobId)> SubmitThumbnailAsync(string headline)
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        using var scope = app.Services.CreateScope();
        var jobId = await scope.ServiceProvider.GetRequiredService<GenerationService>()
            .SubmitAsync(user.Id, new GenerationRequest { AssetTypes = [AssetType.Thumbnail], Headline = headline });
        return (user, jobId);
    }

    /// <summary>The Hangfire servers that have announced themselves (a heartbeat row each; dead ones until swept).</summary>
    private async Task<string[]> JobServersAsync()
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.Database.SqlQueryRaw<string>("SELECT id AS \"Value\" FROM hangfire.server").ToArrayAsync();
    }

    /// <summary>Waits until a server not in <paramref name="before"/> has announced itself: the worker's is live.</summary>
    private async Task WaitForNewJobServerAsync(string[] before, WorkerProcess worker)
    {
        var deadline = Stopwatch.StartNew();
        while ((await JobServersAsync()).All(before.Contains))
        {
            Assert.False(worker.HasExited, $"The worker exited ({(worker.HasExited ? worker.ExitCode : 0)}). It wrote:\n{worker.Output}");
            Assert.True(deadline.Elapsed < Patience, $"No job server started within {Patience}. The worker wrote:\n{worker.Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the job has <paramref name="status"/>, failing with the worker's output if it exits first.</summary>
    private async Task WaitForStatusAsync(Guid jobId, JobStatus status, WorkerProcess worker)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var deadline = Stopwatch.StartNew();
        while (await db.GenerationJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync() != status)
        {
            Assert.False(worker.HasExited, $"The worker exited ({(worker.HasExited ? worker.ExitCode : 0)}). It wrote:\n{worker.Output}");
            Assert.True(deadline.Elapsed < Patience, $"The job was not {status} within {Patience}. The worker wrote:\n{worker.Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>One asset, one charge, one reservation: nothing lost, nothing doubled.</summary>
    private async Task AssertDeliveredOnceAsync(Guid userId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.Equal(1, await db.Assets.CountAsync(a => a.UserId == userId));
        Assert.Equal(1, await db.QuotaUsage.CountAsync(q => q.UserId == userId && q.Operation == QuotaOperation.Charge));
        Assert.Equal(1, await db.Subscriptions.Where(s => s.UserId == userId).Select(s => s.AssetsUsed).SingleAsync());
    }

    /// <summary>The default timings: what a creator would wait.</summary>
    private static readonly GenerationOptions Defaults = new();

    [Fact]
    public async Task A_submission_whose_process_dies_between_commit_and_enqueue_is_delivered_once_by_another_process()
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        using (var submitter = WorkerProcess.Start(WorkerProcess.SubmittingThenCrashing, app, $"--Test:SubmitFor={user.Id}"))
        {
            await submitter.WaitForExitAsync(Patience);
            Assert.True(submitter.ExitCode == 137, $"Exit code {submitter.ExitCode}. It wrote:\n{submitter.Output}");
        }

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var lost = await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.UserId == user.Id);
        // Committed and reserved, but Hangfire never heard of it.
        Assert.Equal((JobStatus.Queued, (DateTimeOffset?)null, QuotaState.Reserved), (lost.Status, lost.ClaimedAt, lost.QuotaState));

        var serversBefore = await JobServersAsync();
        var started = Stopwatch.StartNew();
        TimeSpan live, delivered;
        using (var worker = WorkerProcess.Start(WorkerProcess.Normal, app))
        {
            await WaitForNewJobServerAsync(serversBefore, worker);
            live = started.Elapsed;
            await WaitForStatusAsync(lost.Id, JobStatus.Completed, worker);
            delivered = started.Elapsed;
        }

        output.WriteLine($"Delivered {delivered.TotalSeconds:F1} s after a worker process started, {(delivered - live).TotalSeconds:F1} s after " +
            $"its job server was live (sweep every {Defaults.QueuePollInterval.TotalSeconds} s).");
        // Counted from the moment a live server can notice: a process's start-up is the machine's speed, not recovery.
        Assert.True(delivered - live < TimeSpan.FromSeconds(60), $"Took {delivered - live} after the server was live.");
        await AssertDeliveredOnceAsync(user.Id);
    }

    [Fact]
    public async Task A_worker_killed_mid_render_has_its_job_delivered_once_by_another_within_a_minute()
    {
        var (user, jobId) = await SubmitThumbnailAsync("Pulled plug");

        using (var stalling = WorkerProcess.Start(WorkerProcess.Stalling, app))
        {
            await WaitForStatusAsync(jobId, JobStatus.Processing, stalling);
            stalling.Kill();
        }

        // A live server was running all along: the time counts from the crash.
        var recovery = Stopwatch.StartNew();
        using (var worker = WorkerProcess.Start(WorkerProcess.Normal, app))
        {
            await WaitForStatusAsync(jobId, JobStatus.Completed, worker);
        }

        output.WriteLine($"Delivered {recovery.Elapsed.TotalSeconds:F1} s after the crash (worker timeout {Defaults.WorkerTimeout.TotalSeconds} s, poll {Defaults.QueuePollInterval.TotalSeconds} s).");
        Assert.True(recovery.Elapsed < Defaults.WorkerTimeout + 2 * Defaults.QueuePollInterval + TimeSpan.FromSeconds(10), $"Took {recovery.Elapsed}.");
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.Equal(2, await db.GenerationJobs.Where(j => j.Id == jobId).Select(j => j.RenderAttempts).SingleAsync());
        await AssertDeliveredOnceAsync(user.Id);
    }
}
