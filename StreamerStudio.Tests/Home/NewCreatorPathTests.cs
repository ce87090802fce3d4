using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StreamerStudio.Tests.Home;

/// <summary>
/// A newcomer's whole first visit, as <c>./run.sh</c> serves it (Development, no Stripe keys, so the Stripe sandbox):
/// every step is reached by clicking what the page before offered, never by typing a URL.
/// </summary>
[Collection(JobServerCollection.Name)]
public sealed class NewCreatorPathTests(StudioAppFixture app) : IClassFixture<StudioAppFixture>
{
    private const string Password = "Sup3r!Secret";

    [Fact]
    public async Task Home_sign_up_confirm_log_in_brand_kit_first_asset_limit_sandbox_upgrade_and_more_assets_without_a_dead_end()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        await using var browser = await Browser.NewContextAsync(app.BaseUrl);
        var page = await browser.NewPageAsync();

        // The home page says what this is and offers a way in.
        await page.GotoAsync("/");
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up free" }).ClickAsync();

        // Sign up, with the password rules in view before anything is refused.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Create your account");
        await page.FillAsync("#Input\\.DisplayName", "Nova Rae");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", Password);
        await page.FillAsync("#Input\\.ConfirmPassword", Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Check your email");

        // The link in the mail, then the confirmed page's own way on.
        await page.GotoAsync(app.LinkInLatestMail(email, "Confirm your email"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Log in", Exact = true }).Last.ClickAsync();
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.GetByTestId("greeting")).ToHaveTextAsync("Welcome, Nova Rae!");

        // Step 1 of the dashboard: a brand kit.
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create brand kit" }).ClickAsync();
        await Expect(page.GetByTestId("kits-empty")).ToBeVisibleAsync();
        await page.WaitForCircuitAsync();
        await page.GetByTestId("new-kit").ClickAsync();
        await page.WaitForCircuitAsync();
        await page.GetByTestId("kit-name").FillAsync("Nova's Night Shift");
        await page.GetByTestId("save-kit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/brand-kits$"));
        await Expect(page.GetByTestId("brand-kit").Filter(new() { HasText = "Nova's Night Shift" })).ToBeVisibleAsync();

        // The first asset, then four variations: the Free allowance of five is used.
        await GenerateAsync(page, "First stream ever", expectedAssets: 1);
        await page.GetByText("Variations").ClickAsync();
        await Expect(page.GetByTestId("generate-cost")).ToHaveTextAsync(new Regex("Uses \\d of your 4 remaining this month\\."));
        var howMany = page.GetByLabel("How many variations");
        await howMany.FillAsync("4");
        await howMany.PressAsync("Tab");
        await Expect(page.GetByTestId("generate-cost")).ToHaveTextAsync("Uses 4 of your 4 remaining this month.");
        await SubmitAndWaitAsync(page, "Four ways to say it", expectedAssets: 4);

        // At the limit the page says so before the click, and where to go.
        await page.GotoAsync("/dashboard");
        await Expect(page.GetByTestId("allowance-usage")).ToHaveTextAsync("5 of 5 assets used this month");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("next-step").ClickAsync();

        // The sandbox upgrade, through Stripe's Checkout stand-in and its signed webhooks.
        await Expect(page.GetByTestId("sandbox-banner")).ToBeVisibleAsync();
        await page.WaitForCircuitAsync();
        await page.GetByTestId("upgrade-pro").ClickAsync();
        await Expect(page.GetByTestId("sandbox-label")).ToContainTextAsync("Sandbox — no real payment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $9.00" }).ClickAsync();
        await Expect(page.GetByTestId("current-tier")).ToHaveTextAsync("Pro");

        // And more assets on the new plan.
        await GenerateAsync(page, "Now on Pro", expectedAssets: 1);
        await page.GotoAsync("/gallery");
        await Expect(page.GetByTestId("gallery-card")).ToHaveCountAsync(6);
    }

    /// <summary>Opens Generate from the app menu and makes one thumbnail.</summary>
    private static async Task GenerateAsync(IPage page, string headline, int expectedAssets)
    {
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Generate", Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/generate$"));
        await page.WaitForCircuitAsync();
        await Expect(page.GetByTestId("generate-submit")).ToBeEnabledAsync();
        await SubmitAndWaitAsync(page, headline, expectedAssets);
    }

    private static async Task SubmitAndWaitAsync(IPage page, string headline, int expectedAssets)
    {
        await page.GetByTestId("headline").FillAsync(headline);
        await page.GetByTestId("generate-submit").ClickAsync();
        var job = page.GetByTestId("job").Filter(new() { HasText = headline });
        await Expect(job).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Expect(job.GetByTestId("job-asset")).ToHaveCountAsync(expectedAssets);
    }
}
