using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Domain.Platforms.Sync;

/// <summary>How one connection's sync ended: synced, or why not in the creator's words.</summary>
public sealed record SyncOutcome(Guid ConnectionId, bool Synced, string? Error);

/// <summary>What one run of the recurring sync did; skipped are connections over the plan's limit (read-only).</summary>
public sealed record SyncRun(int Synced, int Failed, int Skipped = 0);

/// <summary>
/// The stats and content sync (issue 13): keeps each connection's channels, their figures and daily history, and their
/// recent videos, VODs and clips in step with the platform. The one owner of the sync bookkeeping on
/// <see cref="PlatformConnection"/> (LastSyncedAt, NextSyncAt, SyncFailures, LastError, and Status when a grant is refused).
/// </summary>
/// <remarks>
/// Each connection is synced in three steps. A claim (one statement, <c>FOR UPDATE SKIP LOCKED</c>) sets a lease on the
/// row, so two job servers (or a job and a "refresh now") never sync one connection at once, and a server that dies
/// mid-sync only delays that connection until the lease lapses. Then the platform is read without any lock held, so
/// <see cref="ChannelConnections"/> can refresh the token under the row's lock as it does for everyone else. Last, one
/// transaction locks the row, checks the lease is still this sync's (a disconnect or reconnect meanwhile wins), and
/// writes everything read, or why nothing was: a connection is stored whole or not at all.
/// </remarks>
public sealed partial class ChannelSync(
    IDbContextFactory<StudioDbContext> dbFactory,
    ChannelConnections connections,
    TwitchApi twitch,
    YoutubeApi youtube,
    TiktokApi tiktok,
    IOptions<ChannelSyncOptions> options,
    Notifications.NotificationService notifications,
    TimeProvider clock,
    ILogger<ChannelSync> logger)
{
    private ChannelSyncOptions Settings => options.Value;

    /// <summary>How long a claim keeps other syncs off: longer than a connection may take, so only a dead sync's lapses.</summary>
    private TimeSpan Lease => Settings.ConnectionTimeout + TimeSpan.FromMinutes(1);

    /// <summary>
    /// Syncs every connection due, <see cref="ChannelSyncOptions.Concurrency"/> at a time, until none is due or the
    /// run's budget is spent (the next minute's run carries on).
    /// </summary>
    public async Task<SyncRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var stopPickingAt = clock.GetUtcNow() + Settings.RunBudget;
        int synced = 0, failed = 0, skipped = 0;
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, Settings.Concurrency)).Select(async _ =>
        {
            while (!cancellationToken.IsCancellationRequested && clock.GetUtcNow() < stopPickingAt)
            {
                var outcome = await SyncAsync(DueConnection, cancellationToken);
                if (outcome is null)
                {
                    return;
                }

                Interlocked.Increment(ref outcome.Synced ? ref synced : ref outcome.Error is null ? ref skipped : ref failed);
            }
        }));
        return new SyncRun(synced, failed, skipped);

        Task<PlatformConnection?> DueConnection(StudioDbContext db, DateTimeOffset now) => ClaimAsync(db.PlatformConnections.FromSql(
            $"""
             UPDATE platform_connections SET sync_lease_until = {now + Lease}
             WHERE id = (SELECT id FROM platform_connections
                         WHERE is_active AND status = {TextEnum.ToText(ConnectionStatus.Connected)}
                           AND (next_sync_at IS NULL OR next_sync_at <= {now}) AND (sync_lease_until IS NULL OR sync_lease_until <= {now})
                         ORDER BY next_sync_at NULLS FIRST, id
                         LIMIT 1
                         FOR UPDATE SKIP LOCKED)
             RETURNING *
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

        return await SyncAsync((db, now) => ClaimAsync(db.PlatformConnections.FromSql(
                   $"""
                    UPDATE platform_connections SET sync_lease_until = {now + Lease}
                    WHERE id = {connectionId} AND user_id = {userId} AND is_active AND (sync_lease_until IS NULL OR sync_lease_until <= {now})
                    RETURNING *
                    """), cancellationToken), cancellationToken, Refuse)
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

    private static async Task<PlatformConnection?> ClaimAsync(IQueryable<PlatformConnection> claiming, CancellationToken cancellationToken) =>
        // Not composed further: an UPDATE … RETURNING cannot be wrapped in a SELECT.
        (await claiming.AsNoTracking().ToListAsync(cancellationToken)).SingleOrDefault();

    /// <summary>What a sync found out, to be written under the row lock: figures, or why there are none.</summary>
    private delegate Task<SyncOutcome> Finding(StudioDbContext db, PlatformConnection connection);

    /// <summary>Claims one connection with <paramref name="claim"/> and syncs it; null when there was nothing to claim.</summary>
    private async Task<SyncOutcome?> SyncAsync(Func<StudioDbContext, DateTimeOffset, Task<PlatformConnection?>> claim, CancellationToken cancellationToken,
        Action<PlatformConnection>? checkClaimed = null)
    {
        PlatformConnection? claimed;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            claimed = await claim(db, clock.GetUtcNow());
        }

        if (claimed is null)
        {
            return null;
        }

        try
        {
            // Checked again on the claimed row: a sync may have finished between the first look and the claim.
            checkClaimed?.Invoke(claimed);
        }
        catch (RequestRefusedException)
        {
            await WriteAsync(claimed, (_, c) => Task.FromResult(new SyncOutcome(c.Id, false, null)), CancellationToken.None);
            throw;
        }

        using var timeout = new CancellationTokenSource(Settings.ConnectionTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var finding = await FindAsync(claimed, linked.Token);
        try
        {
            return await WriteAsync(claimed, finding, linked.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The reads were fine but the write was not (or the connection's time ran out while writing): nothing of
            // it was kept. Back off so the next pick is another creator's.
            LogWriteFailed(e, claimed.Id, claimed.Platform);
            var failure = Words(claimed.Platform, ApiFailure.Unavailable, e is OperationCanceledException);
            return await WriteAsync(claimed, (_, c) => Task.FromResult(BackOff(c, failure)), cancellationToken);
        }
    }

    /// <summary>
    /// Under the row lock: when the claim is still this sync's, records <paramref name="finding"/> and ends the claim.
    /// A connection disconnected, reconnected to another account or claimed anew meanwhile keeps nothing of this sync.
    /// </summary>
    private async Task<SyncOutcome> WriteAsync(PlatformConnection claimed, Finding finding, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (await db.PlatformConnections.FromSql($"SELECT * FROM platform_connections WHERE id = {claimed.Id} FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();
        if (connection is null || !connection.IsActive || connection.SyncLeaseUntil != claimed.SyncLeaseUntil ||
            connection.PlatformUserId != claimed.PlatformUserId)
        {
            LogClaimLost(claimed.Id, claimed.Platform);
            return new SyncOutcome(claimed.Id, false, "This channel changed while it was being refreshed; nothing of that refresh was kept.");
        }

        var outcome = await finding(db, connection);
        connection.SyncLeaseUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    /// <summary>Reads the platform without any lock held; returns what to write: the readings, or why and when to try again.</summary>
    private async Task<Finding> FindAsync(PlatformConnection connection, CancellationToken cancellationToken)
    {
        IReadOnlyList<ChannelReading> readings;
        SubscriptionTier tier;
        try
        {
            bool readOnly;
            (tier, readOnly) = await PlanAsync(connection, cancellationToken);
            if (readOnly)
            {
                // Over the plan's channel limit after a downgrade: kept and shown, not synced. A plan change brings it forward.
                return (_, c) =>
                {
                    c.NextSyncAt = clock.GetUtcNow() + TimeSpan.FromDays(1);
                    return Task.FromResult(new SyncOutcome(c.Id, false, null));
                };
            }

            readings = await ReadAsync(connection, cancellationToken);
        }
        catch (Exception e) when (e is ChannelNeedsReconnectException or PlatformApiException { Failure: ApiFailure.Unauthorized or ApiFailure.MissingPermission })
        {
            // The seam's and the platform's reasons go to the log; the creator reads one sentence per case, from here.
            LogSyncFailed(connection.Id, connection.Platform, e.Message);
            var error = e is PlatformApiException { Failure: ApiFailure.MissingPermission }
                ? $"{Name(connection.Platform)} did not give Streamer Studio permission to read this channel's stats and videos. Reconnect it on the Channels page and allow them."
                : $"{Name(connection.Platform)} no longer accepts Streamer Studio's access to this channel. Reconnect it on the Channels page.";
            return async (db, c) =>
            {
                // Told once, when the channel stops syncing (a refused refresh may have marked it, and told, already).
                var news = c.Status != ConnectionStatus.NeedsReconnect;
                var outcome = NeedsReconnect(c, error);
                if (news)
                {
                    await notifications.ChannelNeedsReconnectAsync(db, c, error, cancellationToken);
                }

                return outcome;
            };
        }
        catch (PlatformApiException e) when (e.Failure is ApiFailure.RateLimited or ApiFailure.QuotaExhausted)
        {
            LogSyncFailed(connection.Id, connection.Platform, e.Message);
            return (_, c) =>
            {
                // The platform says when; the job does not wait for it, the connection simply is not due before then.
                var now = clock.GetUtcNow();
                var allowedAt = e.RetryAt is { } at && at > now ? at : now + TimeSpan.FromMinutes(1);
                c.NextSyncAt = allowedAt;
                c.LastError = e.Failure == ApiFailure.QuotaExhausted
                    ? "YouTube's daily allowance of requests for Streamer Studio is used up. Your stats update again after midnight Pacific time."
                    : $"{Name(c.Platform)} asked Streamer Studio to slow down. Your stats update again at {allowedAt:HH:mm} UTC.";
                return Task.FromResult(new SyncOutcome(c.Id, false, c.LastError));
            };
        }
        catch (Exception e) when (e is PlatformApiException or PlatformUnavailableException)
        {
            // A token endpoint that answers badly is the platform not answering properly, as an API that does.
            LogSyncFailed(connection.Id, connection.Platform, e.Message);
            var failure = e is PlatformApiException api ? api.Failure : ApiFailure.Unavailable;
            return (_, c) => Task.FromResult(BackOff(c, Words(c.Platform, failure, timedOut: false)));
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // This connection's time ran out; the job itself goes on (a stopping job server ends the whole sync instead).
            LogSyncFailed(connection.Id, connection.Platform, e.Message);
            return (_, c) => Task.FromResult(BackOff(c, Words(c.Platform, ApiFailure.Unavailable, timedOut: true)));
        }
        catch (RequestRefusedException e)
        {
            // Disconnected while being synced: the write finds the row gone and keeps nothing.
            LogSyncFailed(connection.Id, connection.Platform, e.Message);
            return (_, c) => Task.FromResult(new SyncOutcome(c.Id, false, e.Message));
        }

        return async (db, c) =>
        {
            await WriteReadingsAsync(db, c, readings, cancellationToken);
            var synced = clock.GetUtcNow();
            c.LastSyncedAt = synced;
            c.NextSyncAt = synced + Plans.SyncInterval(tier);
            c.SyncFailures = 0;
            c.LastError = null;
            return new SyncOutcome(c.Id, true, null);
        };
    }

    /// <summary>The creator's tier, and whether this connection is over the plan's channel limit (read-only).</summary>
    private async Task<(SubscriptionTier Tier, bool ReadOnly)> PlanAsync(PlatformConnection connection, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = await db.Users.Where(u => u.Id == connection.UserId).Select(u => new
        {
            Tier = u.Subscription == null ? SubscriptionTier.Free : u.Subscription.Tier,
            Limit = u.Subscription == null ? (int?)null : u.Subscription.PlatformsLimit,
            Position = db.PlatformConnections.Count(c => c.UserId == connection.UserId &&
                                                         (c.CreatedAt < connection.CreatedAt || (c.CreatedAt == connection.CreatedAt && c.Id.CompareTo(connection.Id) < 0))),
        }).SingleAsync(cancellationToken);
        return (plan.Tier, Plans.IsChannelReadOnly(plan.Limit ?? TierLimits.For(plan.Tier).Platforms, plan.Position));
    }

    /// <summary>
    /// Reads with the connection's token (refreshed first when it is about to expire); when the platform refuses it,
    /// once more with a refreshed one, then the refusal stands.
    /// </summary>
    private async Task<IReadOnlyList<ChannelReading>> ReadAsync(PlatformConnection connection, CancellationToken cancellationToken)
    {
        var accessToken = await connections.AccessTokenAsync(connection.UserId, connection.Id, cancellationToken: cancellationToken);
        try
        {
            return await ReadWithAsync(accessToken);
        }
        catch (PlatformApiException e) when (e.Failure == ApiFailure.Unauthorized)
        {
            return await ReadWithAsync(await connections.AccessTokenAsync(connection.UserId, connection.Id, refused: accessToken, cancellationToken));
        }

        Task<IReadOnlyList<ChannelReading>> ReadWithAsync(string token) => connection.Platform switch
        {
            Platform.Twitch => twitch.ReadAsync(token, Settings.MaxContentPages, cancellationToken),
            Platform.Youtube => youtube.ReadAsync(token, connection.Scopes, Settings.MaxContentPages, Settings.HistoryDays, cancellationToken),
            Platform.Tiktok => tiktok.ReadAsync(token, connection.Scopes, Settings.MaxContentPages, cancellationToken),
            _ => throw new InvalidOperationException($"No sync for {connection.Platform}."),
        };
    }

    /// <summary>Upserts the channels, their figures and history, and their content, all in the caller's transaction.</summary>
    private async Task WriteReadingsAsync(StudioDbContext db, PlatformConnection connection, IReadOnlyList<ChannelReading> readings,
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
    private SyncOutcome BackOff(PlatformConnection connection, string error)
    {
        var wait = TimeSpan.FromTicks((long)Math.Min(Settings.BackoffBase.Ticks * Math.Pow(2, Math.Min(connection.SyncFailures, 30)),
            TimeSpan.FromDays(1).Ticks));
        connection.SyncFailures++;
        connection.NextSyncAt = clock.GetUtcNow() + wait;
        connection.LastError = $"{error} We'll try again at {connection.NextSyncAt:HH:mm} UTC.";
        return new SyncOutcome(connection.Id, false, connection.LastError);
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

    [LoggerMessage(LogLevel.Warning, "Sync of connection {ConnectionId} ({Platform}) kept nothing: the connection was disconnected, reconnected or claimed anew meanwhile")]
    private partial void LogClaimLost(Guid connectionId, Platform platform);

    [LoggerMessage(LogLevel.Error, "Sync of connection {ConnectionId} ({Platform}) could not be stored")]
    private partial void LogWriteFailed(Exception exception, Guid connectionId, Platform platform);
}
