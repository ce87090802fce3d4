using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Tests.Generation;

/// <summary>
/// The worker run by hand (no job server in this app), so each test decides when and how often a job runs:
/// twice, concurrently, after a crash, or against a storage that cannot write.
/// </summary>
public sealed class WorkerTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private static readonly GenerationRequest Thumbnail = new()
    {
        JobType = JobType.Single,
        AssetTypes = [AssetType.Thumbnail],
        Format = AssetFormat.Jpeg,
        Headline = "Ranked grind tonight",
        Badge = "LIVE",
    };

    private GenerationOptions Options => app.Services.GetRequiredService<IOptions<GenerationOptions>>().Value;

    private async Task<(Guid UserId, Guid JobId)> SubmitAsync(GenerationRequest? request = null)
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        using var scope = app.Services.CreateScope();
        var jobId = await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(user.Id, request ?? Thumbnail);
        return (user.Id, jobId);
    }

    private Task RunAsync(Guid jobId)
    {
        var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<GenerationWorker>().RenderAsync(jobId, CancellationToken.None)
            .ContinueWith(t => { scope.Dispose(); t.GetAwaiter().GetResult(); });
    }

    [Fact]
    public async Task A_rendered_job_delivers_one_asset_charges_once_and_expires_in_30_days_on_free()
    {
        var (userId, jobId) = await SubmitAsync();

        await RunAsync(jobId);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var job = await db.GenerationJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(QuotaState.Charged, job.QuotaState);
        Assert.NotNull(job.StartedAt);
        Assert.NotNull(job.CompletedAt);
        var asset = await db.Assets.SingleAsync(a => a.JobId == jobId);
        Assert.Equal((1280, 720, AssetFormat.Jpeg), (asset.Width, asset.Height, asset.Format));
        Assert.InRange(asset.ViralScore!.Value, 0, 100);
        Assert.Equal(asset.CreatedAt.AddDays(30).Date, asset.ExpiresAt!.Value.Date);
        Assert.Equal(job.OutputKey, asset.StorageKey);

        var storage = app.Services.GetRequiredService<IAssetStorage>();
        await using var file = await storage.OpenReadAsync(asset.StorageKey);
        var bytes = new byte[3];
        Assert.Equal(3, await file!.ReadAsync(bytes));
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, bytes);

        var history = await db.QuotaUsage.Where(q => q.UserId == userId).Select(q => q.Operation).ToListAsync();
        Assert.Equal([QuotaOperation.Reserve, QuotaOperation.Charge], history.Order());
    }

    [Fact]
    public async Task Running_a_job_twice_at_once_and_again_later_leaves_one_asset_and_one_charge()
    {
        var (userId, jobId) = await SubmitAsync();

        await Task.WhenAll(RunAsync(jobId), RunAsync(jobId));
        await RunAsync(jobId);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.Equal(1, await db.Assets.CountAsync(a => a.UserId == userId));
        Assert.Equal(1, await db.QuotaUsage.CountAsync(q => q.UserId == userId && q.Operation == QuotaOperation.Charge));
        Assert.Equal(1, await db.Subscriptions.Where(s => s.UserId == userId).Select(s => s.AssetsUsed).SingleAsync());
    }

    [Fact]
    public async Task A_job_whose_worker_died_mid_render_is_delivered_once_when_it_runs_again()
    {
        var (userId, jobId) = await SubmitAsync();
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var job = await db.GenerationJobs.SingleAsync(j => j.Id == jobId);
        // What a killed worker leaves: the job claimed and processing (its claim long run out) and half a file.
        await db.GenerationJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, JobStatus.Processing)
            .SetProperty(j => j.ClaimedAt, DateTimeOffset.UtcNow - Options.ClaimLease - TimeSpan.FromMinutes(1)));
        await app.Services.GetRequiredService<IAssetStorage>().PutAsync(job.OutputKey!, [1, 2, 3], "image/jpeg");

        await RunAsync(jobId);

        var asset = await db.Assets.SingleAsync(a => a.UserId == userId);
        Assert.True(asset.FileSizeBytes > 1000);
        await using var file = await app.Services.GetRequiredService<IAssetStorage>().OpenReadAsync(asset.StorageKey);
        Assert.Equal(asset.FileSizeBytes, file!.Length);
        Assert.Equal(1, await db.QuotaUsage.CountAsync(q => q.UserId == userId && q.Operation == QuotaOperation.Charge));
    }

    [Fact]
    public async Task A_job_whose_attempts_were_all_used_by_crashed_workers_is_failed_when_claimed_instead_of_rendered()
    {
        var (userId, jobId) = await SubmitAsync();
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        // What workers that died on every attempt leave: each attempt counted, none recorded, the last claim run out.
        await db.GenerationJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, JobStatus.Processing)
            .SetProperty(j => j.RenderAttempts, Options.MaxAttempts)
            .SetProperty(j => j.ClaimedAt, DateTimeOffset.UtcNow - Options.ClaimLease - TimeSpan.FromMinutes(1)));

        await Task.WhenAll(RunAsync(jobId), RunAsync(jobId));

        var job = await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
        Assert.Equal((JobStatus.Failed, 1, Options.MaxAttempts), (job.Status, job.FailedAssets, job.RenderAttempts));
        Assert.Equal(QuotaState.Released, job.QuotaState);
        Assert.StartsWith("We could not make this YouTube thumbnail: the renderer stopped while making it", job.ErrorMessage);
        Assert.Equal(0, await db.Assets.CountAsync(a => a.UserId == userId));
        Assert.Equal(1, await db.QuotaUsage.CountAsync(q => q.UserId == userId && q.Operation == QuotaOperation.Release));
    }

    [Fact]
    public async Task A_second_copy_of_a_job_whose_worker_is_alive_does_nothing()
    {
        var (userId, jobId) = await SubmitAsync();
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.GenerationJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, JobStatus.Processing)
            .SetProperty(j => j.ClaimedAt, DateTimeOffset.UtcNow));

        await RunAsync(jobId);

        Assert.Equal(JobStatus.Processing, await db.GenerationJobs.Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync());
        Assert.Equal(0, await db.Assets.CountAsync(a => a.UserId == userId));
    }

    [Fact]
    public async Task A_render_that_outlasts_its_claim_lease_keeps_its_claim_and_a_second_copy_does_nothing()
    {
        var (userId, jobId) = await SubmitAsync();
        // Seconds instead of minutes, and a renderer that holds the render until the test lets it finish.
        var quick = Microsoft.Extensions.Options.Options.Create(new GenerationOptions { WorkerTimeoutSeconds = 3 });
        var real = app.Services.GetRequiredService<IAssetRenderer>();
        var slow = new HeldRenderer(real);
        // On the thread pool, as Hangfire runs it: the held render blocks a thread, which must not be one of the test's.
        var first = Task.Run(() => ActivatorUtilities.CreateInstance<GenerationWorker>(app.Services.CreateScope().ServiceProvider, slow, quick).RenderAsync(jobId, CancellationToken.None));
        await slow.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var claimed = (await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.Id == jobId)).ClaimedAt!.Value;

        // Renewed until the first claim is older than a lease: without renewal a copy could take the job over now.
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while ((await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.Id == jobId)).ClaimedAt < claimed + quick.Value.ClaimLease)
        {
            Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(30), "The claim was not renewed while rendering.");
            Assert.False(first.IsCompleted);
            await Task.Delay(50);
        }

        var second = new HeldRenderer(real);
        second.Release.SetResult();
        await Task.Run(() => ActivatorUtilities.CreateInstance<GenerationWorker>(app.Services.CreateScope().ServiceProvider, second, quick).RenderAsync(jobId, CancellationToken.None));
        slow.Release.SetResult();
        await first;

        Assert.False(second.Started.Task.IsCompleted);
        var job = await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
        Assert.Equal((JobStatus.Completed, 1), (job.Status, job.RenderAttempts));
        Assert.Equal(1, await db.Assets.CountAsync(a => a.UserId == userId));
    }

    /// <summary>The real renderer, started only when the test releases it.</summary>
    private sealed class HeldRenderer(IAssetRenderer real) : IAssetRenderer
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RenderedAsset Render(RenderRequest request)
        {
            Started.TrySetResult();
            Release.Task.Wait();
            return real.Render(request);
        }
    }

    [Fact]
    public async Task A_batch_completes_when_every_child_is_delivered()
    {
        var (userId, parentId) = await SubmitAsync(Thumbnail with
        {
            JobType = JobType.Batch,
            Format = AssetFormat.Png,
            AssetTypes = [AssetType.Thumbnail, AssetType.Overlay, AssetType.StoryGraphic],
        });
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var children = await db.GenerationJobs.Where(j => j.ParentJobId == parentId).Select(j => j.Id).ToListAsync();

        await RunAsync(children[0]);
        var halfway = await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.Id == parentId);
        Assert.Equal((JobStatus.Processing, 1, 0), (halfway.Status, halfway.CompletedAssets, halfway.FailedAssets));

        await Task.WhenAll(children.Skip(1).Select(RunAsync));

        var parent = await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.Id == parentId);
        Assert.Equal((JobStatus.Completed, 3, 0), (parent.Status, parent.CompletedAssets, parent.FailedAssets));
        Assert.NotNull(parent.CompletedAt);
        var sizes = await db.Assets.Where(a => a.UserId == userId).Select(a => new { a.Width, a.Height }).ToListAsync();
        Assert.Contains(sizes, s => s.Width == 1920 && s.Height == 1080);
        Assert.Contains(sizes, s => s.Width == 1080 && s.Height == 1920);
    }

    [Fact]
    public async Task A_job_that_keeps_failing_is_tried_once_per_retry_delay_and_once_more_then_failed_and_its_quota_released()
    {
        var (userId, jobId) = await SubmitAsync();
        // A real failure: where the creator's asset folder should be, there is a file, so the write fails.
        var assetsRoot = Path.Combine(Path.GetDirectoryName(app.OutboxFolder)!, "assets", "u");
        Directory.CreateDirectory(assetsRoot);
        await File.WriteAllTextAsync(Path.Combine(assetsRoot, userId.ToString("N")), "not a folder");

        Assert.Equal(4, Options.MaxAttempts);
        for (var attempt = 1; attempt < Options.MaxAttempts; attempt++)
        {
            await RunAsync(jobId);
            await using var check = TestPostgres.CreateContext(app.ConnectionString);
            var retrying = await check.GenerationJobs.SingleAsync(j => j.Id == jobId);
            Assert.Equal(JobStatus.Queued, retrying.Status);
            Assert.Equal(attempt, retrying.RenderAttempts);
            Assert.Contains("trying again", retrying.ErrorMessage);
        }

        await RunAsync(jobId);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var job = await db.GenerationJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(QuotaState.Released, job.QuotaState);
        Assert.Contains("could not make this YouTube thumbnail: the file could not be saved", job.ErrorMessage);
        Assert.Contains("tried 4 times and did not count against your allowance", job.ErrorMessage);
        Assert.Equal(4, job.RenderAttempts);
        Assert.Equal(0, await db.Subscriptions.Where(s => s.UserId == userId).Select(s => s.AssetsUsed).SingleAsync());
        Assert.Equal(0, await db.Assets.CountAsync(a => a.UserId == userId));
        var history = await db.QuotaUsage.Where(q => q.UserId == userId).OrderBy(q => q.CreatedAt).Select(q => q.Operation).ToListAsync();
        Assert.Equal([QuotaOperation.Reserve, QuotaOperation.Release], history);

        // Running the failed job again changes nothing more.
        await RunAsync(jobId);
        Assert.Equal(2, await db.QuotaUsage.CountAsync(q => q.UserId == userId));

        // The creator fixes nothing but retries once the storage works again: reserved anew, then delivered.
        File.Delete(Path.Combine(assetsRoot, userId.ToString("N")));
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<GenerationService>().RetryAsync(userId, jobId);
        }

        var queued = await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
        Assert.Equal((JobStatus.Queued, 0, QuotaState.Reserved), (queued.Status, queued.RenderAttempts, queued.QuotaState));
        await RunAsync(jobId);
        Assert.Equal(JobStatus.Completed, await db.GenerationJobs.Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync());
        Assert.Equal(1, await db.Assets.CountAsync(a => a.UserId == userId));
        Assert.Equal(1, await db.Subscriptions.Where(s => s.UserId == userId).Select(s => s.AssetsUsed).SingleAsync());
        var operations = await db.QuotaUsage.Where(q => q.UserId == userId).OrderBy(q => q.CreatedAt).Select(q => q.Operation).ToListAsync();
        Assert.Equal([QuotaOperation.Reserve, QuotaOperation.Release, QuotaOperation.Reserve, QuotaOperation.Charge], operations);
    }

    [Fact]
    public async Task Retrying_a_job_that_did_not_fail_or_is_not_yours_is_refused()
    {
        var (userId, jobId) = await SubmitAsync();
        var stranger = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        using var scope = app.Services.CreateScope();
        var generation = scope.ServiceProvider.GetRequiredService<GenerationService>();

        var notFailed = await Assert.ThrowsAsync<StreamerStudio.Domain.RequestRefusedException>(() => generation.RetryAsync(userId, jobId));
        var notYours = await Assert.ThrowsAsync<StreamerStudio.Domain.RequestRefusedException>(() => generation.RetryAsync(stranger.Id, jobId));

        Assert.Contains("Only failed jobs can be retried", notFailed.Message);
        Assert.Equal("Job not found.", notYours.Message);
        Assert.Null(await generation.GetAsync(stranger.Id, jobId));
    }
}
