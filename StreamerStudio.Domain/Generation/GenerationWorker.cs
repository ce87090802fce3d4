using System.Linq.Expressions;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Domain.Media;
using StreamerStudio.Domain.Notifications;
using StreamerStudio.Domain.Observability;

namespace StreamerStudio.Domain.Generation;

/// <summary>
/// Renders one output of a job (run by Hangfire, in the web process or a worker process). Idempotent: running
/// it twice, or again after its process died mid-render, leaves one asset and one charge, because the file key
/// is fixed at submission and delivery is a conditional state change in one transaction.
/// </summary>
/// <remarks>
/// How a job gets finished whatever goes wrong. One counter, <see cref="GenerationJob.RenderAttempts"/>, is
/// raised by the claim itself (the conditional update that marks the job processing), before anything is
/// rendered; one option, <see cref="GenerationOptions.RetryDelaysSeconds"/>, allows its length plus one attempts.
/// <list type="bullet">
/// <item><b>A transient failure</b> (the render or a write throws): <see cref="FailOrRetryAsync"/> queues the job
/// again after the next delay, or fails it and releases its quota once the attempts are used up.</item>
/// <item><b>A crashed worker</b> (its process died mid-render, so nothing recorded a failure): Hangfire fetches
/// the job again once its fetch has not been renewed for <see cref="GenerationOptions.WorkerTimeout"/>; by then
/// the claim (<see cref="GenerationOptions.ClaimLease"/>, half as long) has run out, so the new copy claims it and
/// counts another attempt. A claim that finds the attempts used up fails the job instead of rendering it, so
/// a job that takes its renderer down cannot loop.</item>
/// <item><b>A lost queue message</b> (the process stopped between committing and enqueuing, or Hangfire lost a
/// dead worker's job): <see cref="JobQueue"/>'s sweep, every few seconds in each job server, enqueues it again; the
/// claim counts and bounds it the same way.</item>
/// </list>
/// A live render renews its claim (and Hangfire its fetch) while it works, so however long it takes no copy
/// takes it over; a duplicate copy finds the claim live and does nothing.
/// </remarks>
public sealed partial class GenerationWorker(
    IDbContextFactory<StudioDbContext> dbFactory,
    IAssetRenderer renderer,
    IBackgroundProvider backgrounds,
    IAssetStorage storage,
    MediaLibrary media,
    IBackgroundJobClient backgroundJobs,
    Plans plans,
    NotificationService notifications,
    StudioMetrics metrics,
    IOptions<GenerationOptions> options,
    TimeProvider clock,
    ILogger<GenerationWorker> logger)
{
    // Render failures are caught and retried by our own rules (below), so the retry count and the creator-facing
    // error are ours. What escapes is the database refusing the claim or the failure's record (a dropped
    // connection, a full pool): Hangfire tries those again soon, where otherwise the job would wait for the queue
    // sweep's JobQueue.StaleAfter. The claim counts real attempts, so these retries cannot render more often.
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 5, 15, 60 })]
    public async Task RenderAsync(Guid jobId, CancellationToken cancellationToken)
    {
        using var span = StudioMetrics.StartRenderJob(jobId);
        var job = await ClaimAsync(jobId, cancellationToken);
        if (job is null)
        {
            return;
        }

        try
        {
            AssetSpec spec;
            RenderedAsset rendered;
            using (var stopRenewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var renewing = RenewClaimAsync(job, stopRenewing.Token);
                try
                {
                    var kit = job.BrandKitId is { } kitId ? await LoadKitAsync(kitId, cancellationToken) : null;
                    spec = AssetCatalogue.For(job.AssetType!.Value, job.PlatformContext.Platform);
                    var brand = await BrandStyleAsync(kit, storage, cancellationToken);
                    var headline = job.CustomPrompt ?? "";
                    // The creator's own picture, when they chose one, takes the place of the AI background.
                    var background = await media.LoadForRenderAsync(job.UserId, job.PlatformContext.BackgroundMediaId, cancellationToken);
                    var subject = await media.LoadForRenderAsync(job.UserId, job.PlatformContext.SubjectMediaId, cancellationToken);
                    var request = new RenderRequest(spec, job.Format, brand, headline, job.PlatformContext.Subline, job.PlatformContext.Badge,
                        job.Seed,
                        background?.Bytes ?? await BackgroundAsync(spec, brand, headline, job.Id, cancellationToken), background?.Focus,
                        subject?.Bytes, subject?.Focus);
                    var renderStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                    using (StudioMetrics.Traces.StartActivity("render asset"))
                    {
                        rendered = renderer.Render(request);
                    }

                    metrics.Rendered(spec.Type, rendered.Format, System.Diagnostics.Stopwatch.GetElapsedTime(renderStarted));
                    using (StudioMetrics.Traces.StartActivity("store asset files"))
                    {
                        await storage.PutAsync(job.OutputKey!, rendered.Bytes, GenerationService.ContentType(rendered.Format), cancellationToken);
                        // The gallery's preview, written beside the file under a key derived from it (a re-run overwrites it).
                        var previewKey = AssetImages.PreviewKeyFor(job.OutputKey!, rendered.Preview);
                        await storage.PutAsync(previewKey, rendered.Preview, AssetImages.PreviewContentType(previewKey), cancellationToken);
                    }
                }
                finally
                {
                    await stopRenewing.CancelAsync();
                    await renewing;
                }
            }

            using (StudioMetrics.Traces.StartActivity("deliver asset"))
            {
                await DeliverAsync(job, spec, rendered, cancellationToken);
            }

            LogDelivered(jobId, rendered.Layout, rendered.Bytes.Length);
        }
        // Only our own shutdown is let through; an HTTP or storage timeout is a failure like any other.
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogRenderFailed(e, jobId);
            await FailOrRetryAsync(job, e, cancellationToken);
        }
    }

    /// <summary>
    /// Claims the job, counting the attempt, and marks it (and its parent) processing; null when it is finished,
    /// gone, claimed by a worker that is still within its lease (a duplicate run then does nothing), or out of
    /// attempts (it is failed here instead).
    /// </summary>
    private async Task<GenerationJob?> ClaimAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var claimable = Claimable(jobId, abandoned: now - settings.ClaimLease);
        // Counted in the claim itself, so an attempt that takes its process down has been counted already.
        var claimed = await db.GenerationJobs
            .Where(claimable)
            .Where(j => j.RenderAttempts < settings.MaxAttempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Processing)
                .SetProperty(j => j.ClaimedAt, now)
                .SetProperty(j => j.RenderAttempts, j => j.RenderAttempts + 1)
                .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now), cancellationToken);
        if (claimed == 0)
        {
            if (await FailIfOutOfAttemptsAsync(db, jobId, claimable, cancellationToken) is { } failed)
            {
                await transaction.CommitAsync(cancellationToken);
                LogOutOfAttempts(jobId, failed.RenderAttempts);
                metrics.JobSettled(failed.AssetType, JobOutcome.Failed);
                await DeleteUnusedFileAsync(failed.OutputKey!);
            }

            return null;
        }

        var job = await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, cancellationToken);
        metrics.JobStarted(job, now);
        if (job.RenderAttempts > 1)
        {
            LogAttemptAgain(jobId, job.RenderAttempts, settings.MaxAttempts);
        }

        if (job.ParentJobId is { } parentId)
        {
            await db.GenerationJobs
                .Where(j => j.Id == parentId && j.Status == JobStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Processing)
                    .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now), cancellationToken);
        }

        await JobEvents.PublishAsync(db, job.UserId, job.ParentJobId ?? job.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return job;
    }

    /// <summary>A job nobody is working on: queued, or processing under a claim that was not renewed in time.</summary>
    private static Expression<Func<GenerationJob, bool>> Claimable(Guid jobId, DateTimeOffset abandoned) =>
        j => j.Id == jobId && (j.Status == JobStatus.Queued ||
                               (j.Status == JobStatus.Processing && (j.ClaimedAt == null || j.ClaimedAt < abandoned)));

    /// <summary>
    /// A claimable job whose attempts are all used up: the last ones ended without recording a failure, so their
    /// process died while rendering. It is failed rather than rendered again, in the caller's transaction.
    /// </summary>
    private async Task<GenerationJob?> FailIfOutOfAttemptsAsync(StudioDbContext db, Guid jobId, Expression<Func<GenerationJob, bool>> claimable,
        CancellationToken cancellationToken)
    {
        var maxAttempts = options.Value.MaxAttempts;
        // The conditional change takes the row lock, so of several copies only one fails the job.
        var outOfAttempts = await db.GenerationJobs
            .Where(claimable)
            .Where(j => j.RenderAttempts >= maxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Failed), cancellationToken);
        if (outOfAttempts == 0)
        {
            return null;
        }

        var job = await db.GenerationJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
        await SettleFailedAsync(db, job,
            $"We could not make this {AssetCatalogue.For(job.AssetType!.Value, job.PlatformContext.Platform).Name}: the renderer stopped while " +
            $"making it, and it was tried {job.RenderAttempts} times. It did not count against your allowance. Retry it, or change the text.",
            cancellationToken);
        return job;
    }

    /// <summary>While a render runs, keeps its claim fresh, so no other worker mistakes it for a dead one.</summary>
    private async Task RenewClaimAsync(GenerationJob job, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.ClaimRenewal, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await using var db = await dbFactory.CreateDbContextAsync(stop);
                    var now = clock.GetUtcNow();
                    // The attempt number identifies this claim: once another worker took the job over, this stops.
                    var renewed = await db.GenerationJobs
                        .Where(j => j.Id == job.Id && j.Status == JobStatus.Processing && j.RenderAttempts == job.RenderAttempts)
                        .ExecuteUpdateAsync(s => s.SetProperty(j => j.ClaimedAt, now), stop);
                    if (renewed == 0)
                    {
                        return;
                    }
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // The next tick tries again; the lease outlasts several of them.
                    LogClaimNotRenewed(e, job.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Asset row, job completion, charge and parent progress: all or nothing, once.</summary>
    private async Task DeliverAsync(GenerationJob job, AssetSpec spec, RenderedAsset rendered, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();

        // The row lock of this conditional update serialises duplicate runs: only one gets to deliver.
        var delivered = await db.GenerationJobs
            .Where(j => j.Id == job.Id && (j.Status == JobStatus.Queued || j.Status == JobStatus.Processing))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Completed)
                .SetProperty(j => j.CompletedAssets, 1)
                .SetProperty(j => j.FailedAssets, 0)
                .SetProperty(j => j.ErrorMessage, (string?)null)
                .SetProperty(j => j.CompletedAt, now), cancellationToken);
        if (delivered == 0)
        {
            return;
        }

        var tier = await db.Users.Where(u => u.Id == job.UserId).Select(u => u.SubscriptionTier).SingleAsync(cancellationToken);
        var retention = TierLimits.For(tier).AssetRetention;
        db.Assets.Add(new Asset
        {
            UserId = job.UserId,
            JobId = job.Id,
            BrandKitId = job.BrandKitId,
            AssetType = spec.Type,
            Width = rendered.Width,
            Height = rendered.Height,
            Format = rendered.Format,
            FileSizeBytes = rendered.Bytes.Length,
            StorageKey = job.OutputKey!,
            PreviewKey = AssetImages.PreviewKeyFor(job.OutputKey!, rendered.Preview),
            PromptUsed = job.CustomPrompt,
            Recipe = new AssetRecipe
            {
                Platform = spec.Platform,
                Layout = rendered.Layout,
                Seed = job.Seed,
                Subline = job.PlatformContext.Subline,
                Badge = job.PlatformContext.Badge,
                BackgroundMediaId = job.PlatformContext.BackgroundMediaId,
                SubjectMediaId = job.PlatformContext.SubjectMediaId,
            },
            ViralScore = rendered.Viral.Score,
            ViralSuggestions = [.. rendered.Viral.Suggestions],
            ExpiresAt = retention is { } keep ? now + keep : null,
        });
        await db.SaveChangesAsync(cancellationToken);
        await plans.ChargeAsync(db, job, cancellationToken);
        await RollUpParentAsync(db, job, completed: 1, failed: 0, error: null, cancellationToken);
        await notifications.JobSettledAsync(db, job, cancellationToken);
        await JobEvents.PublishAsync(db, job.UserId, job.ParentJobId ?? job.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.JobSettled(spec.Type, JobOutcome.Completed);
    }

    private async Task FailOrRetryAsync(GenerationJob job, Exception error, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await db.GenerationJobs
            .FromSql($"SELECT * FROM generation_jobs WHERE id = {job.Id} FOR UPDATE")
            .SingleAsync(cancellationToken);
        if (current.Status is not (JobStatus.Queued or JobStatus.Processing))
        {
            return;
        }

        // The attempt that just failed was counted when it was claimed.
        if (current.RenderAttempts < settings.MaxAttempts)
        {
            current.Status = JobStatus.Queued;
            // Handed out (to Hangfire's schedule) now; JobQueue's sweep leaves it be until it is long overdue.
            current.ClaimedAt = clock.GetUtcNow();
            current.ErrorMessage = $"Attempt {current.RenderAttempts} failed ({Describe(error)}); trying again.";
            await db.SaveChangesAsync(cancellationToken);
            await JobEvents.PublishAsync(db, job.UserId, job.ParentJobId ?? job.Id, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            var delay = TimeSpan.FromSeconds(settings.RetryDelays[Math.Max(current.RenderAttempts - 1, 0)]);
            backgroundJobs.Schedule<GenerationWorker>(w => w.RenderAsync(job.Id, CancellationToken.None), delay);
            metrics.JobSettled(current.AssetType, JobOutcome.Retried);
            return;
        }

        await SettleFailedAsync(db, current,
            $"We could not make this {AssetCatalogue.For(current.AssetType!.Value, current.PlatformContext.Platform).Name}: " +
            $"{Describe(error)}. It was tried {current.RenderAttempts} times and did not count against your allowance. Retry it, or change the text.",
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.JobSettled(current.AssetType, JobOutcome.Failed);
        await DeleteUnusedFileAsync(current.OutputKey!);
    }

    /// <summary>Fails a tracked job for good in the caller's transaction: the creator's message, quota given back, parent told.</summary>
    private async Task SettleFailedAsync(StudioDbContext db, GenerationJob job, string message, CancellationToken cancellationToken)
    {
        job.Status = JobStatus.Failed;
        job.FailedAssets = 1;
        job.CompletedAt = clock.GetUtcNow();
        job.ErrorMessage = message;
        await db.SaveChangesAsync(cancellationToken);
        await plans.ReleaseAsync(db, job, "generation failed", cancellationToken);
        await RollUpParentAsync(db, job, completed: 0, failed: 1, error: message, cancellationToken);
        await notifications.JobSettledAsync(db, job, cancellationToken);
        await JobEvents.PublishAsync(db, job.UserId, job.ParentJobId ?? job.Id, cancellationToken);
    }

    /// <summary>A file an earlier attempt may have written belongs to no asset; a retry writes it again.</summary>
    private async Task DeleteUnusedFileAsync(string key)
    {
        try
        {
            await storage.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogOrphanNotDeleted(e, key);
        }
    }

    /// <summary>Counts a finished child on its parent and settles the parent once every child is done.</summary>
    private async Task RollUpParentAsync(StudioDbContext db, GenerationJob child, int completed, int failed, string? error, CancellationToken cancellationToken)
    {
        if (child.ParentJobId is not { } parentId)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE generation_jobs SET
                completed_assets = completed_assets + {completed},
                failed_assets = failed_assets + {failed},
                status = CASE
                    WHEN completed_assets + {completed} + failed_assets + {failed} < total_assets THEN 'processing'
                    WHEN failed_assets + {failed} = 0 THEN 'completed'
                    WHEN completed_assets + {completed} = 0 THEN 'failed'
                    ELSE 'partial' END,
                completed_at = CASE WHEN completed_assets + {completed} + failed_assets + {failed} >= total_assets THEN {now} END,
                error_message = COALESCE({error}, error_message)
            WHERE id = {parentId}
            """, cancellationToken);
    }

    /// <summary>
    /// The optional AI background. When the image service is down or sends junk the asset is still made, on
    /// the renderer's own background: the creator gets their asset either way.
    /// </summary>
    private async Task<byte[]?> BackgroundAsync(AssetSpec spec, BrandStyle brand, string headline, Guid jobId, CancellationToken cancellationToken)
    {
        if (!backgrounds.IsEnabled)
        {
            return null;
        }

        try
        {
            return await backgrounds.GenerateAsync(spec, OpenAiBackgroundProvider.PromptFor(spec, brand, headline), cancellationToken);
        }
        catch (BackgroundProviderException e)
        {
            LogBackgroundFailed(e, jobId);
            return null;
        }
    }

    private async Task<BrandKit?> LoadKitAsync(Guid kitId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BrandKits.AsNoTracking().SingleOrDefaultAsync(k => k.Id == kitId, cancellationToken);
    }

    /// <summary>The kit's look, falling back to the built-in default for anything it leaves empty; Generate's preview uses it too.</summary>
    internal static async Task<BrandStyle> BrandStyleAsync(BrandKit? kit, IAssetStorage storage, CancellationToken cancellationToken)
    {
        if (kit is null)
        {
            return BrandStyle.Default;
        }

        byte[]? logo = null;
        if (kit.LogoStorageKey is { } key && await storage.OpenReadAsync(key, cancellationToken) is { } stream)
        {
            await using (stream)
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken);
                logo = buffer.ToArray();
            }
        }

        var fallback = BrandStyle.Default;
        return new BrandStyle(
            kit.PrimaryColors.Length > 0 ? kit.PrimaryColors : fallback.PrimaryColors,
            kit.AccentColors.Length > 0 ? kit.AccentColors : fallback.AccentColors,
            string.IsNullOrWhiteSpace(kit.Fonts.Headline) ? fallback.HeadlineFont : kit.Fonts.Headline,
            string.IsNullOrWhiteSpace(kit.Fonts.Body) ? fallback.BodyFont : kit.Fonts.Body,
            kit.Tone,
            logo);
    }

    /// <summary>A short reason a creator can read; details stay in the log.</summary>
    private static string Describe(Exception error) => error switch
    {
        AssetTooLargeException tooLarge => tooLarge.Message.TrimEnd('.'),
        IOException => "the file could not be saved",
        TimeoutException => "it took too long",
        _ => "the renderer hit an error",
    };

    [LoggerMessage(LogLevel.Information, "Job {JobId} delivered ({Layout}, {Bytes} bytes)")]
    private partial void LogDelivered(Guid jobId, string layout, int bytes);

    [LoggerMessage(LogLevel.Warning, "The AI background for job {JobId} failed; rendering without it")]
    private partial void LogBackgroundFailed(Exception exception, Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Could not delete the unused file {Key}")]
    private partial void LogOrphanNotDeleted(Exception exception, string key);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} failed to render")]
    private partial void LogRenderFailed(Exception exception, Guid jobId);

    [LoggerMessage(LogLevel.Error, "Job {JobId} failed: it was started {Attempts} times and its worker stopped without finishing")]
    private partial void LogOutOfAttempts(Guid jobId, int attempts);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} claimed for attempt {Attempt} of {MaxAttempts}: the previous attempt failed or its worker stopped")]
    private partial void LogAttemptAgain(Guid jobId, int attempt, int maxAttempts);

    [LoggerMessage(LogLevel.Warning, "Could not renew the claim on job {JobId}")]
    private partial void LogClaimNotRenewed(Exception exception, Guid jobId);
}
