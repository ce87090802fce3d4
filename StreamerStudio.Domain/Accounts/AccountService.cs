using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Domain.Accounts;

/// <summary>What the dashboard shows a creator about their own account.</summary>
public sealed record DashboardSummary(
    string Greeting,
    SubscriptionTier Tier,
    int AssetsUsed,
    int AssetsLimit,
    int BrandKits,
    int Jobs,
    int Assets,
    int ConnectedPlatforms)
{
    public bool IsNewCreator => BrandKits == 0 && Jobs == 0 && Assets == 0;
}

public sealed class AccountService(IDbContextFactory<StudioDbContext> dbFactory)
{
    public async Task<DashboardSummary?> GetDashboardAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users
            .Where(u => u.Id == userId)
            .Select(u => new DashboardSummary(
                u.DisplayName ?? u.Email ?? "creator",
                u.SubscriptionTier,
                u.Subscription == null ? 0 : u.Subscription.AssetsUsed,
                u.Subscription == null ? 0 : u.Subscription.AssetsLimit,
                db.BrandKits.Count(k => k.UserId == userId),
                db.GenerationJobs.Count(j => j.UserId == userId && j.ParentJobId == null),
                db.Assets.Count(a => a.UserId == userId),
                db.PlatformConnections.Count(c => c.UserId == userId && c.IsActive)))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Whether a payment of the creator's needs fixing (a notice on every page until it is); see <see cref="Plans"/>.</summary>
    public async Task<bool> HasPaymentProblemAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Plans.HasPaymentProblemAsync(db, userId, cancellationToken);
    }

    public async Task<Theme> GetThemeAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.Theme).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Remembers the creator's light/dark choice across devices. Only ever touches the acting user's row.</summary>
    public async Task SetThemeAsync(Guid userId, Theme theme, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Theme, theme), cancellationToken);
    }
}
