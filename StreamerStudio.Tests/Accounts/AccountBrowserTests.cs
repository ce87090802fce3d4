using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Playwright;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Tests.Accounts;

/// <summary>Accounts as a person uses them: the real app on 127.0.0.1, driven in headless Chromium.</summary>
[Collection(JobServerCollection.Name)]
public sealed class AccountBrowserTests(StudioAppFixture app) : IClassFixture<StudioAppFixture>, IAsyncLifetime
{
    private IBrowserContext _browser = default!;
    private IPage _page = default!;

    public async Task InitializeAsync()
    {
        _browser = await Browser.NewContextAsync(app.BaseUrl);
        _page = await _browser.NewPageAsync();
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    private static string NewEmail() => $"creator-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task Register_confirm_through_the_outbox_log_in_see_the_greeting_and_log_out()
    {
        var email = NewEmail();
        await _page.GotoAsync("/Account/Register");
        await _page.FillAsync("#Input\\.DisplayName", "Pixel Pilot");
        await _page.FillAsync("#Input\\.Email", email);
        await _page.FillAsync("#Input\\.Password", "Sup3r!Secret");
        await _page.FillAsync("#Input\\.ConfirmPassword", "Sup3r!Secret");
        await _page.ClickAsync("button[type=submit]");
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Check your email");

        // An unconfirmed account cannot log in yet.
        await _page.LogInAsync(email, "Sup3r!Secret");
        await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirm your email");

        await _page.GotoAsync(app.LinkInLatestMail(email, "Confirm your email"));
        await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Thank you for confirming your email");

        await _page.LogInAsync(email, "Sup3r!Secret");
        await Assertions.Expect(_page.GetByTestId("greeting")).ToHaveTextAsync("Welcome, Pixel Pilot!");
        await Assertions.Expect(_page.GetByTestId("empty-state")).ToContainTextAsync("Let's set up your studio");

        await _page.WaitForCircuitAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await _page.WaitForURLAsync(new Regex("/Account/Login"));
        await _page.GotoAsync("/dashboard");
        await Assertions.Expect(_page).ToHaveURLAsync(new Regex("/Account/Login"));
    }

    [Fact]
    public async Task Forgot_password_sends_a_reset_link_that_sets_a_new_password()
    {
        var email = NewEmail();
        await app.CreateUserAsync(email, "Old!Passw0rd");

        await _page.GotoAsync("/Account/ForgotPassword");
        await _page.FillAsync("#Input\\.Email", email);
        await _page.ClickAsync("button[type=submit]");
        await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("check your email");

        await _page.GotoAsync(app.LinkInLatestMail(email, "Choose a new password"));
        await _page.FillAsync("#Input\\.Email", email);
        await _page.FillAsync("#Input\\.Password", "New!Passw0rd");
        await _page.FillAsync("#Input\\.ConfirmPassword", "New!Passw0rd");
        await _page.ClickAsync("button[type=submit]");
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Reset password confirmation");

        await _page.LogInAsync(email, "Old!Passw0rd");
        await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        await _page.LogInAsync(email, "New!Passw0rd");
        await Assertions.Expect(_page.GetByTestId("greeting")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Change_password_needs_the_current_one_and_then_only_the_new_one_works()
    {
        var email = NewEmail();
        await app.CreateUserAsync(email, "Old!Passw0rd");
        await _page.LogInAsync(email, "Old!Passw0rd");
        await Assertions.Expect(_page.GetByTestId("greeting")).ToBeVisibleAsync();

        await _page.GotoAsync("/Account/Manage/ChangePassword");
        await _page.FillAsync("#Input\\.OldPassword", "not-my-password");
        await _page.FillAsync("#Input\\.NewPassword", "New!Passw0rd");
        await _page.FillAsync("#Input\\.ConfirmPassword", "New!Passw0rd");
        await _page.ClickAsync("button[type=submit]");
        await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Incorrect password");

        await _page.FillAsync("#Input\\.OldPassword", "Old!Passw0rd");
        await _page.FillAsync("#Input\\.NewPassword", "New!Passw0rd");
        await _page.FillAsync("#Input\\.ConfirmPassword", "New!Passw0rd");
        await _page.ClickAsync("button[type=submit]");
        await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your password has been changed.");

        await using var otherDevice = await Browser.NewContextAsync(app.BaseUrl);
        var page = await otherDevice.NewPageAsync();
        await page.LogInAsync(email, "Old!Passw0rd");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        await page.LogInAsync(email, "New!Passw0rd");
        await Assertions.Expect(page.GetByTestId("greeting")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_creator_who_opens_admin_is_refused()
    {
        var email = NewEmail();
        await app.CreateUserAsync(email, "Sup3r!Secret");
        await _page.LogInAsync(email, "Sup3r!Secret");
        await Assertions.Expect(_page.GetByTestId("greeting")).ToBeVisibleAsync();

        await _page.GotoAsync("/admin");

        await Assertions.Expect(_page).ToHaveURLAsync(new Regex("/Account/AccessDenied"));
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Access denied");
        await Assertions.Expect(_page.GetByTestId("admin-title")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_admin_sees_the_admin_link_and_opens_admin()
    {
        var email = NewEmail();
        await app.CreateUserAsync(email, "Sup3r!Secret", Roles.Admin);
        await _page.LogInAsync(email, "Sup3r!Secret");
        await _page.WaitForCircuitAsync();

        await _page.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();

        await Assertions.Expect(_page.GetByTestId("admin-title")).ToHaveTextAsync("Admin");
    }

    [Fact]
    public async Task Six_wrong_passwords_lock_the_account_and_only_the_right_password_learns_it()
    {
        var email = NewEmail();
        var user = await app.CreateUserAsync(email, "Sup3r!Secret");

        // The fifth failure locks the account; the sixth finds it locked, but a wrong password never says so.
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            await _page.LogInAsync(email, $"wrong-{attempt}");
            await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        }

        await _page.LogInAsync(email, "Sup3r!Secret");
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Account locked");

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByIdAsync(user.Id.ToString()))!));
    }

    [Fact]
    public async Task A_locked_users_open_page_loses_access_without_reloading()
    {
        var email = NewEmail();
        var user = await app.CreateUserAsync(email, "Sup3r!Secret");
        await _page.LogInAsync(email, "Sup3r!Secret");
        await _page.WaitForCircuitAsync();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var stored = (await users.FindByIdAsync(user.Id.ToString()))!;
            await users.SetLockoutEndDateAsync(stored, DateTimeOffset.UtcNow.AddYears(100));
        }

        // No navigation by the test: the circuit's revalidation notices and sends the page to the login.
        await _page.WaitForURLAsync(new Regex("/Account/Login"), new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task Dark_mode_is_remembered_for_the_user()
    {
        var email = NewEmail();
        var user = await app.CreateUserAsync(email, "Sup3r!Secret");
        await _page.LogInAsync(email, "Sup3r!Secret");
        await _page.WaitForCircuitAsync();
        var lightBackground = await BodyBackgroundAsync();

        await _page.GetByTestId("theme-toggle").ClickAsync();
        await Assertions.Expect(_page.Locator("body")).Not.ToHaveCSSAsync("background-color", lightBackground);

        // A new session on another "device" opens dark straight away.
        await using var otherDevice = await Browser.NewContextAsync(app.BaseUrl);
        var page = await otherDevice.NewPageAsync();
        await page.LogInAsync(email, "Sup3r!Secret");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(15, 13, 26)");

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.Equal(Theme.Dark, await db.Users.Where(u => u.Id == user.Id).Select(u => u.Theme).SingleAsync());
    }

    [Fact]
    public async Task On_a_phone_the_navigation_opens_from_the_menu_button()
    {
        await using var phone = await Browser.NewContextAsync(app.BaseUrl);
        var page = await phone.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        var email = NewEmail();
        await app.CreateUserAsync(email, "Sup3r!Secret");
        await page.LogInAsync(email, "Sup3r!Secret");
        await page.WaitForCircuitAsync();
        var brandKits = page.GetByRole(AriaRole.Link, new() { Name = "Brand kits" });

        await page.GetByLabel("Toggle navigation").ClickAsync();
        await brandKits.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/brand-kits$"));
    }

    private Task<string> BodyBackgroundAsync() =>
        _page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
