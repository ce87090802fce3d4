using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Tests.Admin;

/// <summary>The admin domain on a real database: role checks on every method, audit rows, the last admin.</summary>
public sealed class AdminServiceTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private AdminService Admin => app.Services.CreateScope().ServiceProvider.GetRequiredService<AdminService>();

    private async Task<Guid> NewUserAsync(string? role = null) =>
        (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret", role)).Id;

    private async Task<AuditEntry> LastAuditAsync(Guid entityId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.AuditLog.AsNoTracking().Where(e => e.EntityId == entityId).OrderByDescending(e => e.CreatedAt).FirstAsync();
    }

    private static JsonElement Json(string? json) => JsonDocument.Parse(json!).RootElement;

    public static IEnumerable<object[]> EveryMethod() =>
    [
        ["overview"], ["search users"], ["user detail"], ["change tier"], ["grant credits"], ["reset usage"], ["lock"],
        ["resend confirmation"], ["grant admin"], ["failed jobs"], ["retry jobs"], ["revenue"], ["audit log"],
    ];

    [Theory]
    [MemberData(nameof(EveryMethod))]
    public async Task A_creator_is_forbidden_every_admin_method_and_nothing_changes(string method)
    {
        var creator = await NewUserAsync();
        var target = await NewUserAsync();
        var admin = Admin;
        Func<Task> call = method switch
        {
            "overview" => () => admin.GetOverviewAsync(creator),
            "search users" => () => admin.SearchUsersAsync(creator, null, null, UserFilter.All),
            "user detail" => () => admin.GetUserAsync(creator, target),
            "change tier" => () => admin.ChangeTierAsync(creator, target, SubscriptionTier.Studio),
            "grant credits" => () => admin.GrantCreditsAsync(creator, target, 50),
            "reset usage" => () => admin.ResetUsageAsync(creator, target),
            "lock" => () => admin.SetLockedAsync(creator, target, true),
            "resend confirmation" => () => admin.ResendConfirmationAsync(creator, target, "http://x/"),
            "grant admin" => () => admin.SetAdminAsync(creator, creator, true),
            "failed jobs" => () => admin.FailedJobsAsync(creator),
            "retry jobs" => () => admin.RetryJobsAsync(creator, [Guid.NewGuid()]),
            "revenue" => () => admin.RevenueByTierAsync(creator, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow),
            _ => () => admin.AuditLogAsync(creator, null),
        };

        await Assert.ThrowsAsync<ForbiddenException>(call);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var targetUser = await db.Users.Include(u => u.Subscription).AsNoTracking().SingleAsync(u => u.Id == target);
        Assert.Equal(SubscriptionTier.Free, targetUser.SubscriptionTier);
        Assert.Null(targetUser.LockoutEnd);
        Assert.False(await db.UserRoles.AnyAsync(r => r.UserId == creator));
        Assert.False(await db.AuditLog.AnyAsync(e => e.UserId == creator));
    }

    [Fact]
    public async Task Changing_the_tier_moves_both_tables_and_records_old_and_new()
    {
        var adminId = await NewUserAsync(Roles.Admin);
        var target = await NewUserAsync();

        await Admin.ChangeTierAsync(adminId, target, SubscriptionTier.Pro);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var user = await db.Users.Include(u => u.Subscription).AsNoTracking().SingleAsync(u => u.Id == target);
        Assert.Equal((SubscriptionTier.Pro, SubscriptionTier.Pro, 100, 3),
            (user.SubscriptionTier, user.Subscription!.Tier, user.Subscription.AssetsLimit, user.Subscription.PlatformsLimit));
        var entry = await LastAuditAsync(target);
        Assert.Equal((AuditTrail.Actions.TierChanged, adminId), (entry.Action, entry.UserId!.Value));
        Assert.Equal("free", Json(entry.OldValues).GetProperty("tier").GetString());
        Assert.Equal("pro", Json(entry.NewValues).GetProperty("tier").GetString());
    }

    [Fact]
    public async Task Granting_credits_and_resetting_usage_are_recorded_with_their_values()
    {
        var adminId = await NewUserAsync(Roles.Admin);
        var target = await NewUserAsync();
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.Subscriptions.Where(s => s.UserId == target).ExecuteUpdateAsync(s => s.SetProperty(x => x.AssetsUsed, 4));

        await Admin.GrantCreditsAsync(adminId, target, 25);
        var credits = await LastAuditAsync(target);
        await Admin.ResetUsageAsync(adminId, target);
        var reset = await LastAuditAsync(target);

        Assert.Equal((0, 25), (Json(credits.OldValues).GetProperty("credits").GetInt32(), Json(credits.NewValues).GetProperty("credits").GetInt32()));
        Assert.Equal((4, 0), (Json(reset.OldValues).GetProperty("assetsUsed").GetInt32(), Json(reset.NewValues).GetProperty("assetsUsed").GetInt32()));
        Assert.Equal(0, await db.Subscriptions.Where(s => s.UserId == target).Select(s => s.AssetsUsed).SingleAsync());
        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => Admin.GrantCreditsAsync(adminId, target, 0));
        Assert.Contains("between 1 and 10,000", refused.Message);
    }

    [Fact]
    public async Task Locking_changes_the_security_stamp_and_unlocking_restores_login()
    {
        var adminId = await NewUserAsync(Roles.Admin);
        var target = await NewUserAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var stamp = (await users.FindByIdAsync(target.ToString()))!.SecurityStamp;

        await Admin.SetLockedAsync(adminId, target, true);
        await using var afterLock = app.Services.CreateAsyncScope();
        var lockedUsers = afterLock.ServiceProvider.GetRequiredService<UserManager<User>>();
        var locked = (await lockedUsers.FindByIdAsync(target.ToString()))!;
        Assert.True(await lockedUsers.IsLockedOutAsync(locked));
        Assert.NotEqual(stamp, locked.SecurityStamp);
        Assert.Equal(AuditTrail.Actions.Locked, (await LastAuditAsync(target)).Action);

        await Admin.SetLockedAsync(adminId, target, false);
        await using var fresh = app.Services.CreateAsyncScope();
        var again = fresh.ServiceProvider.GetRequiredService<UserManager<User>>();
        Assert.False(await again.IsLockedOutAsync((await again.FindByIdAsync(target.ToString()))!));
        Assert.Equal(AuditTrail.Actions.Unlocked, (await LastAuditAsync(target)).Action);
        await Assert.ThrowsAsync<RequestRefusedException>(() => Admin.SetLockedAsync(adminId, adminId, true));
    }

    [Fact]
    public async Task The_last_admin_can_never_be_removed_even_by_two_admins_at_once()
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        // Start from a known set: only these two are admins in this database.
        var roleId = await db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id).SingleAsync();
        await db.UserRoles.Where(r => r.RoleId == roleId).ExecuteDeleteAsync();
        var first = await NewUserAsync(Roles.Admin);
        var second = await NewUserAsync(Roles.Admin);

        // Each removes the other at the same moment: one wins, the other is refused.
        var results = await Task.WhenAll(
            Attempt(() => Admin.SetAdminAsync(first, second, false)),
            Attempt(() => Admin.SetAdminAsync(second, first, false)));

        Assert.Equal(1, await db.UserRoles.CountAsync(r => r.RoleId == roleId));
        Assert.Contains(results, r => r is not null);
        var remaining = await db.UserRoles.Where(r => r.RoleId == roleId).Select(r => r.UserId).SingleAsync();
        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => Admin.SetAdminAsync(remaining, remaining, false));
        Assert.Equal("This is the last admin. Make someone else an admin first.", refused.Message);

        static async Task<Exception?> Attempt(Func<Task> action)
        {
            try
            {
                await action();
                return null;
            }
            catch (Exception e) when (e is RequestRefusedException or ForbiddenException)
            {
                return e;
            }
        }
    }

    [Fact]
    public async Task Failed_jobs_are_listed_and_retried_for_their_owner_with_an_audit_row()
    {
        var adminId = await NewUserAsync(Roles.Admin);
        var owner = await NewUserAsync();
        Guid jobId;
        using (var scope = app.Services.CreateScope())
        {
            jobId = await scope.ServiceProvider.GetRequiredService<GenerationService>()
                .SubmitAsync(owner, new GenerationRequest { AssetTypes = [AssetType.Thumbnail], Headline = "Will fail" });
        }

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var job = await db.GenerationJobs.SingleAsync(j => j.Id == jobId);
        await db.GenerationJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, JobStatus.Failed).SetProperty(j => j.ErrorMessage, "The renderer hit an error").SetProperty(j => j.FailedAssets, 1));
        await app.Services.CreateScope().ServiceProvider.GetRequiredService<Plans>().ReleaseAsync(db, job, "generation failed");

        var failed = await Admin.FailedJobsAsync(adminId);
        Assert.Contains(failed, f => f.Id == jobId && f.ErrorMessage == "The renderer hit an error");

        var problems = await Admin.RetryJobsAsync(adminId, [jobId, Guid.NewGuid()]);

        Assert.Single(problems);
        Assert.Equal(JobStatus.Queued, await db.GenerationJobs.Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync());
        Assert.Equal(AuditTrail.Actions.JobRetried, (await LastAuditAsync(jobId)).Action);
    }

    [Fact]
    public async Task Search_filters_users_and_the_audit_log_is_searchable()
    {
        var adminId = await NewUserAsync(Roles.Admin);
        var target = await NewUserAsync();
        await Admin.SetLockedAsync(adminId, target, true);

        var locked = await Admin.SearchUsersAsync(adminId, null, null, UserFilter.Locked);
        var admins = await Admin.SearchUsersAsync(adminId, null, null, UserFilter.Admins);
        var (entries, total) = await Admin.AuditLogAsync(adminId, AuditTrail.Actions.Locked);

        Assert.Contains(locked.Items, u => u.Id == target && u.Locked);
        Assert.All(admins.Items, u => Assert.True(u.IsAdmin));
        Assert.True(total >= 1);
        Assert.All(entries, e => Assert.Equal(AuditTrail.Actions.Locked, e.Action));
    }
}
