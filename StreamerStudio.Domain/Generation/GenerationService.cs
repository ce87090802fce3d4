using System.Security.Cryptography;
using Hangfire;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Domain.Media;

namespace StreamerStudio.Domain.Generation;

/// <summary>A job as the Jobs page shows it: the job, its outputs and what has been delivered so far.</summary>
public sealed record JobView(
    Guid Id,
    JobType JobType,
    JobStatus Status,
    string Headline,
    IReadOnlyList<string> OutputNames,
    int Total,
    int Completed,
    int Failed,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? ErrorMessage,
    IReadOnlyList<DeliveredAsset> Assets,
    DateTimeOffset UpdatedAt)
{
    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Partial;
    public bool CanRetry => Status is JobStatus.Failed or JobStatus.Partial;

    /// <summary>Render attempts of a single job's current round (0 for a stream pack or variations, whose outputs count their own).</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// Whether this snapshot is later than <paramref name="shown"/>, so a page may replace one with the other. Events
    /// are handled concurrently, and a snapshot read before the worker's commit can arrive after one read after it.
    /// Within a round (a submission or a retry, told apart by <see cref="QueuedAt"/>) and an attempt, a job only
    /// moves forward: queued, rendering, waiting to try again, finished; and its outputs only add up.
    /// </summary>
    public bool Supersedes(JobView shown) =>
        (QueuedAt, Attempts, Step, Completed + Failed, UpdatedAt)
        .CompareTo((shown.QueuedAt, shown.Attempts, shown.Step, shown.Completed + shown.Failed, shown.UpdatedAt)) >= 0;

    private int Step => Status switch
    {
        JobStatus.Queued when ErrorMessage is null => 0,
        JobStatus.Processing => 1,
        JobStatus.Queued => 2,
        _ => 3,
    };
}

public sealed record BrandKitChoice(Guid Id, string Name, bool IsActive);

public sealed record DeliveredAsset(Guid Id, string Name, int Width, int Height, AssetFormat Format, int? ViralScore);

