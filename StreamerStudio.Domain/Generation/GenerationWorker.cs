using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Domain.Generation;

public sealed class GenerationOptions
{
    public const string Section = "Generation";

    /// <summary>Waits before the 1st, 2nd and 3rd retry of a failed render (exponential backoff).</summary>
    public int[] RetryDelaysSeconds { get; set; } = [5, 30, 120];

    /// <summary>Hangfire workers in this process; rendering is CPU-bound, so one per core.</summary>
    public int WorkerCount { get; set; } = Environment.ProcessorCount;

    /// <summary>Run the job server in the web process (off when separate worker processes do the work).</summary>
    public bool RunWorkerInWeb { get; set; } = true;
}

/// <summary>
/// Renders one output of a job (run by Hangfire, in the web process or a worker process). Idempotent: running
/// it twice, or again after its process died mid-render, leaves one asset and one charge, because the file key
/// is fixed at submission and delivery is a conditional state change in one transaction.
/// </summary>
public sealed partial class GenerationWorker(
    IDbContextFactory<StudioDbContext> dbFactory,
    IAssetRenderer renderer,
    IBackgroundProvider backgrounds,
    IAssetStorage storage,
    IBackgroundJobClient backgroundJobs,
    Plans plans,
    IOptions<GenerationOptions> options,
    TimeProvider clock,
    ILogger<GenerationWorker> logger)
{
    public const int MaxRetries = 3;

    /// <summary>
    /// How long a claim protects a job from a second worker. Shorter than Hangfire's invisibility timeout, so
    /// when a worker dies mid-render, the copy Hangfire hands out again may take over.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(4);

    // Our own retries (below) replace Hangfire's, so the retry count and the creator-facing error are ours.
    [AutomaticRetry(Attempts = 0)]
    public async Task RenderAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await StartAsync(jobId, cancellationToken);
        if (job is null)
        {
            return;
        }

        try
        {
            var kit = job.BrandKitId is { } kitId ? await LoadKitAsync(kitId, cancellationToken) : null;
            var spec = AssetCatalogue.For(job.AssetType!.Value, job.PlatformContext.Platform);
            var brand = await BrandStyleAsync(kit, cancellationToken);
            var headline = job.CustomPrompt ?? "";
            var request = new RenderRequest(spec, job.Format, brand, headline, job.PlatformContext.Subline, job.PlatformContext.Badge,
                job.Seed, await BackgroundAsync(spec, brand, headline, job.Id, cancellationToken));
            var rendered = renderer.Render(request);
            await storage.PutAsync(job.OutputKey!, rendered.Bytes, GenerationService.ContentType(rendered.Format), cancellationToken);
            // The gallery's preview, written beside the file under a key derived from it (a re-run overwrites it).
            await storage.PutAsync(AssetImages.PreviewKeyFor(job.OutputKey!), AssetImages.Preview(rendered.Bytes), "image/webp", cancellationToken);
            await DeliverAsync(job, spec, rendered, cancellationToken);
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
    /// Claims the job and marks it (and its parent) processing; null when it is finished, gone, or claimed by a
    /// worker that is still within its lease (a duplicate run then does nothing).
    /// </summary>
    private async Task<GenerationJob?> StartAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var abandoned = now - ClaimLease;
        var started = await db.GenerationJobs
            .Where(j => j.Id == jobId && (j.Status == JobStatus.Queued ||
                                          (j.Status == JobStatus.Processing && (j.ClaimedAt == null || j.ClaimedAt < abandoned))))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Processing)
                .SetProperty(j => j.ClaimedAt, now)
                .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now), cancellationToken);
        if (started == 0)
        {
            return null;
        }

        var job = await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, cancellationToken);
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
            PreviewKey = AssetImages.PreviewKeyFor(job.OutputKey!),
            PromptUsed = job.CustomPrompt,
            GenerationParams = JsonSerializer.Serialize(new
            {
                platform = spec.Platform.ToString().ToLowerInvariant(),
                layout = rendered.Layout,
                seed = job.Seed,
                subline = job.PlatformContext.Subline,
                badge = job.PlatformContext.Badge,
            }),
            ViralScore = rendered.Viral.Score,
            ViralSuggestions = [.. rendered.Viral.Suggestions],
            ExpiresAt = retention is { } keep ? now + keep : null,
        });
        await db.SaveChangesAsync(cancellationToken);
        await plans.ChargeAsync(db, job, cancellationToken);
        await RollUpParentAsync(db, job, completed: 1, failed: 0, error: null, cancellationToken);
        await JobEvents.PublishAsync(db, job.UserId, job.ParentJobId ?? job.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task FailOrRetryAsync(GenerationJob job, Exception error, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await db.GenerationJobs
            .FromSql($"SELECT * FROM generation_jobs WHERE id = {job.Id} FOR UPDATE")
            .SingleAsync(cancellationToken);
        if (current.Status is not (JobStatus.Queued or JobStatus.Processing))
        {
            return;
        }

        var delays = options.Value.RetryDelaysSeconds;
        if (current.RetryCount < MaxRetries)
        {
            current.RetryCount++;
            current.Status = JobStatus.Queued;
            current.ClaimedAt = null;
            current.ErrorMessage = $"Attempt {current.RetryCount} failed ({Describe(error)}); trying again.";
            await db.SaveChangesAsync(cancellationToken);
            await JobEvents.PublishAsync(db, job.UserId, job.ParentJobId ?? job.Id, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            var delay = TimeSpan.FromSeconds(delays[Math.Min(current.RetryCount - 1, delays.Length - 1)]);
            backgroundJobs.Schedule<GenerationWorker>(w => w.RenderAsync(job.Id, CancellationToken.None), delay);
            return;
        }

        var message = $"We could not make this {AssetCatalogue.For(current.AssetType!.Value, current.PlatformContext.Platform).Name}: " +
                      $"{Describe(error)}. It was tried {MaxRetries + 1} times and did not count against your allowance. Retry it, or change the text.";
        current.Status = JobStatus.Failed;
        current.FailedAssets = 1;
        current.CompletedAt = clock.GetUtcNow();
        current.ErrorMessage = message;
        await db.SaveChangesAsync(cancellationToken);
        await plans.ReleaseAsync(db, current, "generation failed", cancellationToken);
        await RollUpParentAsync(db, current, completed: 0, failed: 1, error: message, cancellationToken);
        await JobEvents.PublishAsync(db, job.UserId, job.ParentJobId ?? job.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // A file an earlier attempt may have written belongs to no asset; a retry writes it again.
        try
        {
            await storage.DeleteAsync(current.OutputKey!, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogOrphanNotDeleted(e, current.OutputKey!);
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

    /// <summary>The kit's look, falling back to the built-in default for anything it leaves empty.</summary>
    private async Task<BrandStyle> BrandStyleAsync(BrandKit? kit, CancellationToken cancellationToken)
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
}
