using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Billing;

/// <summary>One change to a creator's monthly asset quota (shape from seeds/002 <c>quota_usage_history</c>).</summary>
public class QuotaUsage
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public string QuotaType { get; set; } = "assets";
    public QuotaOperation Operation { get; set; }
    public int Amount { get; set; }
    /// <summary>assets_used after the change.</summary>
    public int CurrentValue { get; set; }
    /// <summary>The limit at the time (-1 unlimited).</summary>
    public int MaxValue { get; set; }
    public string? RelatedEntityType { get; set; }
    public Guid? RelatedEntityId { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset? BillingCycleStart { get; set; }
    public DateTimeOffset? BillingCycleEnd { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// reserve: counted on submission; charge: a reserved output was delivered (no counter change);
/// release: a reserved output failed and is given back; reset: a new billing period.
/// </summary>
public enum QuotaOperation
{
    Reserve,
    Charge,
    Release,
    Reset,
}

internal sealed class QuotaUsageConfiguration : IEntityTypeConfiguration<QuotaUsage>
{
    public void Configure(EntityTypeBuilder<QuotaUsage> usage)
    {
        usage.ToTable("quota_usage_history");
        usage.HasOne(u => u.User).WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
        usage.HasIndex(u => new { u.UserId, u.CreatedAt });
        usage.HasIndex(u => new { u.RelatedEntityId, u.Operation });
    }
}
