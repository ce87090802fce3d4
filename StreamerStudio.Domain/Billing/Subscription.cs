using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Billing;

/// <summary>
/// One per user: the plan a creator is on and the limits they work within (-1 means unlimited). Plan state
/// changes only through the methods below, called by <see cref="Plans"/>, which holds the lock and keeps the
/// mirror columns on users in step; usage counters change only through the usage SQL functions (also Plans).
/// </summary>
public class Subscription
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public SubscriptionTier Tier { get; private set; }
    public SubscriptionStatus Status { get; private set; } = SubscriptionStatus.Active;
    public string? StripeSubscriptionId { get; private set; }
    public string? StripePriceId { get; private set; }
    public DateTimeOffset? CurrentPeriodStart { get; private set; }
    public DateTimeOffset? CurrentPeriodEnd { get; private set; }
    public bool CancelAtPeriodEnd { get; private set; }
    public int AssetsLimit { get; private set; }
    public int AssetsUsed { get; private set; }
    public int PlatformsLimit { get; private set; }
    /// <summary>Start of the period <see cref="AssetsUsed"/> counts (calendar month on the free tier).</summary>
    public DateTimeOffset? UsagePeriodStart { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static Subscription StartFree(Guid userId)
    {
        var subscription = new Subscription { UserId = userId };
        subscription.TakeLimitsOf(SubscriptionTier.Free);
        return subscription;
    }

    /// <summary>
    /// Stripe's current state of the creator's subscription. Only a live subscription (active, trialing, past
    /// due) grants its paid tier; a cancelled or never-paid one is the Free plan, without a paid period.
    /// </summary>
    public void ApplyStripeState(StripeSubscriptionState stripe)
    {
        var live = stripe.Status is SubscriptionStatus.Active or SubscriptionStatus.Trialing or SubscriptionStatus.PastDue;
        var tier = live && stripe.PaidTier is { } paid ? paid : SubscriptionTier.Free;
        TakeLimitsOf(tier);
        Status = tier == SubscriptionTier.Free && stripe.Status == SubscriptionStatus.Canceled ? SubscriptionStatus.Canceled : stripe.Status;
        StripeSubscriptionId = stripe.SubscriptionId;
        StripePriceId = stripe.PriceId;
        CurrentPeriodStart = tier == SubscriptionTier.Free ? null : stripe.PeriodStart;
        CurrentPeriodEnd = tier == SubscriptionTier.Free ? null : stripe.PeriodEnd;
        CancelAtPeriodEnd = stripe.CancelAtPeriodEnd;
    }

    /// <summary>An admin's gift: the tier's limits, in good standing, whatever Stripe says until it next speaks.</summary>
    public void GrantComplimentary(SubscriptionTier tier)
    {
        TakeLimitsOf(tier);
        Status = SubscriptionStatus.Active;
    }

    /// <summary>A payment failed: the plan stays, marked past due until a payment succeeds.</summary>
    public void MarkPastDue() => Status = SubscriptionStatus.PastDue;

    private void TakeLimitsOf(SubscriptionTier tier)
    {
        var limits = TierLimits.For(tier);
        Tier = tier;
        AssetsLimit = limits.AssetsPerMonth;
        PlatformsLimit = limits.Platforms;
    }
}

/// <summary>What the webhook read from Stripe about a subscription, in our terms.</summary>
public sealed record StripeSubscriptionState(
    string SubscriptionId,
    SubscriptionStatus Status,
    SubscriptionTier? PaidTier,
    string? PriceId,
    DateTimeOffset? PeriodStart,
    DateTimeOffset? PeriodEnd,
    bool CancelAtPeriodEnd);

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

/// <summary>
/// What each tier is called and allows. -1 means unlimited; <see cref="AssetRetention"/> null means kept.
/// <see cref="MediaPictures"/> and <see cref="MediaBytes"/> cap the media library (pictures kept, and their stored bytes).
/// <see cref="AiGenerationsPerMonth"/> is the copy studio's monthly allowance: every engine call, the built-in one's too.
/// </summary>
public sealed record TierLimits(SubscriptionTier Tier, string Name, int AssetsPerMonth, int Platforms, TimeSpan? AssetRetention,
    int MediaPictures, long MediaBytes, int AiGenerationsPerMonth)
{
    public const int Unlimited = -1;

    private const long Megabytes = 1024 * 1024;

    private static readonly TierLimits[] All =
    [
        new(SubscriptionTier.Free, "Free", 5, 1, TimeSpan.FromDays(30), 50, 250 * Megabytes, 20),
        new(SubscriptionTier.Pro, "Pro", 100, 3, null, 500, 5 * 1024 * Megabytes, 300),
        new(SubscriptionTier.Studio, "Studio", Unlimited, Unlimited, null, 2_000, 25 * 1024 * Megabytes, 2_000),
    ];

    public static TierLimits For(SubscriptionTier tier) => All.Single(t => t.Tier == tier);
}
