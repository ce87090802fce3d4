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
    public AssetType AssetType { get; set; }
    public string? CustomPrompt { get; set; }
    public Guid? BrandKitId { get; set; }
    public BrandKit? BrandKit { get; set; }
    /// <summary>jsonb: platform-specific request details.</summary>
    public string? PlatformContext { get; set; }
    public int TotalAssets { get; set; }
    public int CompletedAssets { get; set; }
    public int FailedAssets { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? ErrorMessage { get; set; }
    public int RetryCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
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
