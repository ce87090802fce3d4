using Microsoft.AspNetCore.DataProtection;

namespace StreamerStudio.Domain.Platforms.Sync;

/// <summary>
/// Where the sync gets a connection's access token: the one place the sync meets the connect work (OAuth, token
/// refresh). The sync never sees a refresh token and never stores a token.
/// </summary>
public interface IChannelTokens
{
    /// <summary>The current access token; throws <see cref="ChannelNeedsReconnectException"/> when there is none.</summary>
    Task<string> AccessTokenAsync(Guid connectionId, CancellationToken cancellationToken);

    /// <summary>
    /// A fresh access token after the platform refused the current one (a 401). Throws
    /// <see cref="ChannelNeedsReconnectException"/> when the grant itself is gone.
    /// </summary>
    Task<string> RefreshAccessTokenAsync(Guid connectionId, CancellationToken cancellationToken);
}

/// <summary>The platform no longer accepts the creator's grant: only a new consent on the Channels page fixes it.</summary>
public sealed class ChannelNeedsReconnectException(string message) : Exception(message);

/// <summary>
/// TEMPORARY, replaced when the connect work (branch i13-connect) lands with its own <see cref="IChannelTokens"/>:
/// reads the stored token the way <see cref="PlatformConnectionService"/> does, and cannot refresh, so a refused
/// token means reconnecting.
/// </summary>
internal sealed class StoredChannelTokens(IDbContextFactory<StudioDbContext> dbFactory, IDataProtectionProvider dataProtection) : IChannelTokens
{
    public async Task<string> AccessTokenAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var encrypted = await db.PlatformConnections.Where(c => c.Id == connectionId && c.IsActive)
            .Select(c => c.AccessTokenEncrypted).SingleOrDefaultAsync(cancellationToken);
        return encrypted is null
            ? throw new ChannelNeedsReconnectException("Streamer Studio has no access to this channel any more. Reconnect it on the Channels page.")
            : dataProtection.CreateProtector("StreamerStudio.PlatformTokens").Unprotect(encrypted);
    }

    public Task<string> RefreshAccessTokenAsync(Guid connectionId, CancellationToken cancellationToken) =>
        throw new ChannelNeedsReconnectException("The platform no longer accepts Streamer Studio's access to this channel. Reconnect it on the Channels page.");
}
