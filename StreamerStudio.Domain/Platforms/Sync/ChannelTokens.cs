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

/// <summary>
/// The sync's tokens: the stored access token, decrypted. Not yet refreshed here: the sync holds its claim's row lock
/// on the connection while it calls the platform, and <see cref="ChannelConnections.AccessTokenAsync(Guid, Guid, CancellationToken)"/>
/// refreshes under that same row's lock, so calling it from inside the sync would wait on itself. Until the sync
/// claims with a lease instead of a held lock, a token the platform refuses means reconnecting.
/// </summary>
internal sealed class ConnectionTokens(IDbContextFactory<StudioDbContext> dbFactory, IDataProtectionProvider dataProtection) : IChannelTokens
{
    public async Task<string> AccessTokenAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var encrypted = await db.PlatformConnections.Where(c => c.Id == connectionId && c.IsActive)
            .Select(c => c.AccessTokenEncrypted).SingleOrDefaultAsync(cancellationToken);
        return encrypted is null
            ? throw new ChannelNeedsReconnectException(connectionId, "Streamer Studio has no access to this channel any more. Reconnect it on the Channels page.")
            : dataProtection.CreateProtector(ChannelConnections.TokenPurpose).Unprotect(encrypted);
    }

    public Task<string> RefreshAccessTokenAsync(Guid connectionId, CancellationToken cancellationToken) =>
        throw new ChannelNeedsReconnectException(connectionId,
            "The platform no longer accepts Streamer Studio's access to this channel. Reconnect it on the Channels page.");
}
