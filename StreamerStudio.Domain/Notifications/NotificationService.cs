using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Domain.Notifications;

/// <summary>What the creator is told: one notification about to be written.</summary>
/// <param name="OnceKey">Writes it only once per user for this key (see <see cref="Notification.OnceKey"/>).</param>
public sealed record NewNotification(
    NotificationKind Kind,
    string Title,
    string Message,
    string? Link = null,
    string? RelatedEntityType = null,
    Guid? RelatedEntityId = null,
    string? OnceKey = null);

public sealed record NotificationView(
    Guid Id, NotificationKind Kind, string Title, string Message, string? Link, bool IsRead, DateTimeOffset CreatedAt)
{
    public NotificationKindInfo Info => NotificationKinds.For(Kind);
}

public sealed record NotificationFilter(NotificationKind? Kind = null, bool UnreadOnly = false);

/// <summary>
/// One page and how many there are, counted no further than <see cref="NotificationService.PagesAhead"/> pages past
/// this one: <see cref="MoreBeyond"/> says the count stopped there.
/// </summary>
public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int Total, bool MoreBeyond, int PageIndex, int PageSize);

/// <summary>
/// A creator's notifications. Every event that causes one writes it through <see cref="AddAsync"/> in the event's own
/// transaction, with a NOTIFY on that same transaction: a rolled-back event leaves no notification and pushes
/// nothing, a committed one reaches every open page of that user (<see cref="JobEvents.SubscribeNotifications"/>).
/// Every call that names a notification checks it is the caller's: another user's id is "not found".
/// </summary>
public sealed partial class NotificationService(IDbContextFactory<StudioDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// How far past the current page the total is counted: a creator with years of history should not pay for
    /// counting all of it on every page (10,000 rows cost ~4 ms; this many pages cost a fraction of one).
    /// </summary>
    public const int PagesAhead = 10;
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    /// <summary>
    /// Writes the notification in <paramref name="db"/>'s current transaction and queues its push for commit. Returns
    /// its id, or null when one with the same once-key exists already (nothing written, nothing pushed).
    /// </summary>
    public async Task<Guid?> AddAsync(StudioDbContext db, Guid userId, NewNotification notification, CancellationToken cancellationToken = default)
    {
        if (notification.Link is { } link && (!link.StartsWith('/') || link.StartsWith("//")))
        {
            // Only paths inside the app: a notification must never send a creator to another site.
            throw new ArgumentException($"A notification link must be a path in the app, not {link}.", nameof(notification));
        }

        var id = Guid.CreateVersion7();
        var kind = Persistence.TextEnum.ToText(notification.Kind);
        var title = Clip(notification.Title, 200);
        var message = Clip(notification.Message, 2000);
        // ON CONFLICT rather than a check then an insert: two events racing for the same once-key cannot both write,
        // and a conflict does not abort the caller's transaction as a failed EF insert would.
        var written = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO notifications (id, user_id, kind, title, message, link, related_entity_type, related_entity_id, once_key, is_read, created_at)
            VALUES ({id}, {userId}, {kind}, {title}, {message}, {notification.Link}, {notification.RelatedEntityType},
                    {notification.RelatedEntityId}, {notification.OnceKey}, false, {clock.GetUtcNow()})
            ON CONFLICT (user_id, once_key) DO NOTHING
            """, cancellationToken);
        if (written == 0)
        {
            return null;
        }

        await JobEvents.PublishNotificationAsync(db, userId, id, isNew: true, cancellationToken);
        return id;
    }

    public async Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.CountAsync(n => n.UserId == userId && !n.IsRead, cancellationToken);
    }

    /// <summary>Newest first, <paramref name="pageSize"/> at a time (at most <see cref="MaxPageSize"/>).</summary>
    public async Task<NotificationPage> ListAsync(Guid userId, NotificationFilter filter, int pageIndex = 0, int pageSize = 20,
        CancellationToken cancellationToken = default)
    {
        pageIndex = Math.Max(pageIndex, 0);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Notifications.Where(n => n.UserId == userId);
        if (filter.Kind is { } kind)
        {
            query = query.Where(n => n.Kind == kind);
        }

        if (filter.UnreadOnly)
        {
            query = query.Where(n => !n.IsRead);
        }

        var cap = (pageIndex + PagesAhead) * pageSize + 1;
        var counted = await query.Take(cap).CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(pageIndex * pageSize).Take(pageSize)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Title, n.Message, n.Link, n.IsRead, n.CreatedAt))
            .ToListAsync(cancellationToken);
        return new NotificationPage(items, Math.Min(counted, cap - 1), counted == cap, pageIndex, pageSize);
    }

    /// <summary>The bell's panel: the newest few, without counting them all.</summary>
    public async Task<IReadOnlyList<NotificationView>> LatestAsync(Guid userId, int count = 10, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(Math.Clamp(count, 1, MaxPageSize))
            .Select(n => new NotificationView(n.Id, n.Kind, n.Title, n.Message, n.Link, n.IsRead, n.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task MarkReadAsync(Guid userId, Guid notificationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var exists = await db.Notifications.AnyAsync(n => n.Id == notificationId && n.UserId == userId, cancellationToken);
        if (!exists)
        {
            throw NotFound();
        }

        var changed = await db.Notifications
            .Where(n => n.Id == notificationId && n.UserId == userId && !n.IsRead)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.IsRead, true).SetProperty(n => n.ReadAt, now), cancellationToken);
        if (changed > 0)
        {
            await JobEvents.PublishNotificationAsync(db, userId, notificationId, isNew: false, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Marks every unread notification read; returns how many were.</summary>
    public async Task<int> MarkAllReadAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var changed = await db.Notifications
            .Where(n => n.UserId == userId && !n.IsRead)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.IsRead, true).SetProperty(n => n.ReadAt, now), cancellationToken);
        if (changed > 0)
        {
            await JobEvents.PublishNotificationAsync(db, userId, Guid.Empty, isNew: false, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>
    /// The creator has a job's result on screen (the Jobs or Generate page showed it finish), so its notification is
    /// not news: marked read, so it neither counts on the bell nor goes out by email.
    /// </summary>
    public async Task MarkSeenOnScreenAsync(Guid userId, Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var changed = await db.Notifications
            .Where(n => n.UserId == userId && n.RelatedEntityType == "generation_job" && n.RelatedEntityId == jobId && !n.IsRead)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.IsRead, true).SetProperty(n => n.ReadAt, now), cancellationToken);
        if (changed > 0)
        {
            await JobEvents.PublishNotificationAsync(db, userId, Guid.Empty, isNew: false, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DeleteAsync(Guid userId, Guid notificationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.Notifications
            .Where(n => n.Id == notificationId && n.UserId == userId)
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw NotFound();
        }

        await JobEvents.PublishNotificationAsync(db, userId, notificationId, isNew: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes notifications older than <see cref="Retention"/>; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cutoff = clock.GetUtcNow() - Retention;
        return await db.Notifications.Where(n => n.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private static RequestRefusedException NotFound() => new("Notification not found. It may have been deleted.");

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>The 90-day retention, run daily by Hangfire.</summary>
public sealed class NotificationRetention(NotificationService notifications)
{
    public Task<int> RunAsync(CancellationToken cancellationToken = default) => notifications.DeleteExpiredAsync(cancellationToken);
}
