using System.Security.Claims;
using Bunit;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Accounts.Mail;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web.Components.Pages.Admin;

namespace StreamerStudio.Tests.Admin;

/// <summary>The admin pages rendered by bUnit over the real AdminService, Identity and a real database.</summary>
public sealed class AdminPagesTests : MudTestContext, IClassFixture<DatabaseFixture>
{
    private const string AdminEmail = "boss@example.com";
    private readonly DatabaseFixture _database;
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), $"admin-pages-{Guid.NewGuid():N}");

    public AdminPagesTests(DatabaseFixture database)
    {
        _database = database;
        Services.AddLogging();
        Services.AddDbContextFactory<StudioDbContext>(o => o.UseNpgsql(database.ConnectionString).UseSnakeCaseNamingConvention());
        Services.AddIdentityCore<User>().AddRoles<IdentityRole<Guid>>().AddEntityFrameworkStores<StudioDbContext>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<IMailer>(sp => new OutboxMailer(_outbox, TimeProvider.System));
        Services.AddSingleton<IEmailSender<User>, AccountEmails>();
        var hangfire = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, hangfire), hangfire);
        Services.AddSingleton<JobStorage>(storage);
        HangfireLogging.Silence();
        Services.AddSingleton<IBackgroundJobClient>(new BackgroundJobClient(storage));
        Services.AddScoped<GenerationService>();
        Services.AddScoped<Plans>();
        Services.AddTransient<JobQueue>();
        Services.AddScoped<RequestOrigin>();
        Services.AddScoped<AuditTrail>();
        Services.AddSingleton(Options.Create(new StripeOptions()));
        Services.AddSingleton<IAssetStorage>(new LocalAssetStorage(Path.Combine(_outbox, "assets")));
        Services.AddScoped<AssetService>();
        Services.AddScoped<AdminService>();
        Services.AddScoped<StreamerStudio.Domain.Copy.AiUsageReport>();
        Services.AddSingleton<StreamerStudio.Domain.Notifications.NotificationService>();
        Services.AddScoped<StreamerStudio.Domain.Notifications.AdminMessages>();
        Services.AddMetrics();
        Services.AddSingleton<StreamerStudio.Domain.Observability.StudioMetrics>();
    }

    /// <summary>The class's one admin (created once per database), so "the last admin" stays true.</summary>
    private async Task<User> AdminAsync()
    {
        await using var db = _database.CreateContext();
        if (await db.Users.SingleOrDefaultAsync(u => u.Email == AdminEmail) is { } existing)
        {
            return existing;
        }

        var role = await db.Roles.SingleOrDefaultAsync(r => r.Name == Roles.Admin);
        if (role is null)
        {
            role = new IdentityRole<Guid>(Roles.Admin) { Id = Guid.NewGuid(), NormalizedName = Roles.Admin.ToUpperInvariant() };
            db.Roles.Add(role);
        }

        var admin = new User { UserName = AdminEmail, Email = AdminEmail, EmailConfirmed = true, DisplayName = "The Boss" };
        db.Users.Add(admin);
        await db.SaveChangesAsync();
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = admin.Id, RoleId = role.Id });
        await db.SaveChangesAsync();
        return admin;
    }

    private async Task<User> CreatorAsync(string displayName, SubscriptionTier tier = SubscriptionTier.Free)
    {
        await using var db = _database.CreateContext();
        var email = $"{displayName.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var user = new User { UserName = email, Email = email, DisplayName = displayName, SubscriptionTier = tier, SecurityStamp = Guid.NewGuid().ToString("N") };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    private void SignIn(User user, params string[] roles) =>
        AddAuthorization().SetAuthorized(user.Email!).SetRoles(roles).SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()));

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<MudSnackbarProvider> Snackbar) RenderProviders()
    {
        RenderPopoverProvider();
        return (Render<MudDialogProvider>(), Render<MudSnackbarProvider>());
    }

    private static void Confirm(IRenderedComponent<MudDialogProvider> dialogs, string yes)
    {
        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == yes));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == yes).Click();
    }

    [Fact]
    public async Task The_overview_shows_how_many_users_each_tier_has()
    {
        var admin = await AdminAsync();
        await CreatorAsync("Pro", SubscriptionTier.Pro);
        await CreatorAsync("Studio", SubscriptionTier.Studio);
        Dictionary<SubscriptionTier, int> expected;
        await using (var db = _database.CreateContext())
        {
            expected = await db.Users.GroupBy(u => u.SubscriptionTier).ToDictionaryAsync(g => g.Key, g => g.Count());
        }

        SignIn(admin, Roles.Admin);

        var page = Render<AdminHome>();

        page.WaitForElement("[data-testid=users-by-tier]", TimeSpan.FromSeconds(10));
        foreach (var tier in Enum.GetValues<SubscriptionTier>())
        {
            Assert.Equal($"{expected.GetValueOrDefault(tier)} {tier}", page.Find($"[data-testid=tier-{tier.ToString().ToLowerInvariant()}]").TextContent.Trim());
        }

        Assert.Equal("Admin", page.Find("[data-testid=admin-title]").TextContent);
        Assert.Contains("No renders in the last 15 minutes", page.Find("[data-testid=render-p95]").TextContent);
        Assert.Equal("admin/jobs/dashboard", page.Find("[data-testid=hangfire-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task The_users_page_narrows_the_list_to_the_search()
    {
        var admin = await AdminAsync();
        var wanted = await CreatorAsync("Zephyrine");
        await CreatorAsync("Other");
        SignIn(admin, Roles.Admin);

        var page = Render<AdminUsers>();
        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=user-row]").Count >= 3), TimeSpan.FromSeconds(10));

        page.Find("input[data-testid=user-search]").Input("zephyr");

        page.WaitForAssertion(() =>
        {
            var row = Assert.Single(page.FindAll("[data-testid=user-row]"));
            Assert.Equal(wanted.Id.ToString(), row.GetAttribute("data-user-id"));
            Assert.Equal($"admin/users/{wanted.Id}", row.QuerySelector("a")!.GetAttribute("href"));
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Locking_a_creator_after_confirming_locks_the_account_and_writes_an_audit_row()
    {
        var admin = await AdminAsync();
        var creator = await CreatorAsync("Lockme");
        SignIn(admin, Roles.Admin);
        var (dialogs, snackbar) = RenderProviders();

        var page = Render<AdminUser>(p => p.Add(x => x.UserId, creator.Id));
        page.WaitForElement("[data-testid=lock-user]", TimeSpan.FromSeconds(10)).Click();
        Confirm(dialogs, "Lock");

        page.WaitForElement("[data-testid=unlock-user]", TimeSpan.FromSeconds(10));
        snackbar.WaitForAssertion(() => Assert.Contains("Account locked.", snackbar.Markup));
        Assert.Equal("Yes", page.Find("[data-testid=locked]").TextContent);
        await using var db = _database.CreateContext();
        var stored = await db.Users.SingleAsync(u => u.Id == creator.Id);
        Assert.True(stored.LockoutEnd > DateTimeOffset.UtcNow.AddYears(100));
        var entry = await db.AuditLog.SingleAsync(e => e.EntityId == creator.Id && e.Action == AuditTrail.Actions.Locked);
        Assert.Equal(admin.Id, entry.UserId);
        Assert.Contains("user_locked", page.Find("[data-testid=audit-row] [data-testid=audit-action]").TextContent);
    }

    [Fact]
    public async Task Removing_admin_from_the_only_admin_is_refused_and_changes_nothing()
    {
        var admin = await AdminAsync();
        SignIn(admin, Roles.Admin);
        var (dialogs, snackbar) = RenderProviders();

        var page = Render<AdminUser>(p => p.Add(x => x.UserId, admin.Id));
        page.WaitForElement("[data-testid=remove-admin]", TimeSpan.FromSeconds(10)).Click();
        Confirm(dialogs, "Remove Admin");

        snackbar.WaitForAssertion(() => Assert.Contains("This is the last admin", snackbar.Markup), TimeSpan.FromSeconds(10));
        Assert.Equal("Yes", page.Find("[data-testid=admin]").TextContent);
        await using var db = _database.CreateContext();
        var roleId = await db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id).SingleAsync();
        Assert.True(await db.UserRoles.AnyAsync(r => r.UserId == admin.Id && r.RoleId == roleId));
        Assert.False(await db.AuditLog.AnyAsync(e => e.Action == AuditTrail.Actions.AdminRemoved));
    }

    [Fact]
    public async Task A_non_admin_sees_access_denied_on_the_overview()
    {
        await AdminAsync();
        var creator = await CreatorAsync("Sneaky");
        SignIn(creator);

        var page = Render<AdminHome>();

        page.WaitForAssertion(() => Assert.Contains("Access denied", page.Find("[data-testid=access-denied]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=users-by-tier]"));
    }

    [Fact]
    public async Task The_overview_and_a_users_page_show_this_months_ai_calls_tokens_and_cost()
    {
        var admin = await AdminAsync();
        var creator = await CreatorAsync("Wordsmith");
        await using (var db = _database.CreateContext())
        {
            var now = DateTimeOffset.UtcNow;
            db.AiUsage.AddRange(
                new StreamerStudio.Domain.Copy.AiUsage
                {
                    UserId = creator.Id, Engine = "AI provider", ModelName = "gpt-4o", Outcome = StreamerStudio.Domain.Copy.AiOutcome.Done,
                    PromptTokens = 300, CompletionTokens = 100, TotalTokens = 400, CostUsd = 0.50m, CreatedAt = now,
                },
                new StreamerStudio.Domain.Copy.AiUsage
                {
                    UserId = creator.Id, Engine = "AI provider", ModelName = "unknown-model", Outcome = StreamerStudio.Domain.Copy.AiOutcome.Refused,
                    PromptTokens = 30, CompletionTokens = 0, TotalTokens = 30, CreatedAt = now,
                },
                // Last month's call is not this month's.
                new StreamerStudio.Domain.Copy.AiUsage
                {
                    UserId = creator.Id, Engine = "AI provider", ModelName = "gpt-4o", Outcome = StreamerStudio.Domain.Copy.AiOutcome.Done,
                    TotalTokens = 9_999, CostUsd = 9m, CreatedAt = Plans.MonthStart(now).AddSeconds(-1),
                });
            await db.SaveChangesAsync();
        }

        SignIn(admin, Roles.Admin);

        var user = Render<AdminUser>(p => p.Add(x => x.UserId, creator.Id));
        user.WaitForElement("[data-testid=user-ai-usage]", TimeSpan.FromSeconds(10));
        Assert.Equal("2 calls", user.Find("[data-testid=user-ai-usage] [data-testid=ai-calls]").TextContent.Trim());
        Assert.Equal("1 finished · 430 tokens · $0.50 (+1 call on models not in the catalogue)",
            System.Text.RegularExpressions.Regex.Replace(user.Find("[data-testid=user-ai-usage] [data-testid=ai-usage-detail]").TextContent, @"\s+", " ").Trim());

        var overview = Render<AdminHome>();
        overview.WaitForElement("[data-testid=ai-usage]", TimeSpan.FromSeconds(10));
        Assert.Equal("2 calls", overview.Find("[data-testid=ai-usage] [data-testid=ai-calls]").TextContent.Trim());
        Assert.Contains("430 tokens · $0.50", System.Text.RegularExpressions.Regex.Replace(overview.Find("[data-testid=ai-usage] [data-testid=ai-usage-detail]").TextContent, @"\s+", " "));
    }
}
