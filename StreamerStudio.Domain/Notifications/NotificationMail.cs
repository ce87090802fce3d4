using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Accounts.Mail;

namespace StreamerStudio.Domain.Notifications;

public sealed class NotificationMailOptions
{
    public const string Section = "NotificationMail";

    /// <summary>The app's public address: mails are read outside the app, so their links must be absolute.</summary>
    public string AppBaseUrl { get; set; } = "http://localhost:5000/";

    /// <summary>
    /// How long a notification waits before it is mailed. Whatever the creator reads on screen within this time is
    /// never mailed: an email about something they just saw is noise.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Only notifications this recent are mailed, so switching email back on does not flood the inbox with old ones.
    /// </summary>
    public TimeSpan MailWindow { get; set; } = TimeSpan.FromDays(3);
}

/// <summary>What an unsubscribe link switches off: one kind of notification email, or (for the digest) all of them.</summary>
public sealed record UnsubscribeTopic(NotificationKind? Kind)
{
    public static readonly UnsubscribeTopic All = new((NotificationKind?)null);

    public string Slug => Kind is { } kind ? TextEnum.ToText(kind) : "all";

    public string Label => Kind is { } kind ? $"\u201c{NotificationKinds.For(kind).Label}\u201d emails" : "all notification emails";

    public static UnsubscribeTopic? FromSlug(string? slug)
    {
        if (slug == "all")
        {
            return All;
        }

        var info = NotificationKinds.Mailable.FirstOrDefault(k => TextEnum.ToText(k.Kind) == slug);
        return info is null ? null : new UnsubscribeTopic(info.Kind);
    }
}

/// <summary>
/// Signed one-click unsubscribe links. The token is a Data Protection signature over the user and the topic, so it
/// only works for exactly the user and topic in its link; changing either (or the token) makes it worthless.
/// </summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider dataProtection, IOptions<NotificationMailOptions> options)
{
    public const string Path = "/email/unsubscribe";
    public const string OneClickPath = "/email/unsubscribe/one-click";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("StreamerStudio.Notifications.Unsubscribe.v1");

    public string Token(Guid userId, UnsubscribeTopic topic) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(Payload(userId, topic)));

    /// <summary>True only when <paramref name="token"/> was made by <see cref="Token"/> for this very user and topic.</summary>
    public bool IsValid(Guid userId, UnsubscribeTopic topic, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        try
        {
            var payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return CryptographicOperations.FixedTimeEquals(payload, Payload(userId, topic));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }
    }

    public string Query(Guid userId, UnsubscribeTopic topic) =>
        $"?user={userId:N}&topic={Uri.EscapeDataString(topic.Slug)}&token={Token(userId, topic)}";

    /// <summary>The page a person opens from the mail: it asks before switching anything off.</summary>
    public string PageUrl(Guid userId, UnsubscribeTopic topic) => Absolute(Path + Query(userId, topic));

    /// <summary>Where mail programs POST (RFC 8058) when the reader presses their own Unsubscribe button.</summary>
    public string OneClickUrl(Guid userId, UnsubscribeTopic topic) => Absolute(OneClickPath + Query(userId, topic));

    public string Absolute(string path) => options.Value.AppBaseUrl.TrimEnd('/') + path;

    private static byte[] Payload(Guid userId, UnsubscribeTopic topic) => Encoding.UTF8.GetBytes($"{userId:N}|{topic.Slug}");
}

/// <summary>A creator's email choices as the settings page shows them.</summary>
public sealed record EmailChoices(bool EmailOn, bool DailyDigest, IReadOnlySet<NotificationKind> OffKinds);

