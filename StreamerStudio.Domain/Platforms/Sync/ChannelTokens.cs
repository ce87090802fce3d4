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
/// The sync's tokens come from <see cref="ChannelConnections"/>, which refreshes them one caller at a time. The sync
/// runs for no signed-in user, so the owner is read from the connection itself.
/// </summary>
internal sealed class ConnectionTokens(IDbContextFactory<StudioDbContext> dbFactory, ChannelConnections connections) : IChannelTokens
{
    public async Task<string> AccessTokenAsync(Guid connectionId, CancellationToken cancellationToken) =>
        await connections.AccessTokenAsync(await OwnerAsync(connectionId, cancellationToken), connectionId, refused: null, cancellationToken);

    public async Task<string> RefreshAccessTokenAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var owner = await OwnerAsync(connectionId, cancellationToken);
        var refused = await connections.AccessTokenAsync(owner, connectionId, refused: null, cancellationToken);
        return await connections.AccessTokenAsync(owner, connectionId, refused, cancellationToken);
    }

    private async Task<Guid> OwnerAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PlatformConnections.Where(c => c.Id == connectionId).Select(c => (Guid?)c.UserId).SingleOrDefaultAsync(cancellationToken)
               ?? throw new ChannelNeedsReconnectException(connectionId, "This channel is no longer connected.");
    }
}
