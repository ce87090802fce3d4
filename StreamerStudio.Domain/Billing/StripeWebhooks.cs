using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using StripeCheckout = Stripe.Checkout;
using StripeSubscription = Stripe.Subscription;

namespace StreamerStudio.Domain.Billing;

public enum WebhookOutcome
{
    /// <summary>Signature missing, wrong, stale or body altered: 400, nothing changed.</summary>
    Rejected,
    Applied,
    Duplicate,
    Ignored,
}

/// <summary>
/// Stripe's webhook: verified with the endpoint secret (±300 s), applied once (the event id is stored in the
/// same transaction as its effect), and never trusting arrival order: for subscriptions, the current state is
/// read from Stripe and applied.
/// </summary>
public sealed partial class StripeWebhooks(
    IDbContextFactory<StudioDbContext> dbFactory,
    BillingService billing,
    Plans plans,
    Notifications.NotificationService notifications,
    IOptions<StripeOptions> options,
    TimeProvider clock,
    ILogger<StripeWebhooks> logger)
{
    public const long ToleranceSeconds = 300;

    public async Task<WebhookOutcome> HandleAsync(string payload, string? signature, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(options.Value.WebhookSecret))
        {
            return WebhookOutcome.Rejected;
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(payload, signature, options.Value.WebhookSecret, ToleranceSeconds,
                clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            LogRejected(e.Message);
            return WebhookOutcome.Rejected;
        }

        // Read from Stripe before the transaction: no network call while holding locks.
        var subscription = await CurrentSubscriptionAsync(stripeEvent, cancellationToken);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A concurrent copy of the same event waits here for the first to commit, then finds it recorded.
        var fresh = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO stripe_events (id, type) VALUES ({stripeEvent.Id}, {stripeEvent.Type}) ON CONFLICT (id) DO NOTHING", cancellationToken);
        if (fresh == 0)
        {
            return WebhookOutcome.Duplicate;
        }

        var outcome = stripeEvent.Data.Object switch
        {
            StripeCheckout.Session { Mode: "payment" } session when stripeEvent.Type == EventTypes.CheckoutSessionCompleted
                => await AddPurchasedCreditsAsync(db, session, cancellationToken),
            StripeCheckout.Session session when stripeEvent.Type == EventTypes.CheckoutSessionCompleted
                => await ApplySubscriptionAsync(db, subscription, UserIdOf(session), cancellationToken),
            StripeSubscription when stripeEvent.Type is EventTypes.CustomerSubscriptionCreated or EventTypes.CustomerSubscriptionUpdated
                or EventTypes.CustomerSubscriptionDeleted
                => await ApplySubscriptionAsync(db, subscription, null, cancellationToken),
            Invoice invoice when stripeEvent.Type == EventTypes.InvoicePaid => await RecordPaymentAsync(db, invoice, cancellationToken),
            Invoice invoice when stripeEvent.Type == EventTypes.InvoicePaymentFailed => await RecordFailureAsync(db, invoice, cancellationToken),
            _ => WebhookOutcome.Ignored,
        };
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    /// <summary>The subscription an event is about, as Stripe has it now (not as the event remembers it).</summary>
    private async Task<StripeSubscription?> CurrentSubscriptionAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        var id = stripeEvent.Data.Object switch
        {
            StripeCheckout.Session { Mode: "subscription" } session => session.SubscriptionId,
            StripeSubscription s => s.Id,
            _ => null,
        };
        return id is null ? null : await new SubscriptionService(billing.Client()).GetAsync(id, cancellationToken: cancellationToken);
    }

    private static Guid? UserIdOf(StripeCheckout.Session session) =>
        Guid.TryParse(session.ClientReferenceId, out var id) ? id : null;

    /// <summary>Tier, status, period and limits from Stripe's subscription, through the plan's owner.</summary>
    private async Task<WebhookOutcome> ApplySubscriptionAsync(StudioDbContext db, StripeSubscription? stripe, Guid? userId, CancellationToken cancellationToken)
    {
        if (stripe is null)
        {
            return WebhookOutcome.Ignored;
        }

        var user = userId is { } id
            ? await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken)
            : await db.Users.SingleOrDefaultAsync(u => u.StripeCustomerId == stripe.CustomerId, cancellationToken);
        var item = stripe.Items?.Data?.FirstOrDefault();
        var state = new StripeSubscriptionState(stripe.Id, StatusOf(stripe.Status), options.Value.TierOfPrice(item?.Price?.Id), item?.Price?.Id,
            item?.CurrentPeriodStart, item?.CurrentPeriodEnd, stripe.CancelAtPeriodEnd);
        if (user is null || !await plans.ChangeAsync(db, user.Id, s => s.ApplyStripeState(state), actorId: null,
                new { stripeSubscription = stripe.Id }, cancellationToken))
        {
            LogUnknownCustomer(stripe.CustomerId);
            return WebhookOutcome.Ignored;
        }

        user.StripeCustomerId ??= stripe.CustomerId;
        await db.SaveChangesAsync(cancellationToken);
        return WebhookOutcome.Applied;
    }

    /// <summary>A paid credit pack: its credits, once (the session id is unique in the ledger as well).</summary>
    private async Task<WebhookOutcome> AddPurchasedCreditsAsync(StudioDbContext db, StripeCheckout.Session session, CancellationToken cancellationToken)
    {
        if (session.PaymentStatus != "paid" || UserIdOf(session) is not { } userId
            || session.Metadata?.GetValueOrDefault("credits") is not { } text || !int.TryParse(text, out var credits) || credits <= 0
            || !await db.Users.AnyAsync(u => u.Id == userId, cancellationToken)
            || await db.CreditTransactions.AnyAsync(c => c.StripeReference == session.Id, cancellationToken))
        {
            return WebhookOutcome.Ignored;
        }

        await Credits.AddAsync(db, userId, CreditKind.Purchase, credits, null, session.Id, "credit pack", cancellationToken);
        return WebhookOutcome.Applied;
    }

    /// <summary>A paid invoice: a payments row; a renewal starts the new period's allowance; open failures are resolved.</summary>
    private async Task<WebhookOutcome> RecordPaymentAsync(StudioDbContext db, Invoice invoice, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.StripeCustomerId == invoice.CustomerId, cancellationToken);
        if (user is null)
        {
            LogUnknownCustomer(invoice.CustomerId);
            return WebhookOutcome.Ignored;
        }

        var now = clock.GetUtcNow();
        db.Payments.Add(new Payment
        {
            UserId = user.Id,
            SubscriptionId = invoice.Parent?.SubscriptionDetails?.SubscriptionId,
            InvoiceId = invoice.Id,
            AmountCents = invoice.AmountPaid,
            Currency = invoice.Currency ?? options.Value.Currency,
            PaidAt = now,
        });
        var recovered = await db.PaymentFailures.Where(f => f.UserId == user.Id && f.ResolvedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.ResolvedAt, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (recovered > 0)
        {
            await notifications.PaymentRecoveredAsync(db, user.Id, cancellationToken);
        }

        if (invoice.BillingReason == "subscription_cycle")
        {
            var periodStart = invoice.Lines?.Data?.FirstOrDefault()?.Period?.Start is { } start
                ? new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc))
                : now;
            await plans.StartNewPeriodAsync(db, user.Id, periodStart, cancellationToken);
        }

        return WebhookOutcome.Applied;
    }

    /// <summary>A failed payment: the plan is past due, the failure recorded, and the creator sees a banner on Billing.</summary>
    private async Task<WebhookOutcome> RecordFailureAsync(StudioDbContext db, Invoice invoice, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.StripeCustomerId == invoice.CustomerId, cancellationToken);
        if (user is null || !await plans.ChangeAsync(db, user.Id, s => s.MarkPastDue(), actorId: null, cancellationToken: cancellationToken))
        {
            LogUnknownCustomer(invoice.CustomerId);
            return WebhookOutcome.Ignored;
        }

        db.PaymentFailures.Add(new PaymentFailure
        {
            UserId = user.Id,
            SubscriptionId = invoice.Parent?.SubscriptionDetails?.SubscriptionId,
            InvoiceId = invoice.Id,
            AttemptCount = (int)invoice.AttemptCount,
            FailureReason = invoice.LastFinalizationError?.Message ?? "The card was declined.",
            FailedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await notifications.PaymentFailedAsync(db, user.Id, invoice.LastFinalizationError?.Message ?? "The card was declined.", cancellationToken);
        return WebhookOutcome.Applied;
    }

    private static SubscriptionStatus StatusOf(string? stripeStatus) => stripeStatus switch
    {
        "active" => SubscriptionStatus.Active,
        "trialing" => SubscriptionStatus.Trialing,
        "past_due" or "unpaid" => SubscriptionStatus.PastDue,
        "canceled" or "incomplete_expired" => SubscriptionStatus.Canceled,
        _ => SubscriptionStatus.None,
    };

    [LoggerMessage(LogLevel.Warning, "Stripe webhook rejected: {Reason}")]
    private partial void LogRejected(string reason);

    [LoggerMessage(LogLevel.Warning, "Stripe event for unknown customer {CustomerId} ignored")]
    private partial void LogUnknownCustomer(string? customerId);
}
