using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StreamerStudio.Tests.Billing;

/// <summary>
/// The app as <c>./run.sh</c> starts it for a newcomer: Development, no Stripe keys. Buying goes through the Stripe
/// sandbox and the app's real Checkout → signed webhook → plan change path, with nothing set up by the test.
/// </summary>
public sealed class SandboxBrowserTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    [Fact]
    public async Task A_new_creator_buys_pro_and_a_credit_pack_in_the_sandbox_and_cancels_in_its_portal()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await page.GotoAsync("/billing");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByTestId("sandbox-banner")).ToContainTextAsync("Sandbox: no real money");
        await Expect(page.GetByTestId("current-tier")).ToHaveTextAsync("Free");

        await page.GetByTestId("upgrade-pro").ClickAsync();

        await Expect(page.GetByTestId("sandbox-checkout")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sandbox-label")).ToContainTextAsync("Sandbox — no real payment");
        await Expect(page.GetByTestId("sandbox-item")).ToHaveTextAsync("Pro plan, billed monthly");
        await Expect(page.GetByTestId("sandbox-price")).ToHaveTextAsync("$9.00 a month");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $9.00" }).ClickAsync();

        // Back on Billing after the sandbox's signed webhooks were taken: the plan, its allowance and the invoice.
        await Expect(page.GetByTestId("current-tier")).ToHaveTextAsync("Pro");
        Assert.EndsWith("/billing?checkout=success", page.Url);
        await Expect(page.GetByText("Assets this period: 0 of 100")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("payments")).ToContainTextAsync("$9.00");
        await Expect(page.GetByTestId("credit-balance")).ToHaveTextAsync("0");

        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "10 credits" }).ClickAsync();

        await Expect(page.GetByTestId("sandbox-item")).ToHaveTextAsync("10 credits");
        await Expect(page.GetByTestId("sandbox-price")).ToHaveTextAsync("$5.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $5.00" }).ClickAsync();

        await Expect(page.GetByTestId("credit-balance")).ToHaveTextAsync("10");
        await Expect(page.GetByTestId("current-tier")).ToHaveTextAsync("Pro");

        await page.WaitForCircuitAsync();
        await page.GetByTestId("manage-billing").ClickAsync();

        await Expect(page.GetByTestId("sandbox-portal")).ToContainTextAsync("Pro plan, billed monthly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel now" }).ClickAsync();

        await Expect(page.GetByTestId("current-tier")).ToHaveTextAsync("Free");
        await Expect(page.GetByTestId("credit-balance")).ToHaveTextAsync("10");
    }

    [Fact]
    public async Task Cancel_on_the_sandbox_checkout_changes_nothing()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await page.GotoAsync("/billing");
        await page.WaitForCircuitAsync();

        await page.GetByTestId("upgrade-studio").ClickAsync();
        await Expect(page.GetByTestId("sandbox-item")).ToHaveTextAsync("Studio plan, billed monthly");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();

        await page.WaitForURLAsync(url => url.EndsWith("/billing?checkout=cancelled", StringComparison.Ordinal));
        await Expect(page.GetByTestId("current-tier")).ToHaveTextAsync("Free");
        await Expect(page.GetByTestId("no-payments")).ToBeVisibleAsync();
    }
}
