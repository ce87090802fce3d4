using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using System.Text.RegularExpressions;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Accounts.Mail;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web;

namespace StreamerStudio.Tests.Infrastructure;

/// <summary>
/// The real app (the same <see cref="StudioApp.CreateAsync"/> the run command uses) on Kestrel at 127.0.0.1 with a
/// fresh database and its own data folder, one per test class.
/// </summary>
public class StudioAppFixture : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"studio-app-{Guid.NewGuid():N}");
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";
    public string ConnectionString { get; private set; } = "";
    public IServiceProvider Services => _app!.Services;
    public string DataFolder => _dataFolder;
    public string OutboxFolder => Path.Combine(_dataFolder, "outbox");

    protected virtual IEnumerable<string> ExtraArguments => [];

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        _app = await StudioApp.CreateAsync(
        [
            "--urls=http://127.0.0.1:0",
            "--environment=Development",
            $"--ConnectionStrings:Default={ConnectionString}",
            $"--DataFolder={_dataFolder}",
            // Open circuits re-check their user every second, so tests of lost access wait seconds, not minutes.
            "--Accounts:CircuitRevalidationSeconds=1",
            "--Logging:LogLevel:Default=Warning",
            // A test class logs in far more often than a person; RateLimitTests checks the limits themselves.
            "--RateLimits:AccountPostsPerIp:Permits=100000",
            "--RateLimits:AccountPostsPerEmail:Permits=100000",
            .. ExtraArguments,
        ]);
        await _app.Services.PrepareDatabaseAsync();
        await _app.StartAsync();
        // Ready as the run command means it: a test's first job change must not go unheard.
        await _app.Services.GetRequiredService<JobEvents>().WhenListeningAsync().WaitAsync(TimeSpan.FromMinutes(1));
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    /// <summary>Creates a confirmed account directly, for tests whose subject is not registration.</summary>
    public async Task<User> CreateUserAsync(string email, string password, string? role = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0] };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        if (role is not null)
        {
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }

        return user;
    }

    /// <summary>Where the app's emails go: in Development without SMTP, the outbox folder.</summary>
    public OutboxMailer Outbox => (OutboxMailer)Services.GetRequiredService<IMailer>();

    public const string Password = "Sup3r!Secret";

    /// <summary>A new confirmed creator (or admin), signed in in a browser context of their own, like a separate person.</summary>
    public async Task<SignedIn> SignInNewUserAsync(string? role = null)
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = await CreateUserAsync(email, Password, role);
        var context = await Browser.NewContextAsync(BaseUrl);
        var page = await context.NewPageAsync();
        await page.LogInAsync(email, Password);
        await Microsoft.Playwright.Assertions.Expect(page.GetByTestId("greeting")).ToBeVisibleAsync();
        return new SignedIn(user, context, page);
    }

    /// <summary>The link with this text in the newest email to <paramref name="to"/>, read from the outbox folder.</summary>
    public string LinkInLatestMail(string to, string linkText)
    {
        var mail = Outbox.ReadNewestFirst().First(m => m.To == to);
        var link = Regex.Match(mail.HtmlBody, $"<a href=\"([^\"]+)\">{Regex.Escape(linkText)}</a>");
        Assert.True(link.Success, $"No link \"{linkText}\" in: {mail.HtmlBody}");
        return WebUtility.HtmlDecode(link.Groups[1].Value);
    }

    public virtual async Task DisposeAsync()
    {
        // Hangfire's logging is process-wide and points at this app's logger factory: switch it off before the
        // factory goes, or other apps in this test process would log into a disposed factory.
        HangfireLogging.Silence();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }
}

/// <summary>A signed-in person: their account, their browser context (cookies), its first page and its HTTP client.</summary>
public sealed record SignedIn(User User, Microsoft.Playwright.IBrowserContext Context, Microsoft.Playwright.IPage Page) : IAsyncDisposable
{
    public Microsoft.Playwright.IAPIRequestContext Http => Context.APIRequest;

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}

/// <summary>The app as the run command starts it: demo logins seeded.</summary>
public sealed class DemoAppFixture : StudioAppFixture
{
    protected override IEnumerable<string> ExtraArguments => ["--Demo:Seed=true"];
}

/// <summary>The app without a job server: submissions stay queued, so tests see exactly what submitting did.</summary>
public sealed class NoWorkerAppFixture : StudioAppFixture
{
    protected override IEnumerable<string> ExtraArguments => ["--Generation:RunWorkerInWeb=false"];
}

/// <summary>
/// Test classes whose app runs a Hangfire job server share this collection and so run one after another:
/// Hangfire keeps some process-wide state (global configuration, filters), and two job servers in one test
/// process were seen to pick up each other's work.
/// </summary>
[CollectionDefinition(Name)]
public sealed class JobServerCollection
{
    public const string Name = "Apps with a job server";
}
