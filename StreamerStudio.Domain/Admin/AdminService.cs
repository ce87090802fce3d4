using System.Text;
using System.Text.RegularExpressions;
using System.Text.Encodings.Web;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Domain.Admin;

/// <summary>Thrown when someone who is not an admin calls an admin method; the web host answers 403.</summary>
public sealed class ForbiddenException() : Exception("Only admins can do that.");

public sealed record AdminOverview(
    IReadOnlyDictionary<SubscriptionTier, int> UsersByTier,
    int ActivePaidSubscriptions,
    long MonthlyRecurringRevenueCents,
    string Currency,
    IReadOnlyDictionary<JobStatus, int> JobsLast24Hours,
    long QueueDepth,
    int LiveWorkers,
    double? RenderP95Seconds,
    int AssetsStored,
    long BytesStored);

public sealed record AdminUserRow(Guid Id, string Email, string? DisplayName, SubscriptionTier Tier, SubscriptionStatus Status,
    bool Locked, bool EmailConfirmed, bool IsAdmin, DateTimeOffset CreatedAt);

public sealed record AdminUserPage(IReadOnlyList<AdminUserRow> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (int)Math.Ceiling(Total / (double)PageSize));
}

public sealed record AdminUserDetail(
    AdminUserRow User,
    Subscription Subscription,
    int Credits,
    IReadOnlyList<BrandKit> BrandKits,
    IReadOnlyList<JobView> RecentJobs,
    int Assets,
    long AssetBytes,
    IReadOnlyList<PlatformConnection> Connections,
    IReadOnlyList<AuditEntry> AuditTrail);

public sealed record FailedJobRow(Guid Id, Guid UserId, string Email, string Headline, JobStatus Status, int Failed, int Total,
    string? ErrorMessage, DateTimeOffset? CompletedAt);

public sealed record AdminAssetRow(Guid Id, string Type, int Width, int Height, string? Headline, DateTimeOffset CreatedAt);

public sealed record RevenueRow(SubscriptionTier Tier, int Users, long AmountCents);

public enum UserFilter
{
    All,
    Locked,
    Unconfirmed,
    Admins,
}

