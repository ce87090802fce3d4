using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Billing;

/// <summary>A Stripe event already handled; stored in the same transaction as its effect, so a repeat has none.</summary>
public class StripeEvent
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>A paid invoice (seeds/004 <c>payments</c>).</summary>
public class Payment
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public string? SubscriptionId { get; set; }
    public string? InvoiceId { get; set; }
    public long AmountCents { get; set; }
    public string Currency { get; set; } = "usd";
    public string Status { get; set; } = "paid";
    public DateTimeOffset PaidAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A failed invoice payment (seeds/004 <c>payment_failures</c>); resolved when a later invoice is paid.</summary>
public class PaymentFailure
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public string? SubscriptionId { get; set; }
    public string? InvoiceId { get; set; }
    public int AttemptCount { get; set; } = 1;
    public string? FailureReason { get; set; }
    public DateTimeOffset FailedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class BillingRecordsConfiguration :
    IEntityTypeConfiguration<StripeEvent>, IEntityTypeConfiguration<Payment>, IEntityTypeConfiguration<PaymentFailure>
{
    public void Configure(EntityTypeBuilder<StripeEvent> stripeEvent)
    {
        stripeEvent.ToTable("stripe_events");
        stripeEvent.HasKey(e => e.Id);
        stripeEvent.Property(e => e.ReceivedAt).HasDefaultValueSql("now()");
    }

    public void Configure(EntityTypeBuilder<Payment> payment)
    {
        payment.ToTable("payments", t => t.HasCheckConstraint("ck_payments_amount_cents", "amount_cents >= 0"));
        payment.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        payment.HasIndex(p => new { p.UserId, p.PaidAt }).IsDescending(false, true);
        payment.HasIndex(p => p.InvoiceId).IsUnique().HasFilter("invoice_id IS NOT NULL");
    }

    public void Configure(EntityTypeBuilder<PaymentFailure> failure)
    {
        failure.ToTable("payment_failures");
        failure.HasOne(f => f.User).WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        failure.HasIndex(f => f.UserId).HasFilter("resolved_at IS NULL");
    }
}
