using System.Net;
using System.Text.Json;
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
    public static class Actions
    {
        public const string Registered = "registered";
        public const string Login = "login";
        public const string LoginFailed = "login_failed";
        public const string PasswordChanged = "password_changed";
        public const string TierChanged = "tier_changed";
        public const string CreditsGranted = "credits_granted";
        public const string UsageReset = "usage_reset";
        public const string Locked = "user_locked";
        public const string Unlocked = "user_unlocked";
        public const string ConfirmationResent = "confirmation_resent";
        public const string AdminGranted = "admin_granted";
        public const string AdminRemoved = "admin_removed";
        public const string JobRetried = "job_retried";
        public const string AssetDeleted = "asset_deleted";
        public const string BrandKitDeleted = "brand_kit_deleted";
    }

    public async Task WriteAsync(Guid? actorId, string action, string entityType, Guid? entityId, object? oldValues, object? newValues,
        StudioDbContext? db = null, CancellationToken cancellationToken = default)
    {
        var entry = new AuditEntry
        {
            UserId = actorId,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            OldValues = oldValues is null ? null : JsonSerializer.Serialize(oldValues),
            NewValues = newValues is null ? null : JsonSerializer.Serialize(newValues),
            IpAddress = origin.IpAddress,
            UserAgent = origin.UserAgent is { Length: > 512 } ua ? ua[..512] : origin.UserAgent,
        };
        if (db is not null)
        {
            db.Set<AuditEntry>().Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        await using var own = await dbFactory.CreateDbContextAsync(cancellationToken);
        own.Set<AuditEntry>().Add(entry);
        await own.SaveChangesAsync(cancellationToken);
    }
}