/// <summary>
/// Everything the admin area does. Every method takes the acting user and checks, in the database, that they
/// hold the Admin role — the page's [Authorize] is not the only guard. Every change is written to the audit log.
/// </summary>
public sealed class AdminService(
    IDbContextFactory<StudioDbContext> dbFactory,
    UserManager<User> users,
    IEmailSender<User> emails,
    GenerationService generation,
    JobStorage jobStorage,
    AuditTrail audit,
    AssetService assets,
    Plans plans,
    IOptions<StripeOptions> stripe,
    TimeProvider clock)
{
    public async Task<AdminOverview> GetOverviewAsync(Guid actorId, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var byTier = await db.Users.GroupBy(u => u.SubscriptionTier).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var paid = await db.Subscriptions
            .Where(s => s.Tier != SubscriptionTier.Free && s.StripePriceId != null
                        && (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.Trialing || s.Status == SubscriptionStatus.PastDue))
            .Select(s => s.StripePriceId!)
            .ToListAsync(cancellationToken);
        var dayAgo = now.AddDays(-1);
        var jobs = await db.GenerationJobs.Where(j => j.ParentJobId == null && j.CompletedAt >= dayAgo)
            .GroupBy(j => j.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var hourAgo = now.AddHours(-1);
        var p95 = await db.Database.SqlQuery<double?>($"""
            SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM completed_at - started_at))::float8 AS "Value"
              FROM generation_jobs
             WHERE output_key IS NOT NULL AND status = 'completed' AND completed_at >= {hourAgo} AND started_at IS NOT NULL
            """).SingleAsync(cancellationToken);
        var assets = await db.Assets.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Bytes = g.Sum(a => a.FileSizeBytes) })
            .SingleOrDefaultAsync(cancellationToken);
        var monitoring = jobStorage.GetMonitoringApi();
        return new AdminOverview(
            Enum.GetValues<SubscriptionTier>().ToDictionary(t => t, t => byTier.SingleOrDefault(b => b.Key == t)?.Count ?? 0),
            paid.Count,
            paid.Sum(MonthlyCents),
            stripe.Value.Currency,
            Enum.GetValues<JobStatus>().ToDictionary(s => s, s => jobs.SingleOrDefault(j => j.Key == s)?.Count ?? 0),
            monitoring.EnqueuedCount("default"),
            monitoring.Servers().Sum(s => s.WorkersCount),
            p95,
            assets?.Count ?? 0,
            assets?.Bytes ?? 0);
    }

    public async Task<AdminUserPage> SearchUsersAsync(Guid actorId, string? search, SubscriptionTier? tier, UserFilter filter, int page = 1,
        int pageSize = 25, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var adminRoleId = await AdminRoleIdAsync(db, cancellationToken);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = Like.Containing(search);
            query = query.Where(u => EF.Functions.ILike(u.Email!, pattern, Like.Escape) || (u.DisplayName != null && EF.Functions.ILike(u.DisplayName, pattern, Like.Escape)));
        }

        if (tier is { } t)
        {
            query = query.Where(u => u.SubscriptionTier == t);
        }

        query = filter switch
        {
            UserFilter.Locked => query.Where(u => u.LockoutEnd != null && u.LockoutEnd > now),
            UserFilter.Unconfirmed => query.Where(u => !u.EmailConfirmed),
            UserFilter.Admins => query.Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == adminRoleId)),
            _ => query,
        };
        page = Math.Max(1, page);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(u => u.Email).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(u => new AdminUserRow(u.Id, u.Email!, u.DisplayName, u.SubscriptionTier, u.SubscriptionStatus,
                u.LockoutEnd != null && u.LockoutEnd > now, u.EmailConfirmed,
                db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == adminRoleId), u.CreatedAt))
            .ToListAsync(cancellationToken);
        return new AdminUserPage(rows, total, page, pageSize);
    }

    public async Task<AdminUserDetail?> GetUserAsync(Guid actorId, Guid userId, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        var row = (await SearchRowAsync(userId, cancellationToken));
        if (row is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await db.Subscriptions.AsNoTracking().SingleAsync(s => s.UserId == userId, cancellationToken);
        var kits = await db.BrandKits.AsNoTracking().Where(k => k.UserId == userId).OrderBy(k => k.Name).ToListAsync(cancellationToken);
        var assets = await db.Assets.Where(a => a.UserId == userId).GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Bytes = g.Sum(a => a.FileSizeBytes) }).SingleOrDefaultAsync(cancellationToken);
        var connections = await db.PlatformConnections.AsNoTracking().Where(c => c.UserId == userId).ToListAsync(cancellationToken);
        var trail = await db.AuditLog.AsNoTracking().Include(e => e.User).Where(e => e.EntityId == userId || e.UserId == userId)
            .OrderByDescending(e => e.CreatedAt).Take(50).ToListAsync(cancellationToken);
        return new AdminUserDetail(row, subscription, await Credits.BalanceAsync(db, userId, cancellationToken), kits,
            await generation.ListAsync(userId, 10, cancellationToken), assets?.Count ?? 0, assets?.Bytes ?? 0, connections, trail);
    }

    /// <summary>A user's newest assets, for support; reading them is itself audited (one row per look).</summary>
    public async Task<IReadOnlyList<AdminAssetRow>> ViewAssetsAsync(Guid actorId, Guid userId, int take = 12, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await RequireUserAsync(db, userId, cancellationToken);
        var rows = await db.Assets.AsNoTracking().Where(a => a.UserId == userId).OrderByDescending(a => a.CreatedAt).Take(take)
            .Select(a => new { a.Id, a.AssetType, a.Width, a.Height, a.PromptUsed, a.CreatedAt })
            .ToListAsync(cancellationToken);
        await audit.WriteAsync(actorId, AuditTrail.Actions.AdminViewedAssets, "user", userId, null, new { assets = rows.Select(r => r.Id) }, db, cancellationToken);
        return [.. rows.Select(r => new AdminAssetRow(r.Id, TextEnum.ToText(r.AssetType), r.Width, r.Height, r.PromptUsed, r.CreatedAt))];
    }

    /// <summary>
    /// One of a user's asset previews for an admin (the creator's own endpoint checks ownership against the signed-in
    /// person, so an admin got 404). Audited unless this admin's look at this user is already on record in the last
    /// ten minutes — a page of previews is one read, not twelve rows.
    /// </summary>
    public async Task<Assets.AssetPreview?> OpenAssetPreviewAsync(Guid actorId, Guid userId, Guid assetId, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        if (await assets.OpenPreviewAsync(userId, assetId, cancellationToken) is not { } preview)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recently = clock.GetUtcNow().AddMinutes(-10);
        if (!await db.AuditLog.AnyAsync(e => e.UserId == actorId && e.Action == AuditTrail.Actions.AdminViewedAssets && e.EntityId == userId
                                             && e.CreatedAt >= recently, cancellationToken))
        {
            await audit.WriteAsync(actorId, AuditTrail.Actions.AdminViewedAssets, "user", userId, null, new { assets = new[] { assetId } }, db, cancellationToken);
        }

        return preview;
    }

    /// <summary>A complimentary plan, through the plan's owner; Stripe is not involved.</summary>
    public async Task ChangeTierAsync(Guid actorId, Guid userId, SubscriptionTier tier, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await plans.ChangeAsync(db, userId, s => s.GrantComplimentary(tier), actorId, new { complimentary = true }, cancellationToken))
        {
            throw new RequestRefusedException("User not found.");
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task GrantCreditsAsync(Guid actorId, Guid userId, int credits, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        if (credits is < 1 or > 10_000)
        {
            throw new RequestRefusedException("Grant between 1 and 10,000 credits.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RequireUserAsync(db, userId, cancellationToken);
        // The ledger writes the audit row (credits_granted, this admin as actor) with the movement.
        await Credits.AddAsync(db, userId, CreditKind.Bonus, credits, null, null, "granted by an admin", cancellationToken, actorId);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task ResetUsageAsync(Guid actorId, Guid userId, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RequireUserAsync(db, userId, cancellationToken);
        var before = await db.Subscriptions.Where(s => s.UserId == userId).Select(s => s.AssetsUsed).SingleAsync(cancellationToken);
        await plans.StartNewPeriodAsync(db, userId, Plans.MonthStart(clock.GetUtcNow()), cancellationToken);
        await audit.WriteAsync(actorId, AuditTrail.Actions.UsageReset, "user", userId, new { assetsUsed = before }, new { assetsUsed = 0 }, db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Locks the account and changes its security stamp, so open pages lose access at their next check (seconds).</summary>
    public async Task SetLockedAsync(Guid actorId, Guid userId, bool locked, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        if (locked && actorId == userId)
        {
            throw new RequestRefusedException("You cannot lock your own account.");
        }

        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new RequestRefusedException("User not found.");
        var wasLocked = await users.IsLockedOutAsync(user);
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (!locked)
        {
            await users.ResetAccessFailedCountAsync(user);
        }

        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(actorId, locked ? AuditTrail.Actions.Locked : AuditTrail.Actions.Unlocked, "user", userId,
            new { locked = wasLocked }, new { locked }, cancellationToken: cancellationToken);
    }

    public async Task ResendConfirmationAsync(Guid actorId, Guid userId, string appBaseUrl, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new RequestRefusedException("User not found.");
        if (user.EmailConfirmed)
        {
            throw new RequestRefusedException("This email address is confirmed already.");
        }

        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var link = $"{appBaseUrl}Account/ConfirmEmail?userId={userId}&code={code}";
        await emails.SendConfirmationLinkAsync(user, user.Email!, HtmlEncoder.Default.Encode(link));
        await audit.WriteAsync(actorId, AuditTrail.Actions.ConfirmationResent, "user", userId, null, new { email = user.Email }, cancellationToken: cancellationToken);
    }

    /// <summary>Grants or removes the Admin role; the last admin can never be removed (admins are locked while counted).</summary>
    public async Task SetAdminAsync(Guid actorId, Guid userId, bool isAdmin, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var roleId = await AdminRoleIdAsync(db, cancellationToken);
        // Serialises role changes, so two admins removing each other at once cannot leave none.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM roles WHERE id = {roleId} FOR UPDATE", cancellationToken);
        var user = await RequireUserAsync(db, userId, cancellationToken);
        var wasAdmin = await db.UserRoles.AnyAsync(r => r.UserId == userId && r.RoleId == roleId, cancellationToken);
        if (wasAdmin == isAdmin)
        {
            return;
        }

        if (isAdmin)
        {
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = userId, RoleId = roleId });
        }
        else
        {
            if (await db.UserRoles.CountAsync(r => r.RoleId == roleId, cancellationToken) <= 1)
            {
                throw new RequestRefusedException("This is the last admin. Make someone else an admin first.");
            }

            await db.UserRoles.Where(r => r.UserId == userId && r.RoleId == roleId).ExecuteDeleteAsync(cancellationToken);
        }

        // A new stamp refreshes the user's sign-in, so their role change reaches their open pages.
        user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actorId, isAdmin ? AuditTrail.Actions.AdminGranted : AuditTrail.Actions.AdminRemoved, "user", userId,
            new { admin = wasAdmin }, new { admin = isAdmin }, db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<FailedJobRow>> FailedJobsAsync(Guid actorId, int take = 100, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.GenerationJobs.AsNoTracking()
            .Where(j => j.ParentJobId == null && (j.Status == JobStatus.Failed || j.Status == JobStatus.Partial))
            .OrderByDescending(j => j.CompletedAt).Take(take)
            .Select(j => new FailedJobRow(j.Id, j.UserId, j.User!.Email!, j.CustomPrompt ?? "", j.Status, j.FailedAssets, j.TotalAssets,
                j.ErrorMessage, j.CompletedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Retries failed jobs on their owners' behalf (their quota or credits pay, as if they had clicked Retry).</summary>
    public async Task<IReadOnlyList<string>> RetryJobsAsync(Guid actorId, IReadOnlyList<Guid> jobIds, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        var problems = new List<string>();
        foreach (var jobId in jobIds)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var owner = await db.GenerationJobs.Where(j => j.Id == jobId).Select(j => (Guid?)j.UserId).SingleOrDefaultAsync(cancellationToken);
            try
            {
                await generation.RetryAsync(owner ?? Guid.Empty, jobId, cancellationToken);
                await audit.WriteAsync(actorId, AuditTrail.Actions.JobRetried, "generation_job", jobId, null, new { owner }, cancellationToken: cancellationToken);
            }
            catch (RequestRefusedException e)
            {
                problems.Add($"{jobId.ToString()[..8]}: {e.Message}");
            }
        }

        return problems;
    }

    /// <summary>Revenue by tier over a period (the monitoring query of seeds/004): paying users and what they paid.</summary>
    public async Task<IReadOnlyList<RevenueRow>> RevenueByTierAsync(Guid actorId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Payments.AsNoTracking()
            .Where(p => p.PaidAt >= from && p.PaidAt < to)
            .Join(db.Subscriptions, p => p.UserId, s => s.UserId, (p, s) => new { s.Tier, p.UserId, p.AmountCents })
            .GroupBy(x => x.Tier)
            .Select(g => new { Tier = g.Key, Users = g.Select(x => x.UserId).Distinct().Count(), Amount = g.Sum(x => x.AmountCents) })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new RevenueRow(r.Tier, r.Users, r.Amount)).OrderBy(r => r.Tier)];
    }

    public async Task<(IReadOnlyList<AuditEntry> Items, int Total)> AuditLogAsync(Guid actorId, string? search, int page = 1, int pageSize = 50,
        CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(actorId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditLog.AsNoTracking().Include(e => e.User).AsQueryable();
        if (!string.IsNullOrWhiteSpace(search))
        {
            search = search.Trim();
            var pattern = Like.Containing(search);
            if (IdPrefix.IsMatch(search))
            {
                // The first characters of an id the table shows, the entity's or the user's. Only the ids are matched: both
                // have a prefix index (see the AuditTrail migration), and an OR with a text search would scan the table.
                var prefix = search.ToLowerInvariant() + "%";
                query = query.Where(e => EF.Functions.Like(e.EntityId.ToString()!, prefix) || EF.Functions.Like(e.UserId.ToString()!, prefix));
            }
            else
            {
                query = query.Where(e => EF.Functions.ILike(e.Action, pattern, Like.Escape) || EF.Functions.ILike(e.EntityType, pattern, Like.Escape)
                                         || (e.User != null && EF.Functions.ILike(e.User.Email!, pattern, Like.Escape)));
            }
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(e => e.CreatedAt).Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>What the start of an id looks like: hex digits and dashes, at least 4 (no action or email looks like that).</summary>
    private static readonly Regex IdPrefix = new("^[0-9a-fA-F][0-9a-fA-F-]{3,35}$", RegexOptions.CultureInvariant);

    /// <summary>The role check every method starts with, against the database rather than the caller's cookie.</summary>
    public async Task RequireAdminAsync(Guid actorId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var isAdmin = await db.UserRoles.AnyAsync(r => r.UserId == actorId && db.Roles.Any(role => role.Id == r.RoleId && role.Name == Roles.Admin), cancellationToken)
                      && !await db.Users.AnyAsync(u => u.Id == actorId && u.LockoutEnd != null && u.LockoutEnd > now, cancellationToken);
        if (!isAdmin)
        {
            throw new ForbiddenException();
        }
    }

    private async Task<AdminUserRow?> SearchRowAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var roleId = await AdminRoleIdAsync(db, cancellationToken);
        return await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new AdminUserRow(u.Id, u.Email!, u.DisplayName, u.SubscriptionTier, u.SubscriptionStatus,
                u.LockoutEnd != null && u.LockoutEnd > now, u.EmailConfirmed, db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == roleId), u.CreatedAt))
            .SingleOrDefaultAsync(cancellationToken);
    }

    private static async Task<Guid> AdminRoleIdAsync(StudioDbContext db, CancellationToken cancellationToken) =>
        await db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id).SingleAsync(cancellationToken);

    private static async Task<User> RequireUserAsync(StudioDbContext db, Guid userId, CancellationToken cancellationToken) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw new RequestRefusedException("User not found.");

    private long MonthlyCents(string priceId)
    {
        foreach (var plan in new[] { stripe.Value.Pro, stripe.Value.Studio })
        {
            if (priceId == plan.MonthlyPriceId)
            {
                return plan.MonthlyAmountCents;
            }

            if (priceId == plan.YearlyPriceId)
            {
                return plan.YearlyAmountCents / 12;
            }
        }

        return 0;
    }
}
