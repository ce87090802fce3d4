using Microsoft.Playwright;
using StreamerStudio.Domain.Admin;

namespace StreamerStudio.Tests.Audit;

/// <summary>A creator's security history in account settings: their own sign-ins and failures, new devices marked, nobody else's rows.</summary>
public sealed class SecurityHistoryBrowserTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    [Fact]
    public async Task The_history_shows_only_the_signed_in_creators_rows_and_marks_the_first_device()
    {
        await using var me = await app.SignInNewUserAsync();
        await using var someoneElse = await app.SignInNewUserAsync();
        await someoneElse.Page.LogInAsync(someoneElse.User.Email!, "not-their-password");
        await Assertions.Expect(someoneElse.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        var page = me.Page;
        await page.LogInAsync(me.User.Email!, "wrong-password");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        await page.LogInAsync(me.User.Email!, StudioAppFixture.Password);
        await Assertions.Expect(page.GetByTestId("greeting")).ToBeVisibleAsync();

        await page.GotoAsync("/Account/Manage");
        await page.GetByRole(AriaRole.Link, new() { Name = "Security history" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Security history" })).ToBeVisibleAsync();
        var what = page.GetByTestId("security-what");
        // Newest first: the second sign-in (same browser, so not new), the failure, the first sign-in (a new device).
        await Assertions.Expect(what).ToHaveCountAsync(3);
        await Assertions.Expect(what.Nth(0)).ToHaveTextAsync("Signed in");
        await Assertions.Expect(what.Nth(1)).ToHaveTextAsync("Failed sign-in (wrong password)");
        await Assertions.Expect(what.Nth(2)).ToContainTextAsync("Signed in");
        await Assertions.Expect(what.Nth(2).GetByTestId("new-device")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("new-device")).ToHaveCountAsync(1);

        // The other creator's rows exist; they are just not shown here.
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.Equal(2, await db.AuditLog.CountAsync(e => e.UserId == someoneElse.User.Id));
    }
}
