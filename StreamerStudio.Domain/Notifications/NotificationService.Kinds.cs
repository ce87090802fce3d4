using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Domain.Notifications;

/// <summary>
/// The words of each kind, written where its event happens and always in that event's transaction (the callers pass
/// their context). Kept here so the services that raise them add one line each.
/// </summary>
public sealed partial class NotificationService
{
    /// <summary>Credits at or below this after a spend: time to buy more.</summary>
    public const int LowCredits = 5;

    /// <summary>
    /// A job was delivered or failed for good (after <c>RollUpParent</c>): a single job is told at once; a pack's
    /// children are not, only the pack, once its last child is settled.
    /// </summary>
    public async Task JobSettledAsync(StudioDbContext db, GenerationJob job, CancellationToken cancellationToken = default)
    {
        if (job.ParentJobId is { } parentId)
        {
            var pack = await db.GenerationJobs.AsNoTracking()
                .Where(j => j.Id == parentId)
                .Select(j => new { j.UserId, j.TotalAssets, j.CompletedAssets, j.FailedAssets })
                .SingleAsync(cancellationToken);
            if (pack.CompletedAssets + pack.FailedAssets < pack.TotalAssets)
            {
                return;
            }

            var notification = pack switch
            {
                { FailedAssets: 0 } => new NewNotification(NotificationKind.PackFinished, "Your pack is ready",
                    $"All {pack.TotalAssets} assets are made and waiting in your gallery."),
                { CompletedAssets: 0 } => new NewNotification(NotificationKind.PackFailed, "Your pack could not be made",
                    "None of its assets could be made; nothing was counted against your allowance. Open Jobs to retry."),
                _ => new NewNotification(NotificationKind.PackFinished, "Your pack is ready, with gaps",
                    $"{pack.CompletedAssets} of {pack.TotalAssets} assets are made; {pack.FailedAssets} failed and were not counted. Open Jobs to retry them."),
            };
            await AddAsync(db, pack.UserId, notification with { Link = "/jobs", RelatedEntityType = "generation_job", RelatedEntityId = parentId },
                cancellationToken);
            return;
        }

        // Read from the row, not the caller's entity: delivery settles the job with a conditional update that leaves the
        // entity saying "processing", which told every delivered asset that it had failed.
        var settled = await db.GenerationJobs.AsNoTracking()
            .Where(j => j.Id == job.Id)
            .Select(j => new { j.Status, j.ErrorMessage })
            .SingleAsync(cancellationToken);
        var name = job.AssetType is { } type ? AssetCatalogue.For(type, job.PlatformContext.Platform).Name : "asset";
        var single = settled.Status == JobStatus.Completed
            ? new NewNotification(NotificationKind.JobFinished, $"Your {name} is ready", "It is waiting in your gallery.")
            : new NewNotification(NotificationKind.JobFailed, $"Your {name} could not be made",
                settled.ErrorMessage ?? "It did not count against your allowance. Open Jobs to retry it.");
        await AddAsync(db, job.UserId, single with { Link = "/jobs", RelatedEntityType = "generation_job", RelatedEntityId = job.Id },
            cancellationToken);
    }

    /// <summary>After an asset is charged: 80% and 100% of the month's allowance, each once per period.</summary>
    public async Task AllowanceChargedAsync(StudioDbContext db, Guid userId, int used, int limit, DateTimeOffset periodStart,
        CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
        {
            // Unlimited (or no allowance at all): there is nothing to run out of.
            return;
        }

        var period = periodStart.UtcDateTime.ToString("yyyy-MM-dd");
        if (used >= limit)
        {
            await AddAsync(db, userId, new NewNotification(NotificationKind.AllowanceUsedUp, "You have used this month's allowance",
                $"All {limit} assets of this month are used. Credits or a bigger plan keep you creating until it resets.",
                Link: "/billing", OnceKey: $"allowance-100:{period}"), cancellationToken);
        }
        else if (used * 5 >= limit * 4)
        {
            await AddAsync(db, userId, new NewNotification(NotificationKind.AllowanceNearlyUsed, "80% of this month's allowance used",
                $"{used} of {limit} assets used this month.", Link: "/billing", OnceKey: $"allowance-80:{period}"), cancellationToken);
        }
    }

    /// <summary>After credits are spent: told when the balance drops to <see cref="LowCredits"/> or below (once per drop).</summary>
    public async Task CreditsSpentAsync(StudioDbContext db, Guid userId, int spent, int balance, CancellationToken cancellationToken = default)
    {
        if (balance <= LowCredits && balance + spent > LowCredits)
        {
            await AddAsync(db, userId, new NewNotification(NotificationKind.CreditsLow, "Your credits are running low",
                balance == 0 ? "You have no credits left." : $"{balance} credit{(balance == 1 ? "" : "s")} left.", Link: "/billing"),
                cancellationToken);
        }
    }

    public Task PaymentFailedAsync(StudioDbContext db, Guid userId, string reason, CancellationToken cancellationToken = default) =>
        AddAsync(db, userId, new NewNotification(NotificationKind.PaymentFailed, "Your payment did not go through",
            $"{reason} Update your card on the Billing page to keep your plan.", Link: "/billing"), cancellationToken);

    public Task PaymentRecoveredAsync(StudioDbContext db, Guid userId, CancellationToken cancellationToken = default) =>
        AddAsync(db, userId, new NewNotification(NotificationKind.PaymentRecovered, "Your payment went through",
            "Thanks! Your plan is in good standing again.", Link: "/billing"), cancellationToken);

    public Task PlanChangedAsync(StudioDbContext db, Guid userId, SubscriptionTier from, SubscriptionTier to, CancellationToken cancellationToken = default) =>
        AddAsync(db, userId, new NewNotification(NotificationKind.PlanChanged, $"You are now on {TierLimits.For(to).Name}",
            $"Your plan changed from {TierLimits.For(from).Name} to {TierLimits.For(to).Name}.", Link: "/billing"), cancellationToken);

    public Task ChannelNeedsReconnectAsync(StudioDbContext db, PlatformConnection connection, string reason, CancellationToken cancellationToken = default) =>
        AddAsync(db, connection.UserId, new NewNotification(NotificationKind.ChannelNeedsReconnect,
            $"Reconnect your {PlatformProvider.For(connection.Platform).Name} channel", reason, Link: "/channels",
            RelatedEntityType: "platform_connection", RelatedEntityId: connection.Id), cancellationToken);
}
