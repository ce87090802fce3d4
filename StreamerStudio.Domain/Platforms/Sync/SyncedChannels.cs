namespace StreamerStudio.Domain.Platforms.Sync;

public sealed record ConnectionStats(
    Guid ConnectionId,
    Platform Platform,
    ConnectionStatus Status,
    string? LastError,
    DateTimeOffset? LastSyncedAt,
    DateTimeOffset? NextSyncAt,
    IReadOnlyList<ChannelStats> Channels);

public sealed record ChannelStats(
    Guid ChannelId,
    string Name,
    string? Handle,
    string? Url,
    string? AvatarUrl,
    bool IsPrimary,
    ChannelFigures Figures,
    IReadOnlyList<DailyFigures> History);

public sealed record ContentSummary(
    Guid Id,
    Guid ChannelId,
    Platform Platform,
    ContentKind Kind,
    string Title,
    string? Url,
    string? ThumbnailUrl,
    int? DurationSeconds,
    long? ViewCount,
    long? LikeCount,
    long? CommentCount,
    DateTimeOffset? PublishedAt);

public sealed record ContentPage(IReadOnlyList<ContentSummary> Items, int Page, bool HasMore);

/// <summary>What the sync stored, as the Channels page shows it: only ever the asking creator's own.</summary>
public sealed class SyncedChannels(IDbContextFactory<StudioDbContext> dbFactory)
{
    public const int PageSize = 24;

    /// <summary>Each of the creator's connections with its channels, their current figures and daily history.</summary>
    public async Task<IReadOnlyList<ConnectionStats>> ChannelStatsAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connections = await db.PlatformConnections.AsNoTracking().Where(c => c.UserId == userId && c.IsActive)
            .OrderBy(c => c.Platform).ToListAsync(cancellationToken);
        var channels = await db.Channels.AsNoTracking().Where(c => c.UserId == userId)
            .OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        var snapshots = await db.AnalyticsSnapshots.AsNoTracking().Where(s => s.UserId == userId).ToDictionaryAsync(s => s.ChannelId, cancellationToken);

        return connections.Select(c => new ConnectionStats(c.Id, c.Platform, c.Status, c.LastError, c.LastSyncedAt, c.NextSyncAt,
            channels.Where(ch => ch.ConnectionId == c.Id).Select(ch => new ChannelStats(ch.Id, ch.Name, ch.Handle, ch.Url, ch.AvatarUrl,
                ch.IsPrimary, snapshots.GetValueOrDefault(ch.Id)?.Figures ?? new ChannelFigures(), snapshots.GetValueOrDefault(ch.Id)?.History ?? []))
                .ToList())).ToList();
    }

    /// <summary>
    /// The creator's videos, VODs and clips matching <paramref name="query"/> (web-search syntax: words, "phrases",
    /// -excluded; every word by itself, no stemming), newest first; all of them when the query is blank. With
    /// <paramref name="channelId"/>, only that channel's (still only when it is the creator's).
    /// </summary>
    public async Task<ContentPage> SearchContentAsync(Guid userId, string? query, int page = 0, Guid? channelId = null,
        CancellationToken cancellationToken = default)
    {
        page = Math.Max(page, 0);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = db.ContentItems.AsNoTracking().Where(c => c.UserId == userId);
        if (channelId is { } channel)
        {
            items = items.Where(c => c.ChannelId == channel);
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            items = items.Where(c => c.SearchVector.Matches(EF.Functions.WebSearchToTsQuery("simple", query)));
        }

        var found = await items
            .OrderByDescending(c => c.PublishedAt).ThenBy(c => c.Id)
            .Skip(page * PageSize).Take(PageSize + 1)
            .Select(c => new ContentSummary(c.Id, c.ChannelId, c.Platform, c.Kind, c.Title, c.Url, c.ThumbnailUrl, c.DurationSeconds,
                c.ViewCount, c.LikeCount, c.CommentCount, c.PublishedAt))
            .ToListAsync(cancellationToken);
        return new ContentPage(found.Take(PageSize).ToList(), page, found.Count > PageSize);
    }
}
