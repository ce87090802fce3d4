using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Admin;

namespace StreamerStudio.Domain.Billing;

/// <summary>One change to a creator's credit balance (seeds/003 credits): bought, spent on a generation, refunded, or a bonus.</summary>
public class CreditTransaction
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public CreditKind Kind { get; set; }
    /// <summary>Positive adds credits, negative spends them.</summary>
    public int Amount { get; set; }
    /// <summary>The balance after this change; never below zero (a CHECK constraint is the last line).</summary>
    public int BalanceAfter { get; set; }
    public Guid? RelatedEntityId { get; set; }
    /// <summary>The Checkout session a purchase came from; unique, so a purchase is credited once.</summary>
    public string? StripeReference { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum CreditKind
{
    Purchase,
    Generation,
    Refund,
    Bonus,
}

internal sealed class CreditTransactionConfiguration : IEntityTypeConfiguration<CreditTransaction>
{
    public void Configure(EntityTypeBuilder<CreditTransaction> credit)
    {
        credit.ToTable("credit_transactions", t =>
        {
            t.HasCheckConstraint("ck_credit_transactions_balance_after", "balance_after >= 0");
            t.HasCheckConstraint("ck_credit_transactions_amount", "amount <> 0");
        });
        credit.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        credit.HasIndex(c => new { c.UserId, c.CreatedAt });
        credit.HasIndex(c => c.StripeReference).IsUnique().HasFilter("stripe_reference IS NOT NULL");
    }
}

/// <summary>
/// The credit ledger. Every change locks the creator's user row first, so concurrent spending is serialised
/// and the balance can never go below zero. All methods run in the caller's transaction.
/// </summary>
public static class Credits
{
    /// <summary>
    /// The sum of the ledger. (Not the newest row's balance_after: created_at is each transaction's start time,
    /// so it does not order concurrent changes.)
    /// </summary>
    public static async Task<int> BalanceAsync(StudioDbContext db, Guid userId, CancellationToken cancellationToken = default) =>
        await db.Set<CreditTransaction>().Where(c => c.UserId == userId).SumAsync(c => c.Amount, cancellationToken);

    /// <summary>Spends <paramref name="amount"/> credits on a job; false (nothing changed) when the balance is short.</summary>
    public static async Task<bool> TrySpendAsync(StudioDbContext db, Guid userId, int amount, Guid jobId, CancellationToken cancellationToken = default)
    {
        var balance = await LockedBalanceAsync(db, userId, cancellationToken);
        if (balance < amount)
        {
            return false;
        }

        await AddAsync(db, userId, CreditKind.Generation, -amount, balance - amount, jobId, null, "generation", cancellationToken);
        return true;
    }

    /// <summary>
    /// Gives credits back (a failed generation) or adds them (a purchase, a bonus). <paramref name="actorId"/> is who the
    /// audit log names when it is not the creator themself (an admin's grant).
    /// </summary>
    public static async Task AddAsync(StudioDbContext db, Guid userId, CreditKind kind, int amount, Guid? relatedId, string? stripeReference,
        string reason, CancellationToken cancellationToken = default, Guid? actorId = null)
    {
        var balance = await LockedBalanceAsync(db, userId, cancellationToken);
        await AddAsync(db, userId, kind, amount, balance + amount, relatedId, stripeReference, reason, cancellationToken, actorId);
    }

    private static async Task<int> LockedBalanceAsync(StudioDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        await Plans.LockCreatorAsync(db, userId, cancellationToken);
        return await BalanceAsync(db, userId, cancellationToken);
    }

    private static async Task AddAsync(StudioDbContext db, Guid userId, CreditKind kind, int amount, int balanceAfter, Guid? relatedId,
        string? stripeReference, string reason, CancellationToken cancellationToken, Guid? actorId = null)
    {
        // Every movement is audited here, the one place the ledger changes, and saved with it.
        var action = kind switch
        {
            CreditKind.Purchase => AuditTrail.Actions.CreditsPurchased,
            CreditKind.Generation => AuditTrail.Actions.CreditsSpent,
            CreditKind.Refund => AuditTrail.Actions.CreditsRefunded,
            _ => AuditTrail.Actions.CreditsGranted,
        };
        AuditTrail.Stage(db, actorId ?? userId, action, "user", userId, new { credits = balanceAfter - amount },
            new { credits = balanceAfter, related = relatedId, reason });
        db.Set<CreditTransaction>().Add(new CreditTransaction
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Kind = kind,
            Amount = amount,
            BalanceAfter = balanceAfter,
            RelatedEntityId = relatedId,
            StripeReference = stripeReference,
            Reason = reason,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
