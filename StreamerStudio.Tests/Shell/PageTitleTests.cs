using Microsoft.Playwright;

namespace StreamerStudio.Tests.Shell;

/// <summary>
/// Page titles come from the server's render (a static HeadOutlet) and, once the circuit is live, from DocumentTitle
/// setting document.title: there is no interactive HeadOutlet to do it.
/// </summary>
[Collection(JobServerCollection.Name)]
public sealed class PageTitleTests(StudioAppFixture app) : IClassFixture<StudioAppFixture>
{
    [Fact]
    public async Task The_served_page_has_its_title_and_the_title_follows_navigation_on_the_circuit()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        await app.CreateUserAsync(email, "Sup3r!Secret");
        await using var context = await Browser.NewContextAsync(app.BaseUrl);
        var page = await context.NewPageAsync();
        await page.LogInAsync(email, "Sup3r!Secret");

        var served = await context.APIRequest.GetAsync("/jobs");
        Assert.Contains("<title>Jobs &#xB7; Streamer Studio</title>", await served.TextAsync());

        await page.GotoAsync("/dashboard");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page).ToHaveTitleAsync("Dashboard · Streamer Studio");

        // Marked, so a full page load (whose title the server would write) cannot pass for the circuit's navigation.
        await page.EvaluateAsync("window.sameDocument = true");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" }).GetByRole(AriaRole.Link, new() { Name = "Gallery" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/gallery$"));
        await Assertions.Expect(page).ToHaveTitleAsync("Gallery · Streamer Studio");
        Assert.True(await page.EvaluateAsync<bool>("window.sameDocument === true"));

        // A static account page: its title is written by the server alone.
        await page.GotoAsync("/Account/Manage");
        await Assertions.Expect(page).ToHaveTitleAsync("Profile");
    }
}
