using StreamerStudio.Domain.Admin;

namespace StreamerStudio.Domain.Notifications;

/// <summary>A message from an admin to one creator, shown (and mailed, if they want) as a notification; audited.</summary>
public sealed class AdminMessages(IDbContextFactory<StudioDbContext> dbFactory, AdminService admin, NotificationService notifications, AuditTrail audit)
{
    public const string SentAction = "admin_message_sent";
    public const int MaxTitle = 120;
    public const int MaxMessage = 1000;

    /// <summary>Refuses (nothing written) an empty or over-long title or message, or a user who does not exist.</summary>
    public async Task SendAsync(Guid actorId, Guid userId, string? title, string? message, CancellationToken cancellationToken = default)
    {
        await admin.RequireAdminAsync(actorId, cancellationToken);
        title = title?.Trim();
        message = message?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > MaxTitle)
        {
            throw new RequestRefusedException($"Give the message a title of 1 to {MaxTitle} characters.");
        }

        if (string.IsNullOrEmpty(message) || message.Length > MaxMessage)
        {
            throw new RequestRefusedException($"Write a message of 1 to {MaxMessage} characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            throw new RequestRefusedException("User not found.");
        }

        var id = await notifications.AddAsync(db, userId, new NewNotification(NotificationKind.AdminMessage, title, message), cancellationToken);
        await audit.WriteAsync(actorId, SentAction, "notification", id, null, new { userId, title }, db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
