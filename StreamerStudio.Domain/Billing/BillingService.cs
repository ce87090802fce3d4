using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using StripeCheckout = Stripe.Checkout;
using StripePortal = Stripe.BillingPortal;

namespace StreamerStudio.Domain.Billing;

public sealed record PlanCard(SubscriptionTier Tier, string Name, long MonthlyAmountCents, long YearlyAmountCents, string Currency,
    int AssetsPerMonth, int Platforms, bool Purchasable);

public sealed record PaymentLine(DateTimeOffset PaidAt, long AmountCents, string Currency, string? InvoiceId);

/// <summary>What the Billing page shows a creator about their own plan.</summary>
public sealed record BillingOverview(
    SubscriptionTier Tier,
    SubscriptionStatus Status,
    DateTimeOffset? PeriodEnd,
    bool CancelAtPeriodEnd,
    int AssetsUsed,
    int AssetsLimit,
    int PlatformsUsed,
    int PlatformsLimit,
    bool PaymentFailed,
    bool HasStripeCustomer,
    bool PaymentsConfigured,
    bool Sandbox,
    int Credits,
    IReadOnlyList<CreditPack> CreditPacks,
    IReadOnlyList<PlanCard> Plans,
    IReadOnlyList<PaymentLine> Payments);

/// <summary>
/// Plans, Stripe Checkout and the customer portal. Every call takes the acting user. Stripe is reached only
/// when it is configured; without keys the page shows the plans and says payments are not set up.
/// </summary>
public sealed partial class BillingService(
    IDbContextFactory<StudioDbContext> dbFactory,
    IOptions<StripeOptions> options,
    TimeProvider clock,
    ILogger<BillingService> logger)
{
    public const string NotConfigured = "Payments are not configured on this server yet, so plans cannot be bought. Everything else works on the Free plan.";

    private StripeOptions Stripe => options.Value;

    public async Task<BillingOverview> GetOverviewAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Include(u => u.Subscription).SingleAsync(u => u.Id == userId, cancellationToken);
        var subscription = user.Subscription!;
        var platforms = await db.PlatformConnections.CountAsync(c => c.UserId == userId && c.IsActive, cancellationToken);
        var failed = await Plans.HasPaymentProblemAsync(db, userId, cancellationToken);
        var payments = await db.Payments.AsNoTracking().Where(p => p.UserId == userId).OrderByDescending(p => p.PaidAt).Take(24)
            .Select(p => new PaymentLine(p.PaidAt, p.AmountCents, p.Currency, p.InvoiceId)).ToListAsync(cancellationToken);
        return new BillingOverview(subscription.Tier, subscription.Status, Plans.ResetDate(subscription, clock.GetUtcNow()),
            subscription.CancelAtPeriodEnd, subscription.AssetsUsed, subscription.AssetsLimit, platforms, subscription.PlatformsLimit, failed,
            user.StripeCustomerId is not null, Stripe.IsConfigured, Stripe.IsSandbox, await Credits.BalanceAsync(db, userId, cancellationToken),
            Stripe.CreditPacks.Where(p => p.PriceId.Length > 0 && p.Credits > 0).ToList(), PlanCards(), payments);
    }

    public IReadOnlyList<PlanCard> PlanCards() =>
    [
        Card(SubscriptionTier.Free, null),
        Card(SubscriptionTier.Pro, Stripe.Pro),
        Card(SubscriptionTier.Studio, Stripe.Studio),
    ];

    public const string StripeUnreachable = "Stripe could not be reached just now. Nothing was charged; try again in a minute.";

    /// <summary>A Stripe Checkout session (subscription mode) for the plan; the creator is sent to its URL.</summary>
    public Task<string> StartCheckoutAsync(Guid userId, SubscriptionTier tier, bool yearly, string appBaseUrl, CancellationToken cancellationToken = default) =>
        ReachStripeAsync(() => CheckoutAsync(userId, tier, yearly, appBaseUrl, cancellationToken));

    /// <summary>A one-time Checkout for a credit pack; the credits arrive with Stripe's confirmation (the webhook).</summary>
    public Task<string> BuyCreditsAsync(Guid userId, string priceId, string appBaseUrl, CancellationToken cancellationToken = default) =>
        ReachStripeAsync(() => CreditCheckoutAsync(userId, priceId, appBaseUrl, cancellationToken));

    /// <summary>A Stripe customer portal session to change plan, update the card or cancel; it returns to /billing.</summary>
    public Task<string> StartPortalAsync(Guid userId, string appBaseUrl, CancellationToken cancellationToken = default) =>
        ReachStripeAsync(() => PortalAsync(userId, appBaseUrl, cancellationToken));

    /// <summary>Stripe down or refusing is a refusal the creator can read, not an exception the page has to know.</summary>
    private async Task<string> ReachStripeAsync(Func<Task<string>> call)
    {
        try
        {
            return await call();
        }
        // Stripe.net lets a refused connection or a timeout through as they are, not as a StripeException.
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException)
        {
            LogStripeFailed(e, (e as StripeException)?.StripeError?.Type);
            throw new RequestRefusedException(StripeUnreachable);
        }
    }

    private async Task<string> CheckoutAsync(Guid userId, SubscriptionTier tier, bool yearly, string appBaseUrl, CancellationToken cancellationToken = default)
    {
        var priceId = (yearly ? Stripe.PricesFor(tier)?.YearlyPriceId : Stripe.PricesFor(tier)?.MonthlyPriceId) ?? "";
        if (!Stripe.IsConfigured)
        {
            throw new RequestRefusedException(NotConfigured);
        }

        if (priceId.Length == 0)
        {
            throw new RequestRefusedException($"The {TierLimits.For(tier).Name} plan is not on sale {(yearly ? "yearly" : "monthly")} right now.");
        }

        var client = Client();
        var customerId = await EnsureCustomerAsync(client, userId, cancellationToken);
        var session = await new StripeCheckout.SessionService(client).CreateAsync(new StripeCheckout.SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customerId,
            ClientReferenceId = userId.ToString(),
            LineItems = [new StripeCheckout.SessionLineItemOptions { Price = priceId, Quantity = 1 }],
            SuccessUrl = $"{appBaseUrl}billing?checkout=success",
            CancelUrl = $"{appBaseUrl}billing?checkout=cancelled",
            Metadata = new Dictionary<string, string> { ["user_id"] = userId.ToString() },
        }, cancellationToken: cancellationToken);
        return session.Url;
    }

    private async Task<string> CreditCheckoutAsync(Guid userId, string priceId, string appBaseUrl, CancellationToken cancellationToken = default)
    {
        if (!Stripe.IsConfigured)
        {
            throw new RequestRefusedException(NotConfigured);
        }

        var pack = Stripe.CreditPacks.FirstOrDefault(p => p.PriceId == priceId && p.Credits > 0)
                   ?? throw new RequestRefusedException("That credit pack is not on sale.");
        var client = Client();
        var customerId = await EnsureCustomerAsync(client, userId, cancellationToken);
        var session = await new StripeCheckout.SessionService(client).CreateAsync(new StripeCheckout.SessionCreateOptions
        {
            Mode = "payment",
            Customer = customerId,
            ClientReferenceId = userId.ToString(),
            LineItems = [new StripeCheckout.SessionLineItemOptions { Price = pack.PriceId, Quantity = 1 }],
            SuccessUrl = $"{appBaseUrl}billing?checkout=success",
            CancelUrl = $"{appBaseUrl}billing?checkout=cancelled",
            // Set by us and returned signed by Stripe in the webhook: how many credits this purchase is worth.
            Metadata = new Dictionary<string, string> { ["user_id"] = userId.ToString(), ["credits"] = pack.Credits.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }, cancellationToken: cancellationToken);
        return session.Url;
    }

    private async Task<string> PortalAsync(Guid userId, string appBaseUrl, CancellationToken cancellationToken = default)
    {
        if (!Stripe.IsConfigured)
        {
            throw new RequestRefusedException(NotConfigured);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customerId = await db.Users.Where(u => u.Id == userId).Select(u => u.StripeCustomerId).SingleAsync(cancellationToken)
            ?? throw new RequestRefusedException("There is nothing to manage yet: you have not bought a plan.");
        var session = await new StripePortal.SessionService(Client()).CreateAsync(new StripePortal.SessionCreateOptions
        {
            Customer = customerId,
            ReturnUrl = $"{appBaseUrl}billing",
        }, cancellationToken: cancellationToken);
        return session.Url;
    }

    internal StripeClient Client() => new(Stripe.SecretKey, apiBase: string.IsNullOrWhiteSpace(Stripe.ApiBase) ? null : Stripe.ApiBase);

    /// <summary>The creator's Stripe customer, created once and reused (the id is kept on the user).</summary>
    private async Task<string> EnsureCustomerAsync(StripeClient client, Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locked, so two clicks on Upgrade cannot make two customers.
        await Plans.LockCreatorAsync(db, userId, cancellationToken);
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        if (user.StripeCustomerId is { } existing)
        {
            return existing;
        }

        var customer = await new CustomerService(client).CreateAsync(new CustomerCreateOptions
        {
            Email = user.Email,
            Name = user.DisplayName,
            Metadata = new Dictionary<string, string> { ["user_id"] = userId.ToString() },
        }, cancellationToken: cancellationToken);
        user.StripeCustomerId = customer.Id;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return customer.Id;
    }

    private PlanCard Card(SubscriptionTier tier, PlanPrices? prices)
    {
        var limits = TierLimits.For(tier);
        return new PlanCard(tier, limits.Name, prices?.MonthlyAmountCents ?? 0, prices?.YearlyAmountCents ?? 0, Stripe.Currency,
            limits.AssetsPerMonth, limits.Platforms, !string.IsNullOrEmpty(prices?.MonthlyPriceId) && Stripe.IsConfigured);
    }

    [LoggerMessage(LogLevel.Warning, "A Stripe call failed ({ErrorType})")]
    private partial void LogStripeFailed(Exception exception, string? errorType);
}
