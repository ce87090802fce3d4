using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Admin;

/// <summary>One admin action or sensitive creator action (seeds/002 <c>audit_log</c>).</summary>
public class AuditEntry
{
    public Guid Id { get; set; }
    /// <summary>Who did it (null for an anonymous attempt, e.g. a failed login for an unknown email).</summary>
    public Guid? UserId { get; set; }
    public User? User { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public Guid? EntityId { get; set; }
    /// <summary>jsonb</summary>
    public string? OldValues { get; set; }
    /// <summary>jsonb</summary>
    public string? NewValues { get; set; }
    public IPAddress? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("audit_log");
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.EntityType).HasMaxLength(64);
        entry.Property(e => e.OldValues).HasColumnType("jsonb");
        entry.Property(e => e.NewValues).HasColumnType("jsonb");
        entry.Property(e => e.UserAgent).HasMaxLength(512);
        entry.HasOne(e => e.User).WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.SetNull);
        entry.HasIndex(e => e.CreatedAt).IsDescending();
        entry.HasIndex(e => new { e.EntityId, e.CreatedAt });
        entry.HasIndex(e => new { e.UserId, e.CreatedAt });
    }
}

/// <summary>Where a request came from, for the audit trail (filled per HTTP request and per circuit).</summary>
public sealed class RequestOrigin
{
    public IPAddress? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}

/// <summary>Writes audit entries; in the caller's transaction when given its context.</summary>
public sealed class AuditTrail(IDbContextFactory<StudioDbContext> dbFactory, RequestOrigin origin)
{
    /// <summary>Every action the audit log records: the one list features, the admin search and the creator's security history read.</summary>
    public static class Actions
    {
        public const string Registered = "registered";
        public const string EmailConfirmed = "email_confirmed";
        public const string Login = "login";
        public const string Logout = "logout";
        public const string LoginFailed = "login_failed";
        public const string LockedOut = "locked_out";
        public const string PasswordChanged = "password_changed";
        public const string EmailChanged = "email_changed";
        public const string BrandKitCreated = "brand_kit_created";
        public const string BrandKitUpdated = "brand_kit_updated";
        public const string BrandKitActivated = "brand_kit_activated";
        public const string BrandKitDeleted = "brand_kit_deleted";
        public const string JobSubmitted = "job_submitted";
        public const string AssetShared = "asset_shared";
        public const string AssetUnshared = "asset_unshared";
        public const string AssetDeleted = "asset_deleted";
        public const string ZipDownloaded = "zip_downloaded";
        public const string ChannelConnected = "channel_connected";
        public const string ChannelDisconnected = "channel_disconnected";
        public const string ThumbnailSet = "thumbnail_set";
        public const string ChannelBannerSet = "channel_banner_set";
        public const string TierChanged = "tier_changed";
        public const string CreditsPurchased = "credits_purchased";
        public const string CreditsSpent = "credits_spent";
        public const string CreditsRefunded = "credits_refunded";
        public const string CreditsGranted = "credits_granted";
        public const string UsageReset = "usage_reset";
        public const string Locked = "user_locked";
        public const string Unlocked = "user_unlocked";
        public const string ConfirmationResent = "confirmation_resent";
        public const string AdminGranted = "admin_granted";
        public const string AdminRemoved = "admin_removed";
        public const string JobRetried = "job_retried";
        public const string AdminViewedAssets = "admin_viewed_assets";

        /// <summary>Every action above, for the test that checks each one writes its row.</summary>
        public static readonly IReadOnlyList<string> All =
            [.. typeof(Actions).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

        /// <summary>What a creator sees of the trail as their security history: who got into the account, and how.</summary>
        public static readonly IReadOnlyList<string> Security =
            [Registered, EmailConfirmed, Login, Logout, LoginFailed, LockedOut, PasswordChanged, EmailChanged, Locked, Unlocked];
    }

    /// <summary>Property names whose values never go into the log (tokens, hashes, stamps, keys).</summary>
    private static readonly string[] SecretWords = ["password", "hash", "token", "secret", "stamp", "key"];

    public async Task WriteAsync(Guid? actorId, string action, string entityType, Guid? entityId, object? oldValues, object? newValues,
        StudioDbContext? db = null, CancellationToken cancellationToken = default)
    {
        if (db is not null)
        {
            Stage(db, actorId, action, entityType, entityId, oldValues, newValues, origin);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        await using var own = await dbFactory.CreateDbContextAsync(cancellationToken);
        Stage(own, actorId, action, entityType, entityId, oldValues, newValues, origin);
        await own.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Adds an entry to <paramref name="db"/> without saving, so it commits with the caller's next save — for code
    /// with no scope of its own (the credit ledger); <paramref name="from"/> is null where no request is behind it.
    /// </summary>
    public static void Stage(StudioDbContext db, Guid? actorId, string action, string entityType, Guid? entityId, object? oldValues,
        object? newValues, RequestOrigin? from = null) =>
        db.Set<AuditEntry>().Add(new AuditEntry
        {
            UserId = actorId,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            OldValues = oldValues is null ? null : JsonSerializer.Serialize(oldValues),
            NewValues = newValues is null ? null : JsonSerializer.Serialize(newValues),
            IpAddress = from?.IpAddress,
            UserAgent = from?.UserAgent is { Length: > 512 } ua ? ua[..512] : from?.UserAgent,
        });

    /// <summary>
    /// The properties an entity's pending update changes, before and after, read from the change tracker — so an
    /// update's audit row says what changed and nothing else. Secret-looking properties are left out.
    /// </summary>
    public static (Dictionary<string, object?> Old, Dictionary<string, object?> New) Changes(EntityEntry entry)
    {
        var old = new Dictionary<string, object?>();
        var @new = new Dictionary<string, object?>();
        var properties = entry.Properties.Select(p => (Name: p.Metadata.Name, Property: (PropertyEntry)p))
            .Concat(entry.ComplexProperties.SelectMany(c => c.Properties.Select(p => (Name: $"{c.Metadata.Name}.{p.Metadata.Name}", Property: p))));
        foreach (var (propertyName, property) in properties)
        {
            // Arrays compare by content (the property's own comparer), not by reference: re-saving the same list is no change.
            if (!property.IsModified || property.Metadata.GetValueComparer().Equals(property.OriginalValue, property.CurrentValue))
            {
                continue;
            }

            var name = string.Join('.', propertyName.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
            if (SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            old[name] = property.OriginalValue;
            @new[name] = property.CurrentValue;
        }

        return (old, @new);
    }
}
