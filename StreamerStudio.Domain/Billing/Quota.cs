using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Domain.Billing;

/// <summary>
/// The monthly asset allowance. Submitting reserves; a delivered output is charged (once); a failed one is
/// released. Every step runs in the caller's transaction and is written to quota_usage_history by the
/// database functions of the GenerationPipeline migration.
/// </summary>
public static class Quota
{
    /// <summary>Reserves <paramref name="amount"/> assets; false (and nothing changed) when that would pass the limit.</summary>
    public static async Task<bool> TryReserveAsync(StudioDbContext db, Guid userId, int amount, Guid jobId, CancellationToken cancellationToken = default) =>
        await db.Database
            .SqlQuery<bool>($"SELECT increment_user_usage({userId}, {amount}, {jobId}, 'reserved on submission') AS \"Value\"")
            .SingleAsync(cancellationToken);

    /// <summary>
    /// Reserves the outputs from the monthly allowance or, when that is used up, pays for them with credits.
    /// Returns how they are paid for, or null (and nothing changed) when neither covers them.
    /// </summary>
    public static async Task<QuotaState?> TryReserveOrSpendCreditsAsync(StudioDbContext db, Guid userId, int amount, Guid jobId, CancellationToken cancellationToken = default)
    {
        if (await TryReserveAsync(db, userId, amount, jobId, cancellationToken))
        {
            return QuotaState.Reserved;
        }

        return await Credits.TrySpendAsync(db, userId, amount, jobId, cancellationToken) ? QuotaState.CreditReserved : null;
    }

    /// <summary>Marks a job's reserved output as delivered. Does nothing when it was charged already.</summary>
    public static async Task ChargeAsync(StudioDbContext db, GenerationJob job, CancellationToken cancellationToken = default)
    {
        // Credits were taken when the job was submitted; delivery only settles the state.
        await db.GenerationJobs
            .Where(j => j.Id == job.Id && j.QuotaState == QuotaState.CreditReserved)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.QuotaState, QuotaState.CreditCharged), cancellationToken);

        var changed = await db.GenerationJobs
            .Where(j => j.Id == job.Id && j.QuotaState == QuotaState.Reserved)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.QuotaState, QuotaState.Charged), cancellationToken);
        if (changed == 1)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO quota_usage_history (id, user_id, quota_type, operation, amount, current_value, max_value,
                                                 related_entity_type, related_entity_id, reason, billing_cycle_start, billing_cycle_end)
                SELECT gen_random_uuid(), s.user_id, 'assets', 'charge', 1, s.assets_used, s.assets_limit,
                       'generation_job', {job.Id}, 'asset delivered',
                       COALESCE(s.usage_period_start, date_trunc('month', now())),
                       COALESCE(s.current_period_end, date_trunc('month', now()) + interval '1 month')
                  FROM subscriptions s WHERE s.user_id = {job.UserId}
                """, cancellationToken);
        }
    }

    /// <summary>Gives back a failed output's reservation (or its credit). Does nothing when it was released or charged already.</summary>
    public static async Task ReleaseAsync(StudioDbContext db, GenerationJob job, string reason, CancellationToken cancellationToken = default)
    {
        var refunded = await db.GenerationJobs
            .Where(j => j.Id == job.Id && j.QuotaState == QuotaState.CreditReserved)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.QuotaState, QuotaState.CreditRefunded), cancellationToken);
        if (refunded == 1)
        {
            await Credits.AddAsync(db, job.UserId, CreditKind.Refund, 1, job.Id, null, reason, cancellationToken);
            return;
        }

        var changed = await db.GenerationJobs
            .Where(j => j.Id == job.Id && j.QuotaState == QuotaState.Reserved)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.QuotaState, QuotaState.Released), cancellationToken);
        if (changed == 1)
        {
            await db.Database.ExecuteSqlAsync($"SELECT release_user_usage({job.UserId}, 1, {job.Id}, {reason}, {job.QueuedAt})", cancellationToken);
        }
    }

    /// <summary>"Your Free plan includes 5 assets a month…": why a request does not fit, and when it will.</summary>
    public static async Task<string> DescribeRefusalAsync(StudioDbContext db, Guid userId, int needed, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (subscription is null)
        {
            return "Your account has no plan yet, so nothing can be generated. Open the Billing page or contact support.";
        }

        var left = Math.Max(subscription.AssetsLimit - subscription.AssetsUsed, 0);
        var tier = TierLimits.For(subscription.Tier).Name;
        var resets = ResetDate(subscription, now).ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var wants = needed == 1 ? "this request needs 1" : $"this request needs {needed}";
        var credits = await Credits.BalanceAsync(db, userId, cancellationToken);
        var creditNote = credits > 0 ? $" You have {credits} credit{(credits == 1 ? "" : "s")}, not enough for it either." : "";
        return $"Your {tier} plan includes {subscription.AssetsLimit} assets a month and you have {left} left; {wants}. " +
               $"Your allowance resets on {resets}.{creditNote} Upgrade or buy credits on the Billing page for more.";
    }

    /// <summary>When the current allowance starts over: the paid period's end, else the next calendar month.</summary>
    public static DateTimeOffset ResetDate(Subscription subscription, DateTimeOffset now) =>
        subscription.CurrentPeriodEnd ?? MonthStart(now).AddMonths(1);

    public static DateTimeOffset MonthStart(DateTimeOffset now) => new(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>Recurring: starts a new month's allowance for every subscription that counts calendar months.</summary>
public sealed class MonthlyUsageReset(IDbContextFactory<StudioDbContext> dbFactory, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var monthStart = Quota.MonthStart(clock.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Paid subscriptions with a Stripe period reset when their invoice is paid (billing); the rest go by calendar month.
        var due = await db.Subscriptions
            .Where(s => s.CurrentPeriodEnd == null && (s.UsagePeriodStart == null || s.UsagePeriodStart < monthStart))
            .Select(s => s.UserId)
            .ToListAsync(cancellationToken);
        foreach (var userId in due)
        {
            await db.Database.ExecuteSqlAsync($"SELECT reset_monthly_usage({userId}, {monthStart})", cancellationToken);
        }

        return due.Count;
    }
}
