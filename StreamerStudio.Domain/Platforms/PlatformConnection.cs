using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Platforms;

/// <summary>
/// A creator's OAuth grant on one platform (seed 000 <c>platform_connections</c>, seed 002 <c>platform_connection</c>);
/// one per platform. It can own several channels (<see cref="Channel"/>). Tokens are encrypted at rest and never leave
/// the server.
/// </summary>
public class PlatformConnection
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public Platform Platform { get; set; }
    public required string PlatformUserId { get; set; }
    public string? PlatformUsername { get; set; }
    public string? DisplayName { get; set; }
    public string? AvatarUrl { get; set; }
    public string? AccessTokenEncrypted { get; set; }
    public string? RefreshTokenEncrypted { get; set; }
    public DateTimeOffset? TokenExpiresAt { get; set; }
    /// <summary>When the refresh token itself stops working (TikTok says; Google and Twitch do not).</summary>
    public DateTimeOffset? RefreshTokenExpiresAt { get; set; }
    /// <summary>The scopes the creator actually granted: they can untick some on the consent screen.</summary>
    public string[] Scopes { get; set; } = [];
    public ConnectionStatus Status { get; set; } = ConnectionStatus.Connected;
    /// <summary>What went wrong last (a refresh refused, a sync failed), in words a creator can act on; never a token.</summary>
    public string? LastError { get; set; }
    /// <summary>jsonb: the channel's last-fetched profile and stats.</summary>
    public string? CachedMetadata { get; set; }
    public DateTimeOffset? MetadataUpdatedAt { get; set; }
    /// <summary>Stats sync bookkeeping (seed 001 <c>accounts_due_for_update</c>): null means never synced, so due now.</summary>
    public DateTimeOffset? LastSyncedAt { get; set; }
    public DateTimeOffset? NextSyncAt { get; set; }
    /// <summary>Failed syncs in a row; backs the next attempt off so one broken channel does not hog the sync.</summary>
    public int SyncFailures { get; set; }
    /// <summary>
    /// While a sync works on this connection: when its claim lapses. The sync calls the platform without holding the
    /// row lock (a token refresh needs it), so this is what keeps a second sync off; a crashed sync's claim simply lapses.
    /// </summary>
    public DateTimeOffset? SyncLeaseUntil { get; set; }
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

public enum ConnectionStatus
{
    Connected,
    /// <summary>The platform refused the grant (revoked, expired, invalid): only a new consent fixes it.</summary>
    NeedsReconnect,
}
