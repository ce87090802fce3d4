using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Tests.Admin;

/// <summary>Every admin page and the Hangfire dashboard, requested as an anonymous visitor, a creator and an admin.</summary>
[Collection(JobServerCollection.Name)]
public sealed class AdminAccessTests(StudioAppFixture app) : IClassFixture<StudioAppFixture>
{
    private static readonly string[] Pages = ["/admin", "/admin/users", "/admin/audit", "/admin/jobs", "/admin/revenue"];

    private async Task<(IBrowserContext Context, IAPIRequestContext Http)> SignedInAsync(string? role)
    {
        var signedIn = await app.SignInNewUserAsync(role);
        return (signedIn.Context, signedIn.Http);
    }

    [Fact]
    public async Task A_creator_is_refused_every_admin_page_and_the_jobs_dashboard()
    {
        var target = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        var (context, http) = await SignedInAsync(role: null);
        await using var _ = context;

        foreach (var path in Pages.Append($"/admin/users/{target.Id}"))
        {
            var response = await http.GetAsync(path, new() { MaxRedirects = 0 });
            Assert.True(response.Status == 302, $"{path} answered {response.Status}");
            Assert.Contains("/Account/AccessDenied", response.Headers["location"]);
        }

        Assert.Equal(403, (await http.GetAsync("/admin/jobs/dashboard")).Status);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_log_in_and_gets_no_dashboard()
    {
        await using var context = await Browser.NewContextAsync(app.BaseUrl);
        foreach (var path in Pages)
        {
            var response = await context.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });
            Assert.Equal(302, response.Status);
            Assert.Contains("/Account/Login", response.Headers["location"]);
        }

        Assert.Equal(401, (await context.APIRequest.GetAsync("/admin/jobs/dashboard")).Status);
    }

    [Fact]
    public async Task An_admin_opens_every_admin_page_and_the_dashboard()
    {
        var target = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        var (context, http) = await SignedInAsync(Roles.Admin);
        await using var _ = context;

        foreach (var path in Pages.Append($"/admin/users/{target.Id}"))
        {
            Assert.Equal(200, (await http.GetAsync(path)).Status);
        }

        var dashboard = await http.GetAsync("/admin/jobs/dashboard");
        Assert.Equal(200, dashboard.Status);
        Assert.Contains("Streamer Studio jobs", await dashboard.TextAsync());
    }

    [Fact]
    public async Task An_admin_locks_a_creator_whose_page_is_open_and_the_creator_loses_access_without_reloading()
    {
        var creatorEmail = $"{Guid.NewGuid():N}@example.com";
        var creator = await app.CreateUserAsync(creatorEmail, "Sup3r!Secret");
        await using var creatorContext = await Browser.NewContextAsync(app.BaseUrl);
        var creatorPage = await creatorContext.NewPageAsync();
        await creatorPage.LogInAsync(creatorEmail, "Sup3r!Secret");
        await creatorPage.WaitForCircuitAsync();

        var (adminContext, _) = await SignedInAsync(Roles.Admin);
        await using var __ = adminContext;
        var adminPage = await adminContext.NewPageAsync();
        await adminPage.GotoAsync($"/admin/users/{creator.Id}");
        await adminPage.WaitForCircuitAsync();
        await adminPage.GetByTestId("lock-user").ClickAsync();
        await adminPage.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Lock") }).ClickAsync();
        await Assertions.Expect(adminPage.GetByTestId("unlock-user")).ToBeVisibleAsync();

        // The creator's open page, untouched by the test, is sent to the login by its circuit's revalidation.
        await creatorPage.WaitForURLAsync(new Regex("/Account/Login"), new() { Timeout = 20_000 });
    }
}
