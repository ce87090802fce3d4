using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Notifications;

/// <summary>Something the creator should know about (seeds/002 <c>notification</c>, plus a link and a once-only key).</summary>
public class Notification
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public NotificationKind Kind { get; set; }
    public required string Title { get; set; }
    public required string Message { get; set; }
    /// <summary>Where the creator goes to act on it (a path inside the app), or null.</summary>
    public string? Link { get; set; }
    public string? RelatedEntityType { get; set; }
    public Guid? RelatedEntityId { get; set; }
    /// <summary>
    /// Makes a notification once-only ("allowance 80% in this period", "asset X expiring"): a second one with the same
    /// key for the same user is not written. Null for notifications that may repeat.
    /// </summary>
    public string? OnceKey { get; set; }
    public bool IsRead { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    /// <summary>When it went out by email, alone or in a digest; null while it has not (or never will).</summary>
    public DateTimeOffset? EmailedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.ToTable("notifications");
        notification.Property(n => n.Title).HasMaxLength(200);
        notification.Property(n => n.Message).HasMaxLength(2000);
        notification.Property(n => n.Link).HasMaxLength(500);
        notification.Property(n => n.RelatedEntityType).HasMaxLength(64);
        notification.Property(n => n.OnceKey).HasMaxLength(200);
        notification.HasOne(n => n.User).WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        // The bell's count and the newest-first pages.
        notification.HasIndex(n => new { n.UserId, n.CreatedAt }).IsDescending(false, true);
        notification.HasIndex(n => n.UserId).HasFilter("NOT is_read").HasDatabaseName("ix_notifications_unread");
        // NULLs are distinct, so only keyed notifications are once-only (INSERT ... ON CONFLICT relies on this index).
        notification.HasIndex(n => new { n.UserId, n.OnceKey }).IsUnique();
        // Retention deletes by age across all users.
        notification.HasIndex(n => n.CreatedAt);
    }
}
