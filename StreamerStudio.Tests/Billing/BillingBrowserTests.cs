using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StreamerStudio.Domain.Copy;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Billing;

public sealed class BillingBrowserTests(BillingAppFixture app) : IClassFixture<BillingAppFixture>
{
    [Fact]
    public async Task Upgrade_goes_to_checkout_and_after_the_signed_webhook_billing_shows_pro_without_a_restart()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = await app.CreateUserAsync(email, "Sup3r!Secret");
        await using var browser = await Browser.NewContextAsync(app.BaseUrl);
        var page = await browser.NewPageAsync();
        await page.LogInAsync(email, "Sup3r!Secret");
        await page.GotoAsync("/billing");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("current-tier")).ToHaveTextAsync("Free");

        await page.GetByTestId("upgrade-pro").ClickAsync();

        await page.WaitForURLAsync(new Regex($"^{Regex.Escape(app.Stripe.BaseUrl)}/pay/cs_"));
        await Assertions.Expect(page.GetByTestId("sandbox-checkout")).ToBeVisibleAsync();

        // Stripe confirms: the subscription exists and its signed event reaches our webhook.
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var customerId = await db.Users.Where(u => u.Id == user.Id).Select(u => u.StripeCustomerId).SingleAsync();
        var subscription = new SandboxSubscription($"sub_{Guid.NewGuid():N}", customerId!, BillingAppFixture.ProMonthly, "active",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30));
        app.Stripe.SetSubscription(subscription);
        var session = StripeSignatures.CheckoutSessionJson($"cs_{Guid.NewGuid():N}", "subscription", customerId!, subscription.Id, user.Id.ToString());
        Assert.True((await app.DeliverAsync(StripeSignatures.Event("checkout.session.completed", session))).IsSuccessStatusCode);

        await page.GotoAsync("/billing?checkout=success");
        await Assertions.Expect(page.GetByTestId("current-tier")).ToHaveTextAsync("Pro");
        await Assertions.Expect(page.GetByText("Assets this period: 0 of 100")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("manage-billing")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Billing_shows_this_months_ai_generations_used_and_left()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = await app.CreateUserAsync(email, "Sup3r!Secret");
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            foreach (var outcome in new[] { AiOutcome.Done, AiOutcome.Done, AiOutcome.Refused })
            {
                db.AiUsage.Add(new AiUsage { UserId = user.Id, Engine = BuiltInCopyEngine.EngineName, ModelName = CopyWriter.BuiltInModel, Outcome = outcome, CreatedAt = DateTimeOffset.UtcNow });
            }

            await db.SaveChangesAsync();
        }

        await using var browser = await Browser.NewContextAsync(app.BaseUrl);
        var page = await browser.NewPageAsync();
        await page.LogInAsync(email, "Sup3r!Secret");
        await page.GotoAsync("/billing");
        await page.WaitForCircuitAsync();

        // The refused call gave its generation back.
        await Assertions.Expect(page.GetByTestId("ai-usage")).ToContainTextAsync("2 of 20 AI generations used this month (18 left, resets on");
        await Assertions.Expect(page.GetByTestId("plan-pro")).ToContainTextAsync("300 AI copy generations a month");
    }
}