/// <summary>Submitting, listing and retrying a creator's generation jobs. Every call takes the acting user.</summary>
public sealed class GenerationService(
    IDbContextFactory<StudioDbContext> dbFactory,
    JobQueue queue,
    Plans plans,
    TimeProvider clock,
    Admin.AuditTrail audit)
{
    /// <summary>
    /// Checks the request, reserves its quota and creates its jobs in one transaction, then queues the work.
    /// A refused request changes nothing: no job row, no charge.
    /// </summary>
    public async Task<Guid> SubmitAsync(Guid userId, GenerationRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Problems() is { Count: > 0 } problems)
        {
            throw new RequestRefusedException(string.Join(" ", problems.Values));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var brandKitId = await ResolveBrandKitAsync(db, userId, request.BrandKitId, cancellationToken);
        await MediaLibrary.LockForUseAsync(db, userId, request.BackgroundMediaId, request.SubjectMediaId, cancellationToken);
        var jobs = PlanJobs(userId, request, brandKitId);
        var root = jobs[0];

        if (await plans.TryReserveOrSpendCreditsAsync(db, userId, request.Outputs, root.Id, cancellationToken) is not { } paidWith)
        {
            var message = await plans.DescribeRefusalAsync(db, userId, request.Outputs, cancellationToken);
            throw new RequestRefusedException(message, WayOut.Billing);
        }

        foreach (var leaf in jobs.Where(j => j.OutputKey is not null))
        {
            leaf.QuotaState = paidWith;
        }

        db.GenerationJobs.AddRange(jobs);
        await audit.WriteAsync(userId, Admin.AuditTrail.Actions.JobSubmitted, "generation_job", root.Id, null,
            new { outputs = request.Outputs, paidWith = TextEnum.ToText(paidWith), brandKit = brandKitId }, db, cancellationToken);
        await JobEvents.PublishAsync(db, userId, root.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // After the commit; a stop right here leaves them to JobQueue's sweep.
        await queue.HandOutAsync([.. jobs.Where(j => j.OutputKey is not null).Select(j => j.Id)], cancellationToken);
        return root.Id;
    }

    /// <summary>What the creator can still generate this month, credits included; pages show it before a submission.</summary>
    public async Task<Allowance> AllowanceAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        var credits = await Credits.BalanceAsync(db, userId, cancellationToken);
        return subscription is null
            ? new Allowance("no", 0, 0, credits, Plans.MonthStart(now).AddMonths(1))
            : new Allowance(TierLimits.For(subscription.Tier).Name, subscription.AssetsUsed, subscription.AssetsLimit, credits,
                Plans.ResetDate(subscription, now));
    }

    /// <summary>The creator's brand kits to pick from, active first.</summary>
    public async Task<IReadOnlyList<BrandKitChoice>> BrandKitChoicesAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BrandKits.AsNoTracking()
            .Where(k => k.UserId == userId && k.DeletedAt == null)
            .OrderByDescending(k => k.IsActive).ThenBy(k => k.Name)
            .Select(k => new BrandKitChoice(k.Id, k.Name, k.IsActive))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The creator's jobs, newest first, with what each has delivered.</summary>
    public async Task<IReadOnlyList<JobView>> ListAsync(Guid userId, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var roots = await db.GenerationJobs.AsNoTracking()
            .Where(j => j.UserId == userId && j.ParentJobId == null)
            .OrderByDescending(j => j.CreatedAt)
            .Take(take)
            .ToListAsync(cancellationToken);
        return await ViewsAsync(db, roots, cancellationToken);
    }

    /// <summary>One of the creator's jobs (by its top-level id, which is what job events carry); null when there is no such job of theirs.</summary>
    public async Task<JobView?> GetAsync(Guid userId, Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var root = await db.GenerationJobs.AsNoTracking()
            .Where(j => j.Id == jobId && j.UserId == userId && j.ParentJobId == null)
            .SingleOrDefaultAsync(cancellationToken);
        return root is null ? null : (await ViewsAsync(db, [root], cancellationToken))[0];
    }

    /// <summary>Runs a job's failed outputs again, reserving quota for them anew.</summary>
    public async Task RetryAsync(Guid userId, Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var root = await db.GenerationJobs
            .FromSql($"SELECT * FROM generation_jobs WHERE id = {jobId} AND user_id = {userId} AND parent_job_id IS NULL FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new RequestRefusedException("Job not found.");
        if (root.Status is not (JobStatus.Failed or JobStatus.Partial))
        {
            throw new RequestRefusedException("Only failed jobs can be retried; this one has not failed.");
        }

        var failed = root.OutputKey is not null
            ? [root]
            : await db.GenerationJobs.Where(j => j.ParentJobId == root.Id && j.Status == JobStatus.Failed).ToListAsync(cancellationToken);
        if (await plans.TryReserveOrSpendCreditsAsync(db, userId, failed.Count, root.Id, cancellationToken) is not { } paidWith)
        {
            throw new RequestRefusedException(await plans.DescribeRefusalAsync(db, userId, failed.Count, cancellationToken), WayOut.Billing);
        }

        foreach (var job in failed)
        {
            job.Status = JobStatus.Queued;
            job.FailedAssets = 0;
            job.RenderAttempts = 0;
            job.ErrorMessage = null;
            job.CompletedAt = null;
            job.StartedAt = null;
            job.ClaimedAt = null;
            job.QuotaState = paidWith;
            job.QueuedAt = clock.GetUtcNow();
        }

        if (root.OutputKey is null)
        {
            // A new round: pages tell its events from late ones of the round before by this time (JobView.Supersedes).
            root.QueuedAt = clock.GetUtcNow();
            root.FailedAssets -= failed.Count;
            root.Status = JobStatus.Processing;
            root.CompletedAt = null;
            root.StartedAt = null;
            root.ErrorMessage = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        await JobEvents.PublishAsync(db, userId, root.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await queue.HandOutAsync([.. failed.Select(j => j.Id)], cancellationToken);
    }

    internal static async Task<Guid?> ResolveBrandKitAsync(StudioDbContext db, Guid userId, Guid? requested, CancellationToken cancellationToken)
    {
        if (requested is { } id)
        {
            // Another creator's kit id gets the same answer as one that does not exist.
            return await db.BrandKits.AnyAsync(k => k.Id == id && k.UserId == userId && k.DeletedAt == null, cancellationToken)
                ? id
                : throw new RequestRefusedException("Brand kit not found. Pick one of your brand kits, or none to use your active one.", WayOut.BrandKits);
        }

        return await db.BrandKits.Where(k => k.UserId == userId && k.IsActive).Select(k => (Guid?)k.Id).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The rows a request becomes: one job for a single asset, else a parent with one child per output.</summary>
    private List<GenerationJob> PlanJobs(Guid userId, GenerationRequest request, Guid? brandKitId)
    {
        var now = clock.GetUtcNow();
        var context = new PlatformContext
        {
            Platform = request.Platform,
            Subline = string.IsNullOrWhiteSpace(request.Subline) ? null : request.Subline.Trim(),
            Badge = string.IsNullOrWhiteSpace(request.Badge) ? null : request.Badge.Trim(),
            BackgroundMediaId = request.BackgroundMediaId,
            SubjectMediaId = request.SubjectMediaId,
        };

        GenerationJob NewJob(AssetType? type, int total, Guid? parentId, bool producesOutput) => new()
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            ParentJobId = parentId,
            JobType = request.JobType,
            AssetType = type,
            Format = request.Format,
            CustomPrompt = request.Headline.Trim(),
            BrandKitId = brandKitId,
            PlatformContext = new PlatformContext
            {
                Platform = context.Platform, Subline = context.Subline, Badge = context.Badge,
                BackgroundMediaId = context.BackgroundMediaId, SubjectMediaId = context.SubjectMediaId,
            },
            TotalAssets = total,
            QueuedAt = now,
            Seed = RandomNumberGenerator.GetInt32(int.MaxValue),
            OutputKey = producesOutput ? StorageKeys.NewAssetKey(userId, FileExtension(request.Format)) : null,
            QuotaState = producesOutput ? QuotaState.Reserved : null,
        };

        if (request.JobType == JobType.Single)
        {
            return [NewJob(request.AssetTypes[0], 1, null, producesOutput: true)];
        }

        var parent = NewJob(request.JobType == JobType.Variation ? request.AssetTypes[0] : null, request.Outputs, null, producesOutput: false);
        var children = request.JobType == JobType.Batch
            ? request.AssetTypes.Select(t => NewJob(t, 1, parent.Id, producesOutput: true))
            : Enumerable.Range(0, request.Variations).Select(_ => NewJob(request.AssetTypes[0], 1, parent.Id, producesOutput: true));
        return [parent, .. children];
    }

    public static string FileExtension(AssetFormat format) => format switch
    {
        AssetFormat.Jpeg => "jpg",
        AssetFormat.Webp => "webp",
        _ => "png",
    };

    public static string ContentType(AssetFormat format) => format switch
    {
        AssetFormat.Jpeg => "image/jpeg",
        AssetFormat.Webp => "image/webp",
        _ => "image/png",
    };

    private static async Task<IReadOnlyList<JobView>> ViewsAsync(StudioDbContext db, List<GenerationJob> roots, CancellationToken cancellationToken)
    {
        var rootIds = roots.Select(r => r.Id).ToList();
        // A root that renders its own output (a single asset) has no children: a job change on the live path for
        // a single thumbnail then costs one round trip less.
        var parentIds = roots.Where(r => r.OutputKey is null).Select(r => r.Id).ToList();
        List<ChildJob> children = parentIds.Count == 0 ? [] : await db.GenerationJobs.AsNoTracking()
            .Where(j => j.ParentJobId != null && parentIds.Contains(j.ParentJobId.Value))
            .Select(j => new ChildJob(j.ParentJobId, j.Id, j.AssetType, j.PlatformContext.Platform))
            .ToListAsync(cancellationToken);
        var outputJobIds = rootIds.Concat(children.Select(c => c.Id)).ToList();
        var assets = await db.Assets.AsNoTracking()
            .Where(a => a.JobId != null && outputJobIds.Contains(a.JobId.Value))
            .Select(a => new { a.JobId, a.Id, a.AssetType, a.Width, a.Height, a.Format, a.ViralScore, a.CreatedAt })
            .ToListAsync(cancellationToken);

        return roots.Select(root =>
        {
            var mine = children.Where(c => c.ParentJobId == root.Id).ToList();
            var jobIds = mine.Select(c => c.Id).Append(root.Id).ToHashSet();
            var platform = root.PlatformContext.Platform;
            var names = mine.Count > 0
                ? mine.OrderBy(c => c.AssetType).Select(c => AssetCatalogue.For(c.AssetType!.Value, c.Platform).Name).Distinct().ToList()
                : [AssetCatalogue.For(root.AssetType!.Value, platform).Name];
            var delivered = assets.Where(a => jobIds.Contains(a.JobId!.Value)).OrderBy(a => a.AssetType).ThenBy(a => a.CreatedAt)
                .Select(a => new DeliveredAsset(a.Id, AssetCatalogue.For(a.AssetType, platform).Name, a.Width, a.Height, a.Format, a.ViralScore))
                .ToList();
            return new JobView(root.Id, root.JobType, root.Status, root.CustomPrompt ?? "", names, root.TotalAssets,
                root.CompletedAssets, root.FailedAssets, root.QueuedAt, root.StartedAt, root.CompletedAt, root.ErrorMessage, delivered,
                root.UpdatedAt) { Attempts = root.RenderAttempts };
        }).ToList();
    }

    private sealed record ChildJob(Guid? ParentJobId, Guid Id, AssetType? AssetType, Platforms.Platform? Platform);
}
