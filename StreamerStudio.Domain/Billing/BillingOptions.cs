namespace StreamerStudio.Domain.Billing;

/// <summary>Stripe settings. Keys come from environment or user-secrets; without a secret key billing shows plans only.</summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    public string? SecretKey { get; set; }
    public string? WebhookSecret { get; set; }
    /// <summary>Only for tests and stripe-mock (the Development sandbox sets it itself): where the Stripe API is. Empty means Stripe itself.</summary>
    public string? ApiBase { get; set; }

    /// <summary>
    /// The largest webhook body accepted. Stripe's events are a few KB (a full invoice with many lines stays well
    /// under 100 KB); the cap exists so an unsigned stranger cannot make us buffer megabytes before we can say no.
    /// </summary>
    public int WebhookMaxBytes { get; set; } = 512 * 1024;
    public PlanPrices Pro { get; set; } = new() { MonthlyAmountCents = 900, YearlyAmountCents = 9000 };
    public PlanPrices Studio { get; set; } = new() { MonthlyAmountCents = 2900, YearlyAmountCents = 29000 };
    public string Currency { get; set; } = "usd";

    /// <summary>One-time purchases of credits, spent when the monthly allowance is used up.</summary>
    public List<CreditPack> CreditPacks { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);

    /// <summary>
    /// True when "Stripe" is the Development sandbox (no real money moves). Not a setting — configuration cannot
    /// bind a private setter — so only the host that started the sandbox can say so, through <see cref="UseSandbox"/>.
    /// </summary>
    public bool IsSandbox { get; private set; }

    /// <summary>Points Stripe.net at the local sandbox with the keys it made for this run.</summary>
    public void UseSandbox(string apiBase, string secretKey, string webhookSecret)
    {
        ApiBase = apiBase;
        SecretKey = secretKey;
        WebhookSecret = webhookSecret;
        IsSandbox = true;
    }

    public PlanPrices? PricesFor(SubscriptionTier tier) => tier switch
    {
        SubscriptionTier.Pro => Pro,
        SubscriptionTier.Studio => Studio,
        _ => null,
    };

    /// <summary>The tier a Stripe price id sells; null for a price we do not know.</summary>
    public SubscriptionTier? TierOfPrice(string? priceId) =>
        string.IsNullOrEmpty(priceId) ? null
        : Pro.Has(priceId) ? SubscriptionTier.Pro
        : Studio.Has(priceId) ? SubscriptionTier.Studio
        : null;
}

public sealed class PlanPrices
{
    public string? MonthlyPriceId { get; set; }
    public string? YearlyPriceId { get; set; }
    public long MonthlyAmountCents { get; set; }
    public long YearlyAmountCents { get; set; }

    public bool Has(string priceId) => priceId == MonthlyPriceId || priceId == YearlyPriceId;
}

public sealed class CreditPack
{
    public string PriceId { get; set; } = "";
    public int Credits { get; set; }
    public long AmountCents { get; set; }
}
