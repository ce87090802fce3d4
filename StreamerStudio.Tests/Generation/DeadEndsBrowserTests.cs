using Microsoft.Playwright;
using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Tests.Generation;

/// <summary>At the free limit a creator is told what a request costs, why it cannot go, and where to go instead.</summary>
public sealed class DeadEndsBrowserTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private async Task UseUpAllowanceAsync(Guid userId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.Database.ExecuteSqlAsync($"UPDATE subscriptions SET assets_used = assets_limit WHERE user_id = {userId}");
    }

    private async Task AddCreditsAsync(Guid userId, int amount)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await Credits.AddAsync(db, userId, CreditKind.Purchase, amount, null, null, "test purchase");
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task At_the_limit_Generate_is_disabled_with_a_link_to_billing_and_the_dashboard_shows_credits_and_the_next_step()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;

        // A new Free creator: a stream pack's cost is said before submitting.
        await page.GotoAsync("/generate");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("generate-cost")).ToHaveTextAsync("Uses 1 of your 5 remaining this month.");
        await page.GetByText("Stream pack").ClickAsync();
        await Assertions.Expect(page.GetByTestId("generate-cost")).ToHaveTextAsync("Uses 5 of your 5 remaining this month.");
        await Assertions.Expect(page.GetByTestId("generate-submit")).ToBeEnabledAsync();

        await UseUpAllowanceAsync(creator.User.Id);

        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.GetByTestId("allowance-usage")).ToHaveTextAsync("5 of 5 assets used this month");
        await Assertions.Expect(page.GetByTestId("allowance-credits")).ToContainTextAsync("0 credits");
        await Assertions.Expect(page.GetByTestId("next-step")).ToHaveAttributeAsync("href", "/billing");
        await Assertions.Expect(page.GetByTestId("next-step")).ToHaveTextAsync("Upgrade or buy credits");

        await page.GotoAsync("/generate");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("generate-submit")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("generate-blocked")).ToContainTextAsync("you have 0 left this month and 0 credits");
        await Assertions.Expect(page.GetByTestId("generate-way-out")).ToHaveAttributeAsync("href", "/billing");

        // Credits pay for what fits in them; a pack bigger than them is refused before the click.
        await AddCreditsAsync(creator.User.Id, 3);
        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.GetByTestId("allowance-credits")).ToContainTextAsync("3 credits");
        await Assertions.Expect(page.GetByTestId("next-step")).ToHaveAttributeAsync("href", "/generate");

        await page.GotoAsync("/generate");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("generate-cost")).ToHaveTextAsync("Uses 1 of your 3 credits: your allowance has only 0 left this month.");
        await Assertions.Expect(page.GetByTestId("generate-submit")).ToBeEnabledAsync();
        await page.GetByText("Stream pack").ClickAsync();
        await Assertions.Expect(page.GetByTestId("generate-submit")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("generate-blocked")).ToContainTextAsync("Needs 5 assets");
        await Assertions.Expect(page.GetByTestId("generate-way-out")).ToHaveAttributeAsync("href", "/billing");
    }
}
