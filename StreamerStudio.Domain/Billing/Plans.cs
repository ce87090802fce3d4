using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Notifications;

namespace StreamerStudio.Domain.Billing;

/// <summary>
/// The one owner of a creator's plan: tier, status, limits and the monthly allowance. Every change runs in the
/// caller's transaction, under the creator's row lock (taken here), through a <see cref="Subscription"/>
/// method; the mirror columns on <c>users</c> are kept in step here, and the usage SQL functions are called from
/// nowhere else. Later allowances (channel connections, AI copy, media kits) belong here too.
/// </summary>
public sealed class Plans(AuditTrail audit, NotificationService notifications, TimeProvider clock)
{
    /// <summary>
    /// Serialises everything that changes one creator's plan, credits or channels for the rest of the
    /// transaction: two tabs, a webhook and an admin can never interleave.
    /// </summary>
    public static Task LockCreatorAsync(StudioDbContext db, Guid userId, CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlAsync($"SELECT 1 FROM users WHERE id = {userId} FOR UPDATE", cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the creator's subscription under the lock, keeps <c>users</c> in step,
    /// keeps assets for good when the new tier keeps them, and audits a tier change (by <paramref name="actorId"/>,
    /// null for Stripe). False when the creator has no subscription.
    /// </summary>
    public async Task<bool> ChangeAsync(StudioDbContext db, Guid userId, Action<Subscription> change, Guid? actorId, object? auditNote = null,
        CancellationToken cancellationToken = default)
    {
        await LockCreatorAsync(db, userId, cancellationToken);
        var subscription = await db.Subscriptions.Include(s => s.User).SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (subscription?.User is not { } user)
        {
            return false;
        }

        var before = new { tier = TextEnum.ToText(subscription.Tier), subscription.AssetsLimit, subscription.PlatformsLimit };
        change(subscription);
        user.SubscriptionTier = subscription.Tier;
        user.SubscriptionStatus = subscription.Status;
        await db.SaveChangesAsync(cancellationToken);

        var limits = TierLimits.For(subscription.Tier);
        if (limits.AssetRetention is null)
        {
            // Paid plans keep assets: nothing made on Free expires any more.
            await db.Assets.Where(a => a.UserId == userId && a.ExpiresAt != null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ExpiresAt, (DateTimeOffset?)null), cancellationToken);
        }

        if (before.tier != TextEnum.ToText(subscription.Tier))
        {
            // A faster plan's sync interval applies from now, and channels no longer over the limit are due again.
            await db.Database.ExecuteSqlAsync($"""
                UPDATE platform_connections
                SET next_sync_at = LEAST(next_sync_at, COALESCE(last_synced_at + {Plans.SyncInterval(subscription.Tier)}, {clock.GetUtcNow()}))
                WHERE user_id = {userId} AND is_active
                """, cancellationToken);
            // Without an admin behind it the creator changed their own plan (through Stripe): they are the actor.
            await audit.WriteAsync(actorId ?? userId, AuditTrail.Actions.TierChanged, "user", userId, before,
                new { tier = TextEnum.ToText(subscription.Tier), subscription.AssetsLimit, subscription.PlatformsLimit, note = auditNote }, db, cancellationToken);
            await notifications.PlanChangedAsync(db, userId, TextEnum.Parse<SubscriptionTier>(before.tier), subscription.Tier, cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// "Does this creator have a payment problem?": the plan is past due, or a failed payment is not yet made good.
    /// The banner on every page and the Billing page both ask this.
    /// </summary>
    public static Task<bool> HasPaymentProblemAsync(StudioDbContext db, Guid userId, CancellationToken cancellationToken = default) =>
        db.Users.AnyAsync(u => u.Id == userId &&
                               (u.Subscription!.Status == SubscriptionStatus.PastDue ||
                                db.PaymentFailures.Any(f => f.UserId == userId && f.ResolvedAt == null)), cancellationToken);

    /// <summary>
    /// "May this creator connect a channel on <paramref name="platform"/>?": reconnecting a platform already connected
    /// always may; a new one only below the plan's channel limit. Call under <see cref="LockCreatorAsync"/> when the
    /// answer leads to a write, so two tabs cannot both take the last slot.
    /// </summary>
    public static async Task<ChannelLimit> CanConnectChannelAsync(StudioDbContext db, Guid userId, Platforms.Platform platform, CancellationToken cancellationToken = default)
    {
        var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        var connected = await db.PlatformConnections.Where(c => c.UserId == userId).Select(c => c.Platform).ToListAsync(cancellationToken);
        var tier = TierLimits.For(subscription?.Tier ?? SubscriptionTier.Free);
        var limit = subscription?.PlatformsLimit ?? tier.Platforms;
        var allowed = connected.Contains(platform) || limit == TierLimits.Unlimited || connected.Count < limit;
        return new ChannelLimit(tier.Name, limit, connected.Count, allowed);
    }

    /// <summary>
    /// After a downgrade nothing is deleted: the connections within the limit, oldest first, stay in use and the rest
    /// are read-only (shown, not synced or written to) until the creator upgrades or disconnects one.
    /// </summary>
    public static bool IsChannelReadOnly(int limit, int positionByCreation) => limit != TierLimits.Unlimited && positionByCreation >= limit;

    /// <summary>Reserves <paramref name="amount"/> assets; false (and nothing changed) when that would pass the limit.</summary>
    public async Task<bool> TryReserveAsync(StudioDbContext db, Guid userId, int amount, Guid jobId, CancellationToken cancellationToken = default) =>
        await db.Database
            .SqlQuery<bool>($"SELECT increment_user_usage({userId}, {amount}, {jobId}, 'reserved on submission', {clock.GetUtcNow()}) AS \"Value\"")
            .SingleAsync(cancellationToken);

    /// <summary>
    /// Reserves the outputs from the monthly allowance or, when that is used up, pays for them with credits.
    /// Returns how they are paid for, or null (and nothing changed) when neither covers them.
    /// </summary>
    public async Task<QuotaState?> TryReserveOrSpendCreditsAsync(StudioDbContext db, Guid userId, int amount, Guid jobId, CancellationToken cancellationToken = default)
    {
        if (await TryReserveAsync(db, userId, amount, jobId, cancellationToken))
        {
            return QuotaState.Reserved;
        }

        if (!await Credits.TrySpendAsync(db, userId, amount, jobId, cancellationToken))
        {
            return null;
        }

        await notifications.CreditsSpentAsync(db, userId, amount, await Credits.BalanceAsync(db, userId, cancellationToken), cancellationToken);
        return QuotaState.CreditReserved;
    }

    /// <summary>Marks a job's reserved output as delivered. Does nothing when it was charged already.</summary>
    public async Task ChargeAsync(StudioDbContext db, GenerationJob job, CancellationToken cancellationToken = default)
    {
        // How the job was paid for is fixed at submission (and again at a retry, before it is claimed), so the
        // claimed job says which of the two changes to make; each is still conditional, so a charge happens once.
        if (job.QuotaState == QuotaState.CreditReserved)
        {
            // Credits were taken when the job was submitted; delivery only settles the state.
            await db.GenerationJobs
                .Where(j => j.Id == job.Id && j.QuotaState == QuotaState.CreditReserved)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.QuotaState, QuotaState.CreditCharged), cancellationToken);
            return;
        }

        var changed = await db.GenerationJobs
            .Where(j => j.Id == job.Id && j.QuotaState == QuotaState.Reserved)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.QuotaState, QuotaState.Charged), cancellationToken);
        if (changed == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var subscription = await db.Subscriptions.AsNoTracking().SingleAsync(s => s.UserId == job.UserId, cancellationToken);
        db.QuotaUsage.Add(new QuotaUsage
        {
            UserId = job.UserId,
            Operation = QuotaOperation.Charge,
            Amount = 1,
            CurrentValue = subscription.AssetsUsed,
            MaxValue = subscription.AssetsLimit,
            RelatedEntityType = "generation_job",
            RelatedEntityId = job.Id,
            Reason = "asset delivered",
            BillingCycleStart = subscription.UsagePeriodStart ?? MonthStart(now),
            BillingCycleEnd = ResetDate(subscription, now),
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await notifications.AllowanceChargedAsync(db, job.UserId, subscription.AssetsUsed, subscription.AssetsLimit,
            subscription.UsagePeriodStart ?? MonthStart(now), cancellationToken);
    }

    /// <summary>Gives back a failed output's reservation (or its credit). Does nothing when it was released or charged already.</summary>
    public async Task ReleaseAsync(StudioDbContext db, GenerationJob job, string reason, CancellationToken cancellationToken = default)
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
            await db.Database.ExecuteSqlAsync($"SELECT release_user_usage({job.UserId}, 1, {job.Id}, {reason}, {job.QueuedAt}, {clock.GetUtcNow()})", cancellationToken);
        }
    }

    /// <summary>A new billing period: the allowance starts again from zero.</summary>
    public async Task StartNewPeriodAsync(StudioDbContext db, Guid userId, DateTimeOffset periodStart, CancellationToken cancellationToken = default) =>
        await db.Database.ExecuteSqlAsync($"SELECT reset_monthly_usage({userId}, {periodStart}, {clock.GetUtcNow()})", cancellationToken);

    /// <summary>"Your Free plan includes 5 assets a month…": why a request does not fit, and when it will.</summary>
    public async Task<string> DescribeRefusalAsync(StudioDbContext db, Guid userId, int needed, CancellationToken cancellationToken = default)
    {
        var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (subscription is null)
        {
            return "Your account has no plan yet, so nothing can be generated. Open the Billing page or contact support.";
        }

        var left = Math.Max(subscription.AssetsLimit - subscription.AssetsUsed, 0);
        var tier = TierLimits.For(subscription.Tier).Name;
        var resets = ResetDate(subscription, clock.GetUtcNow()).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var wants = needed == 1 ? "this request needs 1" : $"this request needs {needed}";
        var credits = await Credits.BalanceAsync(db, userId, cancellationToken);
        var creditNote = credits > 0 ? $" You have {credits} credit{(credits == 1 ? "" : "s")}, not enough for it either." : "";
        return $"Your {tier} plan includes {subscription.AssetsLimit} assets a month and you have {left} left; {wants}. " +
               $"Your allowance resets on {resets}.{creditNote} Upgrade or buy credits on the Billing page for more.";
    }

    /// <summary>
    /// The copy studio's allowance this period: engine calls that finished or are under way since the period started
    /// (ledger rows that did not finish gave theirs back). The period is the paid one when Stripe keeps one, else the
    /// calendar month in UTC.
    /// </summary>
    public async Task<AiAllowance> AiAllowanceAsync(StudioDbContext db, Guid userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        var tier = TierLimits.For(subscription?.Tier ?? SubscriptionTier.Free);
        var (start, resets) = subscription is null ? (MonthStart(now), MonthStart(now).AddMonths(1)) : AiPeriod(subscription, now);
        var used = await db.AiUsage.CountAsync(u => u.UserId == userId && u.CreatedAt >= start
                                                    && (u.Outcome == Copy.AiOutcome.Running || u.Outcome == Copy.AiOutcome.Done), cancellationToken);
        return new AiAllowance(tier.Name, used, tier.AiGenerationsPerMonth, resets);
    }

    /// <summary>
    /// Reserves one AI generation by writing its <paramref name="call"/> ledger row (still running), under the creator's
    /// lock in its own transaction, so parallel requests at the limit never overspend. Refused, with how many are left
    /// and when the month resets, when none is left; nothing is written then.
    /// </summary>
    public async Task ReserveAiGenerationAsync(StudioDbContext db, Copy.AiUsage call, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockCreatorAsync(db, call.UserId, cancellationToken);
        var allowance = await AiAllowanceAsync(db, call.UserId, cancellationToken);
        if (allowance.Remaining < 1)
        {
            throw new RequestRefusedException(allowance.DescribeRefusal(), WayOut.Billing);
        }

        call.CreatedAt = clock.GetUtcNow();
        db.AiUsage.Add(call);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static (DateTimeOffset Start, DateTimeOffset Resets) AiPeriod(Subscription subscription, DateTimeOffset now) =>
        subscription is { CurrentPeriodStart: { } start, CurrentPeriodEnd: { } end } && start <= now && now < end
            ? (start, end)
            : (MonthStart(now), MonthStart(now).AddMonths(1));

    /// <summary>
    /// How often a creator's channel stats and content are refreshed (seed 001): hourly on a paid plan, daily on
    /// Free. A channel never synced is due at once whatever the plan.
    /// </summary>
    public static TimeSpan SyncInterval(SubscriptionTier tier) =>
        tier == SubscriptionTier.Free ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1);

    /// <summary>When the current allowance starts over: the paid period's end, else the next calendar month.</summary>
    public static DateTimeOffset ResetDate(Subscription subscription, DateTimeOffset now) =>
        subscription.CurrentPeriodEnd ?? MonthStart(now).AddMonths(1);

    public static DateTimeOffset MonthStart(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }
}

/// <summary>Recurring: starts a new month's allowance for every subscription that counts calendar months.</summary>
public sealed class MonthlyUsageReset(IDbContextFactory<StudioDbContext> dbFactory, Plans plans, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var monthStart = Plans.MonthStart(clock.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Paid subscriptions with a Stripe period reset when their invoice is paid (billing); the rest go by calendar month.
        var due = await db.Subscriptions
            .Where(s => s.CurrentPeriodEnd == null && (s.UsagePeriodStart == null || s.UsagePeriodStart < monthStart))
            .Select(s => s.UserId)
            .ToListAsync(cancellationToken);
        foreach (var userId in due)
        {
            await plans.StartNewPeriodAsync(db, userId, monthStart, cancellationToken);
        }

        return due.Count;
    }
}

/// <summary>The copy studio's monthly AI generations: the one sentence the page, Billing and every refusal use.</summary>
public sealed record AiAllowance(string PlanName, int Used, int Limit, DateTimeOffset ResetsOn)
{
    public bool IsUnlimited => Limit == TierLimits.Unlimited;

    public int Remaining => IsUnlimited ? int.MaxValue : Math.Max(Limit - Used, 0);

    private string Resets => ResetsOn.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"3 of 20 AI generations used this month (17 left, resets on 1 December 2026)".</summary>
    public string Describe() => IsUnlimited
        ? $"{Used} AI generations this month; your {PlanName} plan has no limit."
        : $"{Used} of {Limit} AI generations used this month ({Remaining} left, resets on {Resets}).";

    public string DescribeRefusal() =>
        $"Your {PlanName} plan includes {Limit} AI generations a month and you have {Remaining} left. " +
        $"Your allowance resets on {Resets}; upgrade on the Billing page for more.";
}

/// <summary>A creator's channel allowance: the one sentence every refusal and the Connect buttons use.</summary>
public sealed record ChannelLimit(string TierName, int Limit, int Connected, bool Allowed)
{
    public string Describe() => Limit == TierLimits.Unlimited
        ? $"Your {TierName} plan connects unlimited channels."
        : $"Your {TierName} plan connects up to {Limit} channel{(Limit == 1 ? "" : "s")} and you have {Connected}. Disconnect one, or upgrade on the Billing page.";
}
