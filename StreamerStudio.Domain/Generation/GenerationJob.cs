using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Domain.Generation;

/// <summary>A creator's request for assets. Batch and variation jobs have one child job per output.</summary>
public class GenerationJob
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public Guid? ParentJobId { get; set; }
    public GenerationJob? ParentJob { get; set; }
    public JobStatus Status { get; set; } = JobStatus.Queued;
    public JobType JobType { get; set; }
    /// <summary>What this job renders; null on a batch parent, whose children each have one.</summary>
    public AssetType? AssetType { get; set; }
    public AssetFormat Format { get; set; } = AssetFormat.Png;
    /// <summary>The headline the creator asked for.</summary>
    public string? CustomPrompt { get; set; }
    public Guid? BrandKitId { get; set; }
    public BrandKit? BrandKit { get; set; }
    /// <summary>jsonb: platform and the rest of the creator's text.</summary>
    public PlatformContext PlatformContext { get; set; } = new();
    /// <summary>Picks the layout and its variation; the same seed renders the same bytes.</summary>
    public int Seed { get; set; }
    /// <summary>Where this job's file goes, chosen (randomly) at submission so a re-run overwrites rather than orphans.</summary>
    public string? OutputKey { get; set; }
    /// <summary>The quota reserved for this job's one output: charged when delivered, released when it fails.</summary>
    public QuotaState? QuotaState { get; set; }
    public int TotalAssets { get; set; }
    public int CompletedAssets { get; set; }
    public int FailedAssets { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    /// <summary>When a worker last took this job; another may take it over once the claim is old (its worker died).</summary>
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? ErrorMessage { get; set; }
    /// <summary>
    /// How many times a worker has started rendering this job, counted when it claims the job and before it
    /// renders, so an attempt whose process crashed counts too.
    /// </summary>
    public int RenderAttempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public class PlatformContext
{
    public Platforms.Platform? Platform { get; set; }
    public string? Subline { get; set; }
    public string? Badge { get; set; }
    /// <summary>The media library picture behind the text, if the creator chose one.</summary>
    public Guid? BackgroundMediaId { get; set; }
    /// <summary>The media library cut-out beside the text, if the creator chose one.</summary>
    public Guid? SubjectMediaId { get; set; }
}

/// <summary>
/// How one output is paid for: from the monthly allowance (reserved → charged | released) or, once that is
/// used up, with credits (credit_reserved → credit_charged | credit_refunded).
/// </summary>
public enum QuotaState
{
    Reserved,
    Charged,
    Released,
    CreditReserved,
    CreditCharged,
    CreditRefunded,
}

public enum JobStatus
{
    Queued,
    Processing,
    Completed,
    Failed,
    Partial,
}

public enum JobType
{
    Single,
    Batch,
    Variation,
}

public enum AssetType
{
    Thumbnail,
    Overlay,
    Banner,
    OfflineScreen,
    StoryGraphic,
    ClipCover,
}

public enum AssetFormat
{
    Png,
    Jpeg,
    Webp,
}
