using Microsoft.AspNetCore.DataProtection;
using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Domain.Platforms;

/// <summary>The tokens an OAuth callback hands over for a channel.</summary>
public sealed record ChannelGrant(Platform Platform, string PlatformUserId, string? Username, string AccessToken, string? RefreshToken,
    DateTimeOffset? ExpiresAt);

/// <summary>
/// A creator's connected channels, within their plan's limit. Tokens are encrypted with ASP.NET Core Data
/// Protection before they reach the database. (The OAuth flows that call this arrive with the platforms work.)
/// </summary>
public sealed class PlatformConnectionService(IDbContextFactory<StudioDbContext> dbFactory, IDataProtectionProvider dataProtection)
{
    private IDataProtector Tokens => dataProtection.CreateProtector("StreamerStudio.PlatformTokens");

    /// <summary>
    /// Connects (or reconnects) a channel. A new platform beyond the plan's limit is refused with the tier and
    /// limit; reconnecting a platform already connected is always allowed. Nothing is deleted on a downgrade.
    /// </summary>
    public async Task ConnectAsync(Guid userId, ChannelGrant grant, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One creator's connections change one at a time, so two tabs cannot both take the last slot.
        await Plans.LockCreatorAsync(db, userId, cancellationToken);
        var existing = await db.PlatformConnections.SingleOrDefaultAsync(c => c.UserId == userId && c.Platform == grant.Platform, cancellationToken);
        if (existing is null || !existing.IsActive)
        {
            var subscription = await db.Subscriptions.AsNoTracking().SingleAsync(s => s.UserId == userId, cancellationToken);
            var active = await db.PlatformConnections.CountAsync(c => c.UserId == userId && c.IsActive, cancellationToken);
            if (subscription.PlatformsLimit != TierLimits.Unlimited && active >= subscription.PlatformsLimit)
            {
                throw new RequestRefusedException(
                    $"Your {TierLimits.For(subscription.Tier).Name} plan connects up to {subscription.PlatformsLimit} channel{(subscription.PlatformsLimit == 1 ? "" : "s")} " +
                    $"and you have {active}. Disconnect one, or upgrade on the Billing page.");
            }
        }

        var connection = existing ?? db.PlatformConnections.Add(new PlatformConnection
        {
            UserId = userId,
            Platform = grant.Platform,
            PlatformUserId = grant.PlatformUserId,
        }).Entity;
        connection.PlatformUserId = grant.PlatformUserId;
        connection.PlatformUsername = grant.Username;
        connection.AccessTokenEncrypted = Tokens.Protect(grant.AccessToken);
        connection.RefreshTokenEncrypted = grant.RefreshToken is null ? null : Tokens.Protect(grant.RefreshToken);
        connection.TokenExpiresAt = grant.ExpiresAt;
        connection.IsActive = true;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DisconnectAsync(Guid userId, Platform platform, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var removed = await db.PlatformConnections.Where(c => c.UserId == userId && c.Platform == platform).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            throw new RequestRefusedException("That channel is not connected.");
        }
    }

    /// <summary>The decrypted access token of the creator's channel, for calling the platform; null when not connected.</summary>
    public async Task<string?> AccessTokenAsync(Guid userId, Platform platform, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var encrypted = await db.PlatformConnections
            .Where(c => c.UserId == userId && c.Platform == platform && c.IsActive)
            .Select(c => c.AccessTokenEncrypted)
            .SingleOrDefaultAsync(cancellationToken);
        return encrypted is null ? null : Tokens.Unprotect(encrypted);
    }
}
