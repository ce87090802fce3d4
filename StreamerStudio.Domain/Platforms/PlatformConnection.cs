using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Platforms;

/// <summary>A creator's connected channel; one per platform. Tokens are encrypted at rest.</summary>
public class PlatformConnection
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public Platform Platform { get; set; }
    public required string PlatformUserId { get; set; }
    public string? PlatformUsername { get; set; }
    public string? AccessTokenEncrypted { get; set; }
    public string? RefreshTokenEncrypted { get; set; }
    public DateTimeOffset? TokenExpiresAt { get; set; }
    /// <summary>jsonb: the channel's last-fetched profile and stats.</summary>
    public string? CachedMetadata { get; set; }
    public DateTimeOffset? MetadataUpdatedAt { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum Platform
{
    Twitch,
    Youtube,
    Tiktok,
}