/// <summary>Reads and saves a creator's email choices (user_settings); no row means everything mailable is on.</summary>
public sealed class EmailSettings(IDbContextFactory<StudioDbContext> dbFactory, TimeProvider clock)
{
    public async Task<EmailChoices> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.UserSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken) ?? new UserSettings();
        return new EmailChoices(row.IsEmailNotificationsEnabled, row.IsDailyDigestEnabled, row.EmailOffKinds.ToHashSet());
    }

    public async Task SaveAsync(Guid userId, EmailChoices choices, CancellationToken cancellationToken = default)
    {
        if (choices.OffKinds.Where(k => !NotificationKinds.For(k).Mailable).Select(k => NotificationKinds.For(k).Label).FirstOrDefault() is { } never)
        {
            throw new RequestRefusedException($"\u201c{never}\u201d is never emailed, so there is nothing to switch off.");
        }

        var off = choices.OffKinds.Select(TextEnum.ToText).Order().ToArray();
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // An upsert, so two saves racing for a creator without a row yet cannot collide on the key.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO user_settings (user_id, is_email_notifications_enabled, is_daily_digest_enabled, email_off_kinds, created_at, updated_at)
            VALUES ({userId}, {choices.EmailOn}, {choices.DailyDigest}, {off}, {now}, {now})
            ON CONFLICT (user_id) DO UPDATE SET is_email_notifications_enabled = excluded.is_email_notifications_enabled,
                is_daily_digest_enabled = excluded.is_daily_digest_enabled, email_off_kinds = excluded.email_off_kinds,
                updated_at = excluded.updated_at
            """, cancellationToken);
    }

    /// <summary>Switches off what an unsubscribe link names, and nothing else; switching it off twice is harmless.</summary>
    public async Task UnsubscribeAsync(Guid userId, UnsubscribeTopic topic, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (topic.Kind is { } kind)
        {
            var text = TextEnum.ToText(kind);
            string[] one = [text];
            // Appended in SQL so a settings save at the same moment cannot undo it, nor it undo the save's other choices.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO user_settings (user_id, is_email_notifications_enabled, is_daily_digest_enabled, email_off_kinds, created_at, updated_at)
                SELECT {userId}, true, false, {one}, {now}, {now} WHERE EXISTS (SELECT 1 FROM users WHERE id = {userId})
                ON CONFLICT (user_id) DO UPDATE SET updated_at = excluded.updated_at,
                    email_off_kinds = CASE WHEN {text} = ANY(user_settings.email_off_kinds) THEN user_settings.email_off_kinds
                                           ELSE array_append(user_settings.email_off_kinds, {text}) END
                """, cancellationToken);
        }
        else
        {
            string[] none = [];
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO user_settings (user_id, is_email_notifications_enabled, is_daily_digest_enabled, email_off_kinds, created_at, updated_at)
                SELECT {userId}, false, false, {none}, {now}, {now} WHERE EXISTS (SELECT 1 FROM users WHERE id = {userId})
                ON CONFLICT (user_id) DO UPDATE SET is_email_notifications_enabled = false, updated_at = excluded.updated_at
                """, cancellationToken);
        }
    }
}

/// <summary>
/// Notification email (Hangfire). <see cref="RunAsync"/> (every minute) mails each mailable, wanted notification once,
/// alone, after <see cref="NotificationMailOptions.GracePeriod"/> and only if the creator has still not read it;
/// <see cref="RunDigestAsync"/> (daily) sends digest readers one mail with everything unread and not yet mailed.
/// A notification is claimed with FOR UPDATE SKIP LOCKED and marked <c>emailed_at</c> in the same transaction as its
/// send: two servers never mail it twice, and a failed send rolls the mark back so the next run tries again. Each
/// mail is its own transaction, so one creator's failing address does not hold up anyone else's.
/// </summary>
public sealed class NotificationEmails(
    IDbContextFactory<StudioDbContext> dbFactory,
    IMailer mailer,
    UnsubscribeLinks links,
    IOptions<NotificationMailOptions> options,
    TimeProvider clock,
    ILogger<NotificationEmails> logger)
{
    private sealed record Candidate(Guid Id, Guid UserId, NotificationKind Kind);

    /// <summary>Mails what is due one by one; returns how many went out.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var due = now - options.Value.GracePeriod;
        var oldest = now - options.Value.MailWindow;
        var candidates = await CandidatesAsync(oldest, due, cancellationToken);
        var settings = await SettingsAsync(candidates.Select(c => c.UserId), cancellationToken);
        var sent = 0;
        var failedUsers = new HashSet<Guid>();
        foreach (var candidate in candidates)
        {
            var choices = settings.GetValueOrDefault(candidate.UserId) ?? new UserSettings();
            if (choices.IsDailyDigestEnabled || !choices.WantsEmail(candidate.Kind) || failedUsers.Contains(candidate.UserId))
            {
                continue;
            }

            try
            {
                if (await SendOneAsync(candidate.Id, due, cancellationToken))
                {
                    sent++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Left unmarked for the next run; the rest of this creator's mail waits too, so it stays in order.
                failedUsers.Add(candidate.UserId);
                logger.LogWarning(e, "Notification email {NotificationId} could not be sent; it is retried on the next run.", candidate.Id);
            }
        }

        return sent;
    }

    /// <summary>One mail per digest reader with what is unread and not yet mailed; returns how many digests went out.</summary>
    public async Task<int> RunDigestAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var candidates = await CandidatesAsync(now - options.Value.MailWindow, now, cancellationToken);
        var settings = await SettingsAsync(candidates.Select(c => c.UserId), cancellationToken);
        var sent = 0;
        foreach (var user in candidates.GroupBy(c => c.UserId))
        {
            var choices = settings.GetValueOrDefault(user.Key);
            if (choices is not { IsDailyDigestEnabled: true })
            {
                continue;
            }

            var ids = user.Where(c => choices.WantsEmail(c.Kind)).Select(c => c.Id).ToArray();
            if (ids.Length == 0)
            {
                continue;
            }

            try
            {
                if (await SendDigestAsync(user.Key, ids, now, cancellationToken))
                {
                    sent++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The notification digest for {UserId} could not be sent; it is retried on the next run.", user.Key);
            }
        }

        return sent;
    }

    private async Task<List<Candidate>> CandidatesAsync(DateTimeOffset oldest, DateTimeOffset due, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mailable = NotificationKinds.Mailable.Select(k => k.Kind).ToList();
        return await db.Notifications.AsNoTracking()
            .Where(n => !n.IsRead && n.EmailedAt == null && n.CreatedAt >= oldest && n.CreatedAt <= due && mailable.Contains(n.Kind))
            .OrderBy(n => n.CreatedAt)
            .Select(n => new Candidate(n.Id, n.UserId, n.Kind))
            .ToListAsync(cancellationToken);
    }

    private async Task<Dictionary<Guid, UserSettings>> SettingsAsync(IEnumerable<Guid> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserSettings.AsNoTracking().Where(s => ids.Contains(s.UserId)).ToDictionaryAsync(s => s.UserId, cancellationToken);
    }

    private async Task<bool> SendOneAsync(Guid id, DateTimeOffset due, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Re-checked under the lock: read or mailed since the list was taken means nothing to send.
        var notification = await db.Notifications
            .FromSql($"""
                SELECT * FROM notifications
                WHERE id = {id} AND NOT is_read AND emailed_at IS NULL AND created_at <= {due}
                FOR UPDATE SKIP LOCKED
                """)
            .Include(n => n.User)
            .FirstOrDefaultAsync(cancellationToken);
        if (notification?.User is not { EmailConfirmed: true, Email: { } email } user)
        {
            return false;
        }

        var topic = new UnsubscribeTopic(notification.Kind);
        var body = $"""
            <p>Hi {Html(user.Greeting)},</p>
            <p>{Html(notification.Message)}</p>
            {OpenLink(notification.Link)}
            {Footer(user.Id, $"you get emails about \u201c{Html(NotificationKinds.For(notification.Kind).Label)}\u201d", [topic])}
            """;
        notification.EmailedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await mailer.SendAsync(new MailMessage(email, notification.Title, body, Headers(user.Id, topic)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<bool> SendDigestAsync(Guid userId, Guid[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var notifications = await db.Notifications
            .FromSql($"""
                SELECT * FROM notifications
                WHERE id = ANY({ids}) AND user_id = {userId} AND NOT is_read AND emailed_at IS NULL
                FOR UPDATE SKIP LOCKED
                """)
            .OrderBy(n => n.CreatedAt)
            .ToListAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (notifications.Count == 0 || user is not { EmailConfirmed: true, Email: { } email })
        {
            return false;
        }

        var items = string.Concat(notifications.Select(n =>
            $"<li><strong>{Html(n.Title)}</strong><br>{Html(n.Message)}{(n.Link is null ? "" : $" <a href=\"{Html(links.Absolute(n.Link))}\">Open</a>")}</li>"));
        var topics = notifications.Select(n => n.Kind).Distinct().Select(k => new UnsubscribeTopic(k)).Append(UnsubscribeTopic.All);
        var body = $"""
            <p>Hi {Html(user.Greeting)},</p>
            <p>Here is what happened in Streamer Studio that you have not seen yet:</p>
            <ul>{items}</ul>
            {Footer(user.Id, "you chose a daily summary of your notifications", topics)}
            """;
        foreach (var n in notifications)
        {
            n.EmailedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        var subject = notifications.Count == 1 ? "1 new notification from Streamer Studio" : $"{notifications.Count} new notifications from Streamer Studio";
        // The digest is one list, so a mail program's Unsubscribe button stops notification email as a whole.
        await mailer.SendAsync(new MailMessage(email, subject, body, Headers(user.Id, UnsubscribeTopic.All)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private string OpenLink(string? link) =>
        link is null ? "" : $"<p><a href=\"{Html(links.Absolute(link))}\">Open in Streamer Studio</a></p>";

    private string Footer(Guid userId, string why, IEnumerable<UnsubscribeTopic> topics)
    {
        var stops = string.Join(" · ", topics.Select(t => $"<a href=\"{Html(links.PageUrl(userId, t))}\">Stop {Html(t.Label)}</a>"));
        return $"<p style=\"color:#666;font-size:12px\">You get this email because {why}. {stops} · " +
               $"<a href=\"{Html(links.Absolute("/Account/Manage/Notifications"))}\">Email settings</a></p>";
    }

    private Dictionary<string, string> Headers(Guid userId, UnsubscribeTopic topic) => new()
    {
        ["List-Unsubscribe"] = $"<{links.OneClickUrl(userId, topic)}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
