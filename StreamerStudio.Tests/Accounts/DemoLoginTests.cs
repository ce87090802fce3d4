using Microsoft.Playwright;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Tests.Accounts;

/// <summary>The logins the run command prints work, and the admin one reaches the admin area.</summary>
[Collection(JobServerCollection.Name)]
public sealed class DemoLoginTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task The_demo_creator_logs_in_and_is_greeted()
    {
        await using var browser = await Browser.NewContextAsync(app.BaseUrl);
        var page = await browser.NewPageAsync();

        await page.LogInAsync(DemoAccounts.Creator.Email, DemoAccounts.Creator.Password);

        await Assertions.Expect(page.GetByTestId("greeting")).ToHaveTextAsync($"Welcome, {DemoAccounts.Creator.DisplayName}!");
    }

    [Fact]
    public async Task The_demo_admin_opens_the_admin_area()
    {
        await using var browser = await Browser.NewContextAsync(app.BaseUrl);
        var page = await browser.NewPageAsync();

        await page.LogInAsync(DemoAccounts.Admin.Email, DemoAccounts.Admin.Password);
        await page.GotoAsync("/admin");

        await Assertions.Expect(page.GetByTestId("admin-title")).ToHaveTextAsync("Admin");
    }

    [Fact]
    public async Task Seeding_twice_keeps_one_of_each_and_the_configured_database_is_used()
    {
        await app.Services.PrepareDatabaseAsync();

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.Equal(2, db.Users.Count(u => u.Email == DemoAccounts.Creator.Email || u.Email == DemoAccounts.Admin.Email));
        Assert.False(app.Services.GetRequiredService<StudioDatabase>().IsEmbedded);
    }
}
