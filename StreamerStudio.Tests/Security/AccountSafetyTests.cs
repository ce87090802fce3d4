using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Playwright;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Tests.Security;

/// <summary>
/// The account forms as a stranger probes them: the answers for a known and an unknown email are the same, a
/// lockout is not a way to learn who has an account (and a reset by email lifts it), and a return URL that is
/// not one of our paths goes to "/" instead of crashing.
/// </summary>
public sealed partial class AccountSafetyTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>, IAsyncLifetime
{
    private const string Password = "Sup3r!Secret";
    private IBrowserContext _browser = default!;
    private IAPIRequestContext _http = default!;

    public async Task InitializeAsync()
    {
        _browser = await Browser.NewContextAsync(app.BaseUrl);
        _http = _browser.APIRequest;
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    private static string NewEmail() => $"{Guid.NewGuid():N}@example.com";

    private Task<IAPIResponse> LogInAsync(string email, string password, string? returnUrl = null) =>
        _http.PostAsync(returnUrl is null ? "/Account/Login" : $"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>The page as a person reads it: what changes with every request (antiforgery token, script nonce,
    /// Blazor's encrypted component state) and the echoed email taken out.</summary>
    private static async Task<string> ReadableAsync(IAPIResponse response, string email)
    {
        var page = await response.TextAsync();
        foreach (var perRequest in new[] { AntiforgeryToken(), ScriptNonce(), ComponentState() })
        {
            page = perRequest.Replace(page, "");
        }

        return page.Replace(email, "EMAIL");
    }

    [Fact]
    public async Task Login_answers_alike_for_an_unknown_email_a_wrong_password_and_a_locked_account()
    {
        var known = NewEmail();
        var locked = NewEmail();
        await app.CreateUserAsync(known, Password);
        await app.CreateUserAsync(locked, Password);
        for (var i = 0; i < 5; i++)
        {
            await LogInAsync(locked, "wrong-password");
        }

        var unknown = NewEmail();
        var answers = new[]
        {
            (Email: unknown, Response: await LogInAsync(unknown, "wrong-password")),
            (Email: known, Response: await LogInAsync(known, "wrong-password")),
            (Email: locked, Response: await LogInAsync(locked, "wrong-password")),
        };

        Assert.All(answers, a => Assert.Equal(200, a.Response.Status));
        var pages = await Task.WhenAll(answers.Select(a => ReadableAsync(a.Response, a.Email)));
        Assert.Contains("do not match an account", pages[0]);
        Assert.Equal(pages[0], pages[1]);
        Assert.Equal(pages[0], pages[2]);
        Assert.True(await IsLockedOutAsync(locked));

        // Only whoever knows the password learns that the account is locked.
        Assert.Equal("/Account/Lockout", (await LogInAsync(locked, Password)).RedirectPath(app.BaseUrl));
    }

    [Fact]
    public async Task Registering_a_taken_email_looks_like_a_new_account_and_tells_the_owner_by_email()
    {
        var owner = NewEmail();
        await app.CreateUserAsync(owner, Password);
        var newcomer = NewEmail();

        var forNew = await RegisterAsync(newcomer);
        var forTaken = await RegisterAsync(owner);

        Assert.Equal(
            forNew.RedirectPath(app.BaseUrl).Replace(Uri.EscapeDataString(newcomer), "EMAIL"),
            forTaken.RedirectPath(app.BaseUrl).Replace(Uri.EscapeDataString(owner), "EMAIL"));
        Assert.StartsWith("/Account/RegisterConfirmation", forTaken.RedirectPath(app.BaseUrl));
        var mails = app.Outbox.ReadNewestFirst();
        Assert.Contains(mails, m => m.To == owner && m.Subject.StartsWith("Someone tried to create"));
        Assert.Contains(mails, m => m.To == newcomer && m.Subject.StartsWith("Confirm your"));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == owner));
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == newcomer));
    }

    [Fact]
    public async Task A_weak_password_is_refused_alike_for_a_taken_and_a_new_email()
    {
        var owner = NewEmail();
        await app.CreateUserAsync(owner, Password);
        var newcomer = NewEmail();

        var forNew = await RegisterAsync(newcomer, "weakpassword");
        var forTaken = await RegisterAsync(owner, "weakpassword");

        Assert.Equal(200, forNew.Status);
        var page = await ReadableAsync(forNew, newcomer);
        Assert.Contains("uppercase", page);
        Assert.Equal(page, await ReadableAsync(forTaken, owner));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.False(await db.Users.AnyAsync(u => u.Email == newcomer));
    }

    private Task<IAPIResponse> RegisterAsync(string email, string password = Password) =>
        _http.PostAsync("/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Someone",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    [Theory]
    [InlineData("/Account/ForgotPassword")]
    [InlineData("/Account/ResendEmailConfirmation")]
    public async Task Forgot_password_and_resend_confirmation_answer_alike_for_known_and_unknown_emails(string path)
    {
        var known = NewEmail();
        await app.CreateUserAsync(known, Password);
        var unknown = NewEmail();

        var forKnown = await _http.PostAsync(path, new Dictionary<string, string> { ["Input.Email"] = known });
        var forUnknown = await _http.PostAsync(path, new Dictionary<string, string> { ["Input.Email"] = unknown });

        Assert.Equal(forKnown.Status, forUnknown.Status);
        if (forKnown.Status == 302)
        {
            Assert.Equal(forKnown.RedirectPath(app.BaseUrl), forUnknown.RedirectPath(app.BaseUrl));
        }
        else
        {
            Assert.Equal(await ReadableAsync(forKnown, known), await ReadableAsync(forUnknown, unknown));
        }

        // The known address did get its email; the unknown one got nothing.
        var mails = app.Outbox.ReadNewestFirst();
        Assert.Contains(mails, m => m.To == known);
        Assert.DoesNotContain(mails, m => m.To == unknown);
    }

    [Fact]
    public async Task A_locked_account_resets_its_password_by_email_and_logs_in_at_once()
    {
        var email = NewEmail();
        await app.CreateUserAsync(email, Password);
        for (var i = 0; i < 5; i++)
        {
            await LogInAsync(email, "wrong-password");
        }

        Assert.True(await IsLockedOutAsync(email));

        await _http.PostAsync("/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });
        var reset = await _http.PostAsync(app.LinkInLatestMail(email, "Choose a new password"), new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "N3w!Password",
            ["Input.ConfirmPassword"] = "N3w!Password",
        });

        Assert.Equal("/Account/ResetPasswordConfirmation", reset.RedirectPath(app.BaseUrl));
        Assert.False(await IsLockedOutAsync(email));
        Assert.Equal("/", (await LogInAsync(email, "N3w!Password")).RedirectPath(app.BaseUrl));
    }

    [Fact]
    public async Task A_reset_for_an_unknown_email_reads_like_a_bad_link_for_a_known_one()
    {
        var known = NewEmail();
        await app.CreateUserAsync(known, Password);
        var code = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode("not-a-real-token"u8.ToArray());
        var values = (string email) => new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "N3w!Password",
            ["Input.ConfirmPassword"] = "N3w!Password",
        };
        var unknown = NewEmail();

        var forKnown = await _http.PostAsync($"/Account/ResetPassword?code={code}", values(known));
        var forUnknown = await _http.PostAsync($"/Account/ResetPassword?code={code}", values(unknown));

        var page = await ReadableAsync(forKnown, known);
        Assert.Contains("not valid for that email", page);
        Assert.Equal(page, await ReadableAsync(forUnknown, unknown));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https:evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("\t//evil.example")]
    public async Task A_return_url_that_is_not_our_path_goes_home_after_login_and_logout(string returnUrl)
    {
        var email = NewEmail();
        await app.CreateUserAsync(email, Password);

        var login = await LogInAsync(email, Password, returnUrl);
        var logout = await _http.PostAsync("/", new Dictionary<string, string> { ["returnUrl"] = returnUrl }, postPath: "/Account/Logout");

        Assert.Equal("/", login.RedirectPath(app.BaseUrl));
        Assert.Equal("/", logout.RedirectPath(app.BaseUrl));
    }

    [Fact]
    public async Task A_return_url_that_is_our_path_is_kept()
    {
        var email = NewEmail();
        await app.CreateUserAsync(email, Password);

        var login = await LogInAsync(email, Password, "/gallery?type=thumbnail");
        var logout = await _http.PostAsync("/", new Dictionary<string, string> { ["returnUrl"] = "Account/Login" }, postPath: "/Account/Logout");

        Assert.Equal("/gallery?type=thumbnail", login.RedirectPath(app.BaseUrl));
        Assert.Equal("/Account/Login", logout.RedirectPath(app.BaseUrl));
    }

    private async Task<bool> IsLockedOutAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        return await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!);
    }

    [GeneratedRegex("<!--Blazor-Server-Component-State:[^>]*-->")]
    private static partial Regex ComponentState();

    [GeneratedRegex("nonce=\"[^\"]*\"")]
    private static partial Regex ScriptNonce();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"[^\"]*\"")]
    private static partial Regex AntiforgeryToken();
}
