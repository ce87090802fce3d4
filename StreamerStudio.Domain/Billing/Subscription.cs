using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Billing;

/// <summary>One per user; the limits a creator works within. -1 means unlimited.</summary>
public class Subscription
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public SubscriptionTier Tier { get; set; }
    public SubscriptionStatus Status { get; set; } = SubscriptionStatus.Active;
    public string? StripeSubscriptionId { get; set; }
    public string? StripePriceId { get; set; }
    public DateTimeOffset? CurrentPeriodStart { get; set; }
    public DateTimeOffset? CurrentPeriodEnd { get; set; }
    public bool CancelAtPeriodEnd { get; set; }
    public int AssetsLimit { get; set; }
    public int AssetsUsed { get; set; }
    public int PlatformsLimit { get; set; }
    /// <summary>Start of the period <see cref="AssetsUsed"/> counts (calendar month on the free tier).</summary>
    public DateTimeOffset? UsagePeriodStart { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static Subscription StartFree(Guid userId)
    {
        var free = TierLimits.For(SubscriptionTier.Free);
        return new Subscription
        {
            UserId = userId,
            Tier = SubscriptionTier.Free,
            Status = SubscriptionStatus.Active,
            AssetsLimit = free.AssetsPerMonth,
            PlatformsLimit = free.Platforms,
        };
    }
}

public enum SubscriptionTier
{
    Free,
    Pro,
    Studio,
}

public enum SubscriptionStatus
{
    Active,
    Trialing,
    PastDue,
    Canceled,
    None,
}

/// <summary>What each tier is called and allows. -1 means unlimited; <see cref="AssetRetention"/> null means kept.</summary>
public sealed record TierLimits(SubscriptionTier Tier, string Name, int AssetsPerMonth, int Platforms, TimeSpan? AssetRetention)
{
    public const int Unlimited = -1;

    private static readonly TierLimits[] All =
    [
        new(SubscriptionTier.Free, "Free", 5, 1, TimeSpan.FromDays(30)),
        new(SubscriptionTier.Pro, "Pro", 100, 3, null),
        new(SubscriptionTier.Studio, "Studio", Unlimited, Unlimited, null),
    ];

    public static TierLimits For(SubscriptionTier tier) => All.Single(t => t.Tier == tier);
}
