using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Tests.Home;

/// <summary>A stranger's first visit: the home page, signing up, the pages around it, in headless Chromium.</summary>
public sealed class HomeBrowserTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>, IAsyncLifetime
{
    private IBrowserContext _browser = default!;
    private IPage _page = default!;

    public async Task InitializeAsync()
    {
        _browser = await Browser.NewContextAsync(app.BaseUrl);
        _page = await _browser.NewPageAsync();
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task A_visitor_at_home_reads_the_pitch_sees_real_examples_and_can_sign_up_or_log_in()
    {
        var response = await _page.GotoAsync("/");

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Your brand, turned into upload-ready stream graphics");
        await Assertions.Expect(_page.Locator("main")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.GetByRole(AriaRole.Link, new() { Name = "Sign up free" })).ToHaveAttributeAsync("href", "Account/Register");
        await Assertions.Expect(_page.GetByRole(AriaRole.Link, new() { Name = "Log in", Exact = true }).First).ToHaveAttributeAsync("href", "Account/Login");
        await Assertions.Expect(_page.GetByTestId("plan")).ToHaveCountAsync(3);
        await Assertions.Expect(_page.GetByTestId("plan").Nth(1)).ToContainTextAsync("$9.00 a month");
        // Static: no circuit is started for a visitor's first page.
        Assert.Null(await _page.EvaluateAsync<string?>("() => document.querySelector('[data-circuit]')?.outerHTML ?? null"));

        var images = _page.Locator(".home-examples img");
        await Assertions.Expect(images).ToHaveCountAsync(4);
        foreach (var src in await images.EvaluateAllAsync<string[]>("imgs => imgs.map(i => i.getAttribute('src'))"))
        {
            var image = await _browser.APIRequest.GetAsync(src);
            Assert.Equal(200, image.Status);
            Assert.Equal("image/jpeg", image.Headers["content-type"]);
            Assert.Contains("max-age", image.Headers["cache-control"]);
            var bytes = await image.BodyAsync();
            Assert.True(bytes is [0xFF, 0xD8, ..], $"{src} is not a JPEG");
        }

        // Rendered, decoded and shown: the browser knows each picture's real size.
        await Assertions.Expect(images.First).ToHaveJSPropertyAsync("naturalWidth", 1280);
    }

    [Fact]
    public async Task A_signed_in_creator_going_home_lands_on_the_dashboard()
    {
        await using var creator = await app.SignInNewUserAsync();

        await creator.Page.GotoAsync("/");

        await Assertions.Expect(creator.Page).ToHaveURLAsync(new Regex("/dashboard$"));
        await Assertions.Expect(creator.Page.GetByTestId("greeting")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Register_lists_the_password_rules_before_any_submit_and_ticks_them_while_typing()
    {
        await _page.GotoAsync("/Account/Register");
        var rules = _page.Locator("[data-password-rules-for='Input.Password']");

        await Assertions.Expect(rules).ToHaveAttributeAsync("aria-live", "polite");
        await Assertions.Expect(rules.Locator("li")).ToHaveTextAsync(
        [
            "At least 8 characters (not yet met)", "A lowercase letter (a–z) (not yet met)", "An uppercase letter (A–Z) (not yet met)",
            "A digit (0–9) (not yet met)", "A symbol, such as ! or # (not yet met)",
        ]);

        await _page.FillAsync("#Input\\.Password", "abc");
        await Assertions.Expect(rules.Locator("li[data-rule=lowercase]")).ToHaveTextAsync("A lowercase letter (a–z) (met)");
        await Assertions.Expect(rules.Locator("li[data-rule=digit]")).ToHaveTextAsync("A digit (0–9) (not yet met)");

        await _page.FillAsync("#Input\\.Password", "Sup3r!Secret");
        await Assertions.Expect(rules.Locator("li[data-met=true]")).ToHaveCountAsync(5);

        // The list helps; the server still decides.
        await _page.FillAsync("#Input\\.DisplayName", "Pixel Pilot");
        await _page.FillAsync("#Input\\.Email", $"{Guid.NewGuid():N}@example.com");
        await _page.FillAsync("#Input\\.Password", "No-digits-here");
        await _page.FillAsync("#Input\\.ConfirmPassword", "No-digits-here");
        await _page.ClickAsync("button[type=submit]");
        await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("digit");
    }

    [Fact]
    public async Task Reset_and_change_password_list_the_same_rules()
    {
        await using var creator = await app.SignInNewUserAsync();
        await creator.Page.GotoAsync("/Account/Manage/ChangePassword");
        await Assertions.Expect(creator.Page.Locator("[data-password-rules-for='Input.NewPassword'] li")).ToHaveCountAsync(5);

        await _page.GotoAsync("/Account/ResetPassword?code=abc");
        await Assertions.Expect(_page.Locator("[data-password-rules-for='Input.Password'] li")).ToHaveCountAsync(5);
    }

    [Fact]
    public async Task The_email_confirmed_page_links_to_log_in()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        string url;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var user = new User { UserName = email, Email = email, DisplayName = "Unconfirmed" };
            Assert.True((await users.CreateAsync(user, StudioAppFixture.Password)).Succeeded);
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
            url = $"/Account/ConfirmEmail?userId={user.Id}&code={code}";
        }

        await _page.GotoAsync(url);
        await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Thank you for confirming your email");
        await _page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Log in" }).ClickAsync();

        await Assertions.Expect(_page).ToHaveURLAsync(new Regex("/Account/Login$"));
        await Assertions.Expect(_page.Locator("h1")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_visitor_on_a_missing_page_gets_the_public_look_and_a_way_home()
    {
        var response = await _page.GotoAsync("/no-such-page");

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Page not found");
        await Assertions.Expect(_page.GetByRole(AriaRole.Link, new() { Name = "Go to the home page" })).ToBeVisibleAsync();
        await Assertions.Expect(_page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" })).ToHaveCountAsync(0);
        await Assertions.Expect(_page.GetByText("Back to your dashboard")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_creator_on_a_missing_page_keeps_the_app()
    {
        await using var creator = await app.SignInNewUserAsync();

        await creator.Page.GotoAsync("/no-such-page");

        await Assertions.Expect(creator.Page.Locator("h1")).ToHaveTextAsync("Page not found");
        await Assertions.Expect(creator.Page.GetByRole(AriaRole.Link, new() { Name = "Back to your dashboard" })).ToBeVisibleAsync();
        await Assertions.Expect(creator.Page.GetByRole(AriaRole.Link, new() { Name = "Gallery" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Account_pages_follow_the_device_for_visitors_and_the_saved_theme_for_creators()
    {
        var shell = _page.Locator(".studio-static");
        await _page.GotoAsync("/Account/Login");
        await Assertions.Expect(_page.Locator("header")).ToContainTextAsync("Streamer Studio");
        await Assertions.Expect(shell).ToHaveCSSAsync("background-color", "rgb(247, 246, 251)");

        await _page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Assertions.Expect(shell).ToHaveCSSAsync("background-color", "rgb(15, 13, 26)");

        await using var creator = await app.SignInNewUserAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountService>().SetThemeAsync(creator.User.Id, Theme.Dark);
        }

        await creator.Page.GotoAsync("/Account/Manage");
        var creatorShell = creator.Page.Locator(".studio-static");
        await Assertions.Expect(creatorShell).ToHaveAttributeAsync("data-theme", "dark");
        await Assertions.Expect(creatorShell).ToHaveCSSAsync("background-color", "rgb(15, 13, 26)");
        await Assertions.Expect(creator.Page.Locator("h1")).ToHaveCountAsync(1);
    }
}
