using System.Security.Claims;
using Bunit;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Tests.Dashboard;

/// <summary>The dashboard component rendered by bUnit over the real AccountService and a real database.</summary>
public sealed class DashboardTests : MudTestContext, IClassFixture<DatabaseFixture>
{
    private readonly DatabaseFixture _database;

    public DashboardTests(DatabaseFixture database)
    {
        _database = database;
        Services.AddDbContextFactory<StudioDbContext>(o => o.UseNpgsql(database.ConnectionString).UseSnakeCaseNamingConvention());
        Services.AddScoped<AccountService>();
        // The dashboard asks GenerationService what the creator can still make; its queue needs a Hangfire client.
        var hangfire = new Hangfire.PostgreSql.PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        var storage = new Hangfire.PostgreSql.PostgreSqlStorage(
            new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(database.ConnectionString, hangfire), hangfire);
        HangfireLogging.Silence();
        Services.AddLogging();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<Hangfire.IBackgroundJobClient>(new Hangfire.BackgroundJobClient(storage));
        Services.AddScoped<StreamerStudio.Domain.Generation.GenerationService>();
        Services.AddScoped<StreamerStudio.Domain.Billing.Plans>();
        Services.AddSingleton<StreamerStudio.Domain.Notifications.NotificationService>();
        Services.AddTransient<StreamerStudio.Domain.Generation.JobQueue>();
        Services.AddScoped<StreamerStudio.Domain.Admin.RequestOrigin>();
        Services.AddScoped<StreamerStudio.Domain.Admin.AuditTrail>();
    }

    private async Task<User> SignInNewCreatorAsync(string displayName)
    {
        await using var db = _database.CreateContext();
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = new User { UserName = email, Email = email, DisplayName = displayName };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        AddAuthorization().SetAuthorized(email).SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()));
        return user;
    }

    [Fact]
    public async Task A_new_creator_is_greeted_and_shown_the_first_steps()
    {
        await SignInNewCreatorAsync("Nova");

        var page = Render<Web.Components.Pages.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.Equal("Welcome, Nova!", page.Find("[data-testid=greeting]").TextContent));
        Assert.Contains("0 of 5 assets used", page.Markup);
        Assert.Contains("Create your brand kit", page.Find("[data-testid=empty-state]").TextContent);
    }

    [Fact]
    public async Task A_creator_with_a_brand_kit_sees_their_numbers_instead()
    {
        var user = await SignInNewCreatorAsync("Vex");
        await using (var db = _database.CreateContext())
        {
            db.BrandKits.Add(new BrandKit { UserId = user.Id, Name = "Main", IsActive = true });
            await db.SaveChangesAsync();
        }

        var page = Render<Web.Components.Pages.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.Contains("Connected channels", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=empty-state]"));
        Assert.Equal("1", page.FindAll("h4").Select(h => h.TextContent.Trim()).First(t => t.Length == 1));
    }
}
