using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Domain.Notifications;

/// <summary>
/// The daily look ahead (Hangfire): yearly plans renewing within <see cref="RenewalNotice"/>, free assets expiring within
/// <see cref="ExpiryNotice"/>. Each is told once (a once-key per renewal date and per asset), so running twice, or on two
/// servers, tells nobody twice; each notification commits with its own push.
/// </summary>
public sealed class NotificationReminders(IDbContextFactory<StudioDbContext> dbFactory, NotificationService notifications, TimeProvider clock)
{
    public static readonly TimeSpan RenewalNotice = TimeSpan.FromDays(7);
    public static readonly TimeSpan ExpiryNotice = TimeSpan.FromDays(3);

    /// <summary>A period this long or longer is a yearly plan (monthly ones are at most 31 days).</summary>
    private static readonly TimeSpan YearlyPeriod = TimeSpan.FromDays(300);

    public async Task<int> RunAsync(CancellationToken cancellationToken = default) =>
        await RemindRenewalsAsync(cancellationToken) + await RemindExpiringAssetsAsync(cancellationToken);

    public async Task<int> RemindRenewalsAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var renewing = await db.Subscriptions.AsNoTracking()
            .Where(s => s.Tier != SubscriptionTier.Free && s.Status == SubscriptionStatus.Active && !s.CancelAtPeriodEnd &&
                        s.CurrentPeriodStart != null && s.CurrentPeriodEnd != null &&
                        s.CurrentPeriodEnd > now && s.CurrentPeriodEnd <= now + RenewalNotice &&
                        s.CurrentPeriodEnd - s.CurrentPeriodStart >= YearlyPeriod)
            .Select(s => new { s.UserId, s.Tier, End = s.CurrentPeriodEnd!.Value })
            .ToListAsync(cancellationToken);
        var told = 0;
        foreach (var s in renewing)
        {
            if (await notifications.AddAsync(db, s.UserId, new NewNotification(NotificationKind.RenewalComing,
                    $"Your {TierLimits.For(s.Tier).Name} plan renews on {s.End:d MMMM yyyy}",
                    "Your yearly plan renews in a week. Nothing to do if you want to keep it; change or cancel it on the Billing page.",
                    Link: "/billing", OnceKey: $"renewal:{s.End.UtcDateTime:yyyy-MM-dd}"), cancellationToken) is not null)
            {
                told++;
            }
        }

        return told;
    }

    public async Task<int> RemindExpiringAssetsAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expiring = await db.Assets.AsNoTracking()
            .Where(a => a.ExpiresAt != null && a.ExpiresAt > now && a.ExpiresAt <= now + ExpiryNotice)
            .Select(a => new { a.Id, a.UserId, ExpiresAt = a.ExpiresAt!.Value })
            .ToListAsync(cancellationToken);
        var told = 0;
        foreach (var a in expiring)
        {
            if (await notifications.AddAsync(db, a.UserId, new NewNotification(NotificationKind.AssetExpiring,
                    "An asset expires in 3 days",
                    $"Free plans keep assets for a while; this one is deleted on {a.ExpiresAt:d MMMM}. Download it, or upgrade to keep everything.",
                    Link: $"/gallery/{a.Id}", RelatedEntityType: "asset", RelatedEntityId: a.Id, OnceKey: $"asset-expiring:{a.Id}"),
                    cancellationToken) is not null)
            {
                told++;
            }
        }

        return told;
    }
}
