using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Notifications;

/// <summary>A creator's preferences (seeds/002 <c>user_setting</c>); only the email ones so far. No row means the defaults.</summary>
public class UserSettings
{
    public Guid UserId { get; set; }
    public User? User { get; set; }
    /// <summary>The master switch: false sends no notification email at all.</summary>
    public bool IsEmailNotificationsEnabled { get; set; } = true;
    /// <summary>One email a day with everything instead of one email per notification.</summary>
    public bool IsDailyDigestEnabled { get; set; }
    /// <summary>Mailable kinds the creator switched off (stored as their text names).</summary>
    public List<NotificationKind> EmailOffKinds { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool WantsEmail(NotificationKind kind) =>
        IsEmailNotificationsEnabled && NotificationKinds.For(kind).Mailable && !EmailOffKinds.Contains(kind);
}

internal sealed class UserSettingsConfiguration : IEntityTypeConfiguration<UserSettings>
{
    public void Configure(EntityTypeBuilder<UserSettings> settings)
    {
        settings.ToTable("user_settings");
        settings.HasKey(s => s.UserId);
        settings.HasOne(s => s.User).WithOne().HasForeignKey<UserSettings>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        settings.PrimitiveCollection(s => s.EmailOffKinds)
            .ElementType(e => e.HasConversion<Persistence.TextEnumConverter<NotificationKind>>());
    }
}
