using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Domain.Platforms.Sync;

/// <summary>How one connection's sync ended: synced, or why not in the creator's words.</summary>
public sealed record SyncOutcome(Guid ConnectionId, bool Synced, string? Error);

/// <summary>What one run of the recurring sync did.</summary>
public sealed record SyncRun(int Synced, int Failed);

/// <summary>
/// The stats and content sync (issue 13): keeps each connection's channels, their figures and daily history, and their
/// recent videos, VODs and clips in step with the platform. The one owner of the sync bookkeeping on
/// <see cref="PlatformConnection"/> (LastSyncedAt, NextSyncAt, SyncFailures, LastError, and Status when a grant is refused).
/// </summary>
/// <remarks>
/// Each connection is synced in its own transaction that starts by locking its row with <c>FOR UPDATE SKIP LOCKED</c>:
/// two job servers (or a job and a "refresh now") never sync one connection at once, and a server that dies mid-sync
/// releases the lock with its database session. The platform is read first and the result written at the end of that
/// transaction, so a connection is stored whole or not at all.
/// </remarks>
public sealed partial class ChannelSync(
    IDbContextFactory<StudioDbContext> dbFactory,
    IChannelTokens tokens,
    TwitchApi twitch,
    YoutubeApi youtube,
    TiktokApi tiktok,
    IOptions<ChannelSyncOptions> options,
    TimeProvider clock,
    ILogger<ChannelSync> logger)
{
    private ChannelSyncOptions Settings => options.Value;

    /// <summary>
    /// Syncs every connection due, <see cref="ChannelSyncOptions.Concurrency"/> at a time, until none is due or the
    /// run's budget is spent (the next minute's run carries on).
    /// </summary>
    public async Task<SyncRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var stopPickingAt = clock.GetUtcNow() + Settings.RunBudget;
        int synced = 0, failed = 0;
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, Settings.Concurrency)).Select(async _ =>
        {
            while (!cancellationToken.IsCancellationRequested && clock.GetUtcNow() < stopPickingAt)
            {
                var outcome = await SyncAsync(DueConnection, cancellationToken);
                if (outcome is null)
                {
                    return;
                }

                Interlocked.Increment(ref outcome.Synced ? ref synced : ref failed);
            }
        }));
        return new SyncRun(synced, failed);

        Task<PlatformConnection?> DueConnection(StudioDbContext db) => ClaimAsync(db, db.PlatformConnections.FromSql(
            $"""
             SELECT * FROM platform_connections
             WHERE is_active AND status = {TextEnum.ToText(ConnectionStatus.Connected)} AND (next_sync_at IS NULL OR next_sync_at <= {clock.GetUtcNow()})
             ORDER BY next_sync_at NULLS FIRST, id
             LIMIT 1
             FOR UPDATE SKIP LOCKED
             """), cancellationToken);
    }

    /// <summary>
    /// The creator's "refresh now": syncs the connection at once, at most once per
    /// <see cref="ChannelSyncOptions.SyncNowInterval"/>. Another creator's connection is "not found".
    /// </summary>
    public async Task<SyncOutcome> SyncNowAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var connection = await db.PlatformConnections.AsNoTracking()
                .SingleOrDefaultAsync(c => c.Id == connectionId && c.UserId == userId && c.IsActive, cancellationToken)
                ?? throw new RequestRefusedException("That channel was not found.");
            Refuse(connection);
        }

        return await SyncAsync(db => ClaimAsync(db, db.PlatformConnections.FromSql(
                   $"SELECT * FROM platform_connections WHERE id = {connectionId} AND user_id = {userId} AND is_active FOR UPDATE SKIP LOCKED"),
                   cancellationToken), cancellationToken, Refuse)
               ?? throw new RequestRefusedException("This channel is being refreshed right now; its figures update in a moment.");

        void Refuse(PlatformConnection connection)
        {
            var now = clock.GetUtcNow();
            if (connection.Status == ConnectionStatus.NeedsReconnect)
            {
                throw new RequestRefusedException($"{Name(connection.Platform)} needs you to reconnect this channel before it can be refreshed.",
                    new WayOut("/channels", "Open your channels"));
            }

            if (connection.LastSyncedAt is { } last && now - last < Settings.SyncNowInterval)
            {
                throw new RequestRefusedException(
                    $"This channel was refreshed {Math.Max(1, (int)(now - last).TotalMinutes)} minute(s) ago. You can refresh it once every " +
                    $"{(int)Settings.SyncNowInterval.TotalMinutes} minutes; try again at {last + Settings.SyncNowInterval:HH:mm} UTC.");
            }

            if (connection.LastError is not null && connection.NextSyncAt is { } next && next > now)
            {
                throw new RequestRefusedException($"{connection.LastError} You can refresh it after {next:HH:mm} UTC.");
            }
        }
    }

    private static async Task<PlatformConnection?> ClaimAsync(StudioDbContext db, IQueryable<PlatformConnection> locking, CancellationToken cancellationToken) =>
        // Not composed further: the lock clause must stay the outermost one.
        (await locking.ToListAsync(cancellationToken)).SingleOrDefault();

    /// <summary>Claims one connection with <paramref name="claim"/> and syncs it; null when there was nothing to claim.</summary>
    private async Task<SyncOutcome?> SyncAsync(Func<StudioDbContext, Task<PlatformConnection?>> claim, CancellationToken cancellationToken,
        Action<PlatformConnection>? checkClaimed = null)
    {
        Guid? claimedId = null;
        Platform platform = default;
        try
        {
            using var timeout = new CancellationTokenSource(Settings.ConnectionTimeout, clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(linked.Token);
            var connection = await claim(db);
            if (connection is null)
            {
                return null;
            }

            // Checked again under the lock: a sync may have finished between the first look and the claim.
            checkClaimed?.Invoke(connection);
            (claimedId, platform) = (connection.Id, connection.Platform);
            var outcome = await SyncClaimedAsync(db, connection, linked.Token);
            await db.SaveChangesAsync(linked.Token);
            await transaction.CommitAsync(linked.Token);
            return outcome;
        }
        catch (Exception e) when (claimedId is { } id && e is not RequestRefusedException && !cancellationToken.IsCancellationRequested)
        {
            // The reads were fine but the write was not (or the connection's time ran out while writing): nothing of
            // it was kept. Back off so the next pick is another creator's.
            LogWriteFailed(e, id, platform);
            var failure = Words(platform, ApiFailure.Unavailable, e is OperationCanceledException);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var connection = await db.PlatformConnections.SingleAsync(c => c.Id == id, cancellationToken);
            BackOff(connection, failure);
            await db.SaveChangesAsync(cancellationToken);
            return new SyncOutcome(id, false, connection.LastError);
        }
    }

    /// <summary>Reads the platform and, when that worked, writes it; otherwise records why and when to try again.</summary>
    private async Task<SyncOutcome> SyncClaimedAsync(StudioDbContext db, PlatformConnection connection, CancellationToken cancellationToken)
    {
        IReadOnlyList<ChannelReading> readings;
        try
        {
            readings = await ReadAsync(connection, cancellationToken);
        }
        catch (Exception e) when (e is ChannelNeedsReconnectException or PlatformApiException { Failure: ApiFailure.Unauthorized or ApiFailure.MissingPermission })
        {
            // The seam's and the platform's reasons go to the log; the creator reads one sentence per case, from here.
            LogSyncFailed(connection.Id, connection.Platform, e.Message);
            return NeedsReconnect(connection, e is PlatformApiException { Failure: ApiFailure.MissingPermission }
                ? $"{Name(connection.Platform)} did not give Streamer Studio permission to read this channel's stats and videos. Reconnect it on the Channels page and allow them."
                : $"{Name(connection.Platform)} no longer accepts Streamer Studio's access to this channel. Reconnect it on the Channels page.");
        }
        catch (PlatformApiException e)
        {
            LogSyncFailed(connection.Id, connection.Platform, e.Message);
            var now = clock.GetUtcNow();
            if (e.Failure is ApiFailure.RateLimited or ApiFailure.QuotaExhausted)
            {
                // The platform says when; the job does not wait for it, the connection simply is not due before then.
                var allowedAt = e.RetryAt is { } at && at > now ? at : now + TimeSpan.FromMinutes(1);
                connection.NextSyncAt = allowedAt;
                connection.LastError = e.Failure == ApiFailure.QuotaExhausted
                    ? "YouTube's daily allowance of requests for Streamer Studio is used up. Your stats update again after midnight Pacific time."
                    : $"{Name(connection.Platform)} asked Streamer Studio to slow down. Your stats update again at {allowedAt:HH:mm} UTC.";
                return new SyncOutcome(connection.Id, false, connection.LastError);
            }

            BackOff(connection, Words(connection.Platform, e.Failure, timedOut: false));
            return new SyncOutcome(connection.Id, false, connection.LastError);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // This connection's time ran out; the job itself goes on (a stopping job server ends the whole sync instead).
            LogSyncFailed(connection.Id, connection.Platform, e.Message);
            BackOff(connection, Words(connection.Platform, ApiFailure.Unavailable, timedOut: true));
            return new SyncOutcome(connection.Id, false, connection.LastError);
        }

        var tier = await db.Subscriptions.Where(s => s.UserId == connection.UserId).Select(s => (SubscriptionTier?)s.Tier)
            .SingleOrDefaultAsync(cancellationToken) ?? SubscriptionTier.Free;
        await WriteAsync(db, connection, readings, cancellationToken);
        var synced = clock.GetUtcNow();
        connection.LastSyncedAt = synced;
        connection.NextSyncAt = synced + Plans.SyncInterval(tier);
        connection.SyncFailures = 0;
        connection.LastError = null;
        return new SyncOutcome(connection.Id, true, null);
    }

    /// <summary>One refresh through the token seam when the platform refuses the token, then the refusal stands.</summary>
    private async Task<IReadOnlyList<ChannelReading>> ReadAsync(PlatformConnection connection, CancellationToken cancellationToken)
    {
        var accessToken = await tokens.AccessTokenAsync(connection.Id, cancellationToken);
        try
        {
            return await ReadWithAsync(accessToken);
        }
        catch (PlatformApiException e) when (e.Failure == ApiFailure.Unauthorized)
        {
            return await ReadWithAsync(await tokens.RefreshAccessTokenAsync(connection.Id, cancellationToken));
        }

        Task<IReadOnlyList<ChannelReading>> ReadWithAsync(string token) => connection.Platform switch
        {
            Platform.Twitch => twitch.ReadAsync(token, Settings.MaxContentPages, cancellationToken),
            Platform.Youtube => youtube.ReadAsync(token, Settings.MaxContentPages, Settings.HistoryDays, cancellationToken),
            Platform.Tiktok => tiktok.ReadAsync(token, connection.Scopes, Settings.MaxContentPages, cancellationToken),
            _ => throw new InvalidOperationException($"No sync for {connection.Platform}."),
        };
    }

    /// <summary>Upserts the channels, their figures and history, and their content, all in the caller's transaction.</summary>
    private async Task WriteAsync(StudioDbContext db, PlatformConnection connection, IReadOnlyList<ChannelReading> readings,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var channels = await db.Channels.Where(c => c.ConnectionId == connection.Id).ToListAsync(cancellationToken);
        var channelIds = channels.Select(c => c.Id).ToList();
        var snapshots = await db.AnalyticsSnapshots.Where(s => channelIds.Contains(s.ChannelId)).ToListAsync(cancellationToken);
        var contentIds = readings.SelectMany(r => r.Content).Select(c => c.PlatformContentId).Distinct().ToList();
        var knownContent = await db.ContentItems.Where(c => channelIds.Contains(c.ChannelId) && contentIds.Contains(c.PlatformContentId))
            .ToListAsync(cancellationToken);

        foreach (var (index, reading) in readings.Index())
        {
            var channel = channels.SingleOrDefault(c => c.PlatformChannelId == reading.PlatformChannelId);
            if (channel is null)
            {
                channel = new Channel
                {
                    UserId = connection.UserId, ConnectionId = connection.Id, Platform = connection.Platform,
                    PlatformChannelId = reading.PlatformChannelId, Name = reading.Name,
                };
                db.Channels.Add(channel);
            }

            channel.Name = reading.Name;
            channel.Handle = reading.Handle;
            channel.Url = reading.Url;
            channel.AvatarUrl = reading.AvatarUrl;
            channel.Description = reading.Description;
            channel.IsPrimary = index == 0;
            channel.LastSyncedAt = now;

            var snapshot = snapshots.SingleOrDefault(s => s.ChannelId == channel.Id);
            if (snapshot is null)
            {
                snapshot = new AnalyticsSnapshot { UserId = connection.UserId, Channel = channel };
                db.AnalyticsSnapshots.Add(snapshot);
            }

            snapshot.Figures = reading.Figures;
            snapshot.History = MergeHistory(snapshot.History, reading.History, reading.Figures, today, Settings.HistoryDays);

            // A list paged while it changes can repeat an item.
            foreach (var read in reading.Content.DistinctBy(c => c.PlatformContentId))
            {
                var item = knownContent.SingleOrDefault(c => c.ChannelId == channel.Id && c.PlatformContentId == read.PlatformContentId);
                if (item is null)
                {
                    item = new ContentItem
                    {
                        UserId = connection.UserId, Channel = channel, Platform = connection.Platform,
                        PlatformContentId = read.PlatformContentId, Title = read.Title,
                    };
                    db.ContentItems.Add(item);
                }

                item.Kind = read.Kind;
                item.Url = read.Url;
                item.Title = read.Title;
                item.Description = read.Description;
                item.Tags = read.Tags;
                item.ThumbnailUrl = read.ThumbnailUrl;
                item.DurationSeconds = read.DurationSeconds;
                item.ViewCount = read.Views;
                item.LikeCount = read.Likes;
                item.CommentCount = read.Comments;
                item.PublishedAt = read.PublishedAt;
                item.SyncedAt = now;
            }
        }
    }

    /// <summary>
    /// The kept daily series merged with what was read, one point per day, the last <paramref name="days"/> days.
    /// Today's point carries the header's follower count, and the followers gained since the last day we know when the
    /// platform does not say (Twitch and TikTok have no daily series of their own).
    /// </summary>
    internal static List<DailyFigures> MergeHistory(IEnumerable<DailyFigures> kept, IReadOnlyList<DailyFigures> read, ChannelFigures figures,
        DateOnly today, int days)
    {
        var byDay = kept.ToDictionary(d => d.Day);
        foreach (var day in read)
        {
            byDay[day.Day] = byDay.TryGetValue(day.Day, out var old)
                ? day with
                {
                    Followers = day.Followers ?? old.Followers,
                    FollowersGained = day.FollowersGained ?? old.FollowersGained,
                    Views = day.Views ?? old.Views,
                    WatchMinutes = day.WatchMinutes ?? old.WatchMinutes,
                    Likes = day.Likes ?? old.Likes,
                }
                : day;
        }

        var before = byDay.Values.Where(d => d.Day < today && d.Followers is not null).MaxBy(d => d.Day);
        var point = byDay.GetValueOrDefault(today) ?? new DailyFigures { Day = today };
        byDay[today] = point with
        {
            Followers = figures.Followers ?? point.Followers,
            FollowersGained = read.FirstOrDefault(d => d.Day == today)?.FollowersGained
                              ?? (figures.Followers - before?.Followers) ?? point.FollowersGained,
        };
        return byDay.Values.Where(d => d.Day > today.AddDays(-days)).OrderBy(d => d.Day).ToList();
    }

    private SyncOutcome NeedsReconnect(PlatformConnection connection, string error)
    {
        // No retry until the creator reconnects: the connect flow sets the status back.
        connection.Status = ConnectionStatus.NeedsReconnect;
        connection.LastError = error;
        return new SyncOutcome(connection.Id, false, error);
    }

    /// <summary>Each failure in a row doubles the wait, from <see cref="ChannelSyncOptions.BackoffBase"/> up to a day.</summary>
    private void BackOff(PlatformConnection connection, string error)
    {
        var wait = TimeSpan.FromTicks((long)Math.Min(Settings.BackoffBase.Ticks * Math.Pow(2, Math.Min(connection.SyncFailures, 30)),
            TimeSpan.FromDays(1).Ticks));
        connection.SyncFailures++;
        connection.NextSyncAt = clock.GetUtcNow() + wait;
        connection.LastError = $"{error} We'll try again at {connection.NextSyncAt:HH:mm} UTC.";
    }

    private static string Words(Platform platform, ApiFailure failure, bool timedOut) => (failure, timedOut) switch
    {
        (_, true) => $"{Name(platform)} took too long to answer, so your stats were not updated.",
        (ApiFailure.Unavailable, _) => $"{Name(platform)} is not answering right now, so your stats were not updated.",
        _ => $"{Name(platform)} sent an answer Streamer Studio did not understand, so your stats were not updated.",
    };

    private static string Name(Platform platform) => platform switch
    {
        Platform.Youtube => "YouTube",
        Platform.Tiktok => "TikTok",
        _ => "Twitch",
    };

    [LoggerMessage(LogLevel.Warning, "Sync of connection {ConnectionId} ({Platform}) failed: {Failure}")]
    private partial void LogSyncFailed(Guid connectionId, Platform platform, string failure);

    [LoggerMessage(LogLevel.Error, "Sync of connection {ConnectionId} ({Platform}) could not be stored")]
    private partial void LogWriteFailed(Exception exception, Guid connectionId, Platform platform);
}
