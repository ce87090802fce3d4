using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Domain.Platforms.Sync;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Accessibility;

/// <summary>
/// axe-core over every main page, as an anonymous visitor, a creator and an admin, in the light and the dark theme,
/// at desktop and phone width. Any serious or critical violation fails, and so does a page without its one
/// <c>main</c> landmark or level-one heading (the issue's first finding, moderate for axe).
/// </summary>
[Collection(JobServerCollection.Name)]
public sealed class AccessibilityTests(AccessibilityTests.App app) : IClassFixture<AccessibilityTests.App>
{
    /// <summary>axe rules we hold every page to although axe calls them moderate.</summary>
    private static readonly HashSet<string> AlwaysEnforced = ["landmark-one-main", "page-has-heading-one"];

    public enum Who { Anonymous, Creator, Admin }

    /// <summary>A page to check: who opens it, where, and what shows once it is ready.</summary>
    public sealed record StudioPage(string Name, Who Who, string Path, string Ready, bool Interactive = true);

    public static readonly StudioPage[] Pages =
    [
        new("Home", Who.Anonymous, "/", "[data-testid=plan]", Interactive: false),
        new("Login", Who.Anonymous, "/Account/Login", "#Input\\.Email", Interactive: false),
        new("Register", Who.Anonymous, "/Account/Register", "#Input\\.Email", Interactive: false),
        new("Forgot password", Who.Anonymous, "/Account/ForgotPassword", "#Input\\.Email", Interactive: false),
        new("Share page", Who.Anonymous, "/s/{share}", "[data-testid=shared-asset] img", Interactive: false),
        new("Not found", Who.Anonymous, "/no-such-page", "h1", Interactive: false),
        new("Dashboard", Who.Creator, "/dashboard", "[data-testid=greeting]"),
        new("Brand kits", Who.Creator, "/brand-kits", "[data-testid=new-kit]"),
        new("Brand kit editor", Who.Creator, "/brand-kits/new", "[data-testid=save-kit]"),
        new("Generate", Who.Creator, "/generate", "[data-testid=generate-submit]"),
        new("Jobs", Who.Creator, "/jobs", "[data-testid=job]"),
        new("Gallery", Who.Creator, "/gallery", "[data-testid=gallery-card]"),
        new("Asset", Who.Creator, "/gallery/{asset}", "[data-testid=asset-image]"),
        new("Billing", Who.Creator, "/billing", "[data-testid=current-tier]"),
        // The creator's YouTube channel is connected and synced (figures, chart, videos); the admin has none.
        new("Channels", Who.Creator, "/channels", "[data-testid=growth-chart]"),
        new("Channels, none connected", Who.Admin, "/channels", "[data-testid=channels-empty]"),
        new("Media", Who.Creator, "/media", "[data-testid=media-upload]"),
        // The creator has no brand kit here (the empty state); the admin neither.
        new("Notifications", Who.Creator, "/notifications", "[data-testid=notification]"),
        new("Copy studio", Who.Creator, "/copy", "[data-testid=copy-kit], [data-testid=copy-no-kits]"),
        new("Account", Who.Creator, "/Account/Manage", "form", Interactive: false),
        new("Security history", Who.Creator, "/Account/Manage/Security", "[data-testid=security-row], [data-testid=security-empty]", Interactive: false),
        new("Email notifications", Who.Creator, "/Account/Manage/Notifications", "[data-testid=save-email-settings]", Interactive: false),
        new("Admin home", Who.Admin, "/admin", "[data-testid=users-by-tier]"),
        new("Admin users", Who.Admin, "/admin/users", "[data-testid=user-row]"),
        new("Admin user", Who.Admin, "/admin/users/{creator}", "[data-testid=lock-user]"),
        new("Admin failed jobs", Who.Admin, "/admin/jobs", "[data-testid=failed-job]"),
        new("Admin revenue", Who.Admin, "/admin/revenue", "[data-testid=revenue-table]"),
        new("Admin audit", Who.Admin, "/admin/audit", "[data-testid=audit-count]"),
        new("Dev outbox", Who.Admin, "/dev/outbox", ".outbox-mail", Interactive: false),
    ];

    public static TheoryData<string, Theme> Cases()
    {
        var cases = new TheoryData<string, Theme>();
        foreach (var page in Pages)
        {
            cases.Add(page.Name, Theme.Light);
            cases.Add(page.Name, Theme.Dark);
        }

        return cases;
    }

    private static readonly (string Name, ViewportSize Size)[] Viewports =
    [
        ("desktop", new() { Width = 1280, Height = 800 }),
        ("phone", new() { Width = 390, Height = 844 }),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Page_has_no_serious_accessibility_violations(string pageName, Theme theme)
    {
        var studioPage = Pages.Single(p => p.Name == pageName);
        var page = await app.PageForAsync(studioPage.Who, theme);
        var problems = new StringBuilder();
        foreach (var (viewport, size) in Viewports)
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
            await page.GotoAsync(app.Resolve(studioPage.Path));
            if (studioPage.Interactive)
            {
                await page.WaitForCircuitAsync();
            }

            await Assertions.Expect(page.Locator(studioPage.Ready).First).ToBeVisibleAsync();
            var results = await page.RunAxe();
            foreach (var violation in results.Violations.Where(v => v.Impact is "serious" or "critical" || AlwaysEnforced.Contains(v.Id)))
            {

                problems.AppendLine($"{pageName} ({theme}, {viewport}): {violation.Id} [{violation.Impact}] {violation.Help}");
                foreach (var node in violation.Nodes.Take(5))
                {
                    // What axe's own summary says: the one check of "any" that would have passed it, and each failed "all"/"none".
                    var checks = node.Any.Take(1).Concat(node.All).Concat(node.None).Select(c => c.Message);
                    problems.AppendLine($"    {node.Target}: {string.Join(" ", checks)}");
                }
            }
        }

        Assert.True(problems.Length == 0, "\n" + problems);
    }

    [Fact]
    public async Task Tab_from_the_top_of_the_dashboard_reaches_the_skip_link_and_the_menu_with_visible_focus()
    {
        var page = await app.PageForAsync(Who.Creator, Theme.Light);
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/dashboard");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();

        // From the top of the document (Blazor's FocusOnNavigate may have put focus on the heading, or not when the
        // page was still loading), the first stop is the skip link.
        await FromTheTopAsync(page);
        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await Assertions.Expect(skip).ToBeFocusedAsync();
        await Assertions.Expect(skip).ToBeVisibleAsync();
        Assert.True(await HasVisibleFocusAsync(skip), "The focused skip link draws no outline or shadow.");

        var menuLink = page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" }).GetByRole(AriaRole.Link, new() { Name = "Gallery" });
        for (var presses = 0; presses < 20 && !await IsFocusedAsync(menuLink); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Assertions.Expect(menuLink).ToBeFocusedAsync();
        Assert.True(await HasVisibleFocusAsync(menuLink), "The focused menu link draws no outline or shadow.");

        // The skip link lands in the page's content: the next Tab stays inside <main>.
        await page.GotoAsync("/dashboard");
        await page.WaitForCircuitAsync();
        await FromTheTopAsync(page);
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(skip).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main")).ToBeFocusedAsync();
        Assert.EndsWith("/dashboard", new Uri(page.Url).AbsolutePath);
    }

    /// <summary>Where a keyboard user starts after pressing Home in the address bar: nothing focused, at the document's start.</summary>
    private static Task FromTheTopAsync(IPage page) =>
        page.EvaluateAsync("() => { document.activeElement?.blur(); document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute('tabindex'); }");

    private static Task<bool> IsFocusedAsync(ILocator locator) =>
        locator.EvaluateAsync<bool>("e => e === document.activeElement");

    private static Task<bool> HasVisibleFocusAsync(ILocator locator) => locator.EvaluateAsync<bool>("""
        e => {
            const style = getComputedStyle(e);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            return outline || style.boxShadow !== 'none';
        }
        """);

    /// <summary>
    /// The app with its people and content seeded once: a creator with a rendered, shared asset and a failed job, an
    /// admin, and one browser context each (anonymous included), reused by every case.
    /// </summary>
    public sealed class App : StudioAppFixture
    {
        private readonly Dictionary<Who, IPage> _pages = [];
        private readonly Dictionary<string, string> _placeholders = [];
        private User _creator = default!;
        private User _admin = default!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var creator = await SignInNewUserAsync();
            var admin = await SignInNewUserAsync(Roles.Admin);
            (_creator, _admin) = (creator.User, admin.User);
            var anonymous = await Browser.NewContextAsync(BaseUrl);
            _pages[Who.Creator] = creator.Page;
            _pages[Who.Admin] = admin.Page;
            _pages[Who.Anonymous] = await anonymous.NewPageAsync();

            var assetId = await RenderOneAssetAsync(_creator.Id);
            await using var scope = Services.CreateAsyncScope();
            var share = await scope.ServiceProvider.GetRequiredService<AssetService>().SetPublicAsync(_creator.Id, assetId, true);
            await AddFailedJobAsync(_creator.Id);
            await ConnectSandboxChannelAsync(_creator.Id);
            // The outbox has a mail to show.
            await CreateUserAsync($"{Guid.NewGuid():N}@example.com", Password);
            await scope.ServiceProvider.GetRequiredService<IEmailSender<User>>()
                .SendConfirmationLinkAsync(_creator, _creator.Email!, $"{BaseUrl}/Account/ConfirmEmail");

            _placeholders["{asset}"] = assetId.ToString();
            _placeholders["{share}"] = share!;
            _placeholders["{creator}"] = _creator.Id.ToString();
        }

        public string Resolve(string path) =>
            _placeholders.Aggregate(path, (p, placeholder) => p.Replace(placeholder.Key, placeholder.Value));

        /// <summary>The role's page, its saved theme (or, anonymous, the device's colour scheme) set to <paramref name="theme"/>.</summary>
        public async Task<IPage> PageForAsync(Who who, Theme theme)
        {
            var page = _pages[who];
            await page.EmulateMediaAsync(new() { ColorScheme = theme == Theme.Dark ? ColorScheme.Dark : ColorScheme.Light });
            if (who != Who.Anonymous)
            {
                await using var scope = Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AccountService>().SetThemeAsync(who == Who.Creator ? _creator.Id : _admin.Id, theme);
            }

            return page;
        }

        /// <summary>
        /// Submits one thumbnail and waits, on the app's own job events, for the worker to deliver it; a job that
        /// fails for good, or never finishes, fails the fixture with the job's own account of what happened.
        /// </summary>
        private async Task<Guid> RenderOneAssetAsync(Guid userId)
        {
            var factory = Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
            var done = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
            Guid jobId = default;
            var jobIdKnown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            async Task CheckAsync()
            {
                await jobIdKnown.Task;
                await using var db = await factory.CreateDbContextAsync();
                if (await db.Assets.Where(a => a.JobId == jobId).Select(a => (Guid?)a.Id).FirstOrDefaultAsync() is { } id)
                {
                    done.TrySetResult(id);
                }
                else if (await db.GenerationJobs.SingleAsync(j => j.Id == jobId) is { Status: JobStatus.Failed } failed)
                {
                    done.TrySetException(new InvalidOperationException(
                        $"The fixture's thumbnail failed after {failed.RenderAttempts} attempts: {failed.ErrorMessage}"));
                }
            }

            using var subscription = Services.GetRequiredService<JobEvents>().Subscribe(userId, async _ =>
            {
                try
                {
                    await CheckAsync();
                }
                catch (Exception e)
                {
                    done.TrySetException(e);
                }
            });
            // Events published before this process LISTENs would be missed.
            await Services.GetRequiredService<JobEvents>().WhenListeningAsync();
            await using (var scope = Services.CreateAsyncScope())
            {
                jobId = await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(userId, new GenerationRequest
                {
                    AssetTypes = [AssetType.Thumbnail],
                    Headline = "Road to Diamond",
                });
            }

            jobIdKnown.SetResult();
            try
            {
                return await done.Task.WaitAsync(TimeSpan.FromMinutes(3));
            }
            catch (TimeoutException)
            {
                await using var db = await factory.CreateDbContextAsync();
                var job = await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
                throw new TimeoutException($"The fixture's thumbnail was not delivered in 3 minutes: status {job.Status}, " +
                                           $"{job.RenderAttempts} attempts, claimed {job.ClaimedAt:O}, error \"{job.ErrorMessage}\". {HangfireReport.Describe(Services)}");
            }
        }

        /// <summary>Connects the sandbox's YouTube channel through its consent and syncs it, so /channels has figures, a chart and videos.</summary>
        private async Task ConnectSandboxChannelAsync(Guid userId)
        {
            await using var scope = Services.CreateAsyncScope();
            var connections = scope.ServiceProvider.GetRequiredService<ChannelConnections>();
            var start = await connections.StartAsync(userId, Platform.Youtube, "http://127.0.0.1/channels/callback/youtube");
            var back = QueryHelpers.ParseQuery(new Uri(Services.GetRequiredService<PlatformSandbox>().Decide(start.AuthorizeUrl, true)).Query);
            var message = await connections.CallbackAsync(userId, Platform.Youtube, start.BrowserValue, back["state"], back["code"], null);
            var connectionId = (await connections.OverviewAsync(userId)).Channels.SingleOrDefault()?.ConnectionId
                               ?? throw new InvalidOperationException($"Connecting the sandbox's YouTube channel failed: {message}");
            try
            {
                await scope.ServiceProvider.GetRequiredService<ChannelSync>().SyncNowAsync(userId, connectionId);
            }
            catch (RequestRefusedException)
            {
                // This app runs the job server: its minute's sync claimed the connection first and stores the same figures.
            }
        }

        private async Task AddFailedJobAsync(Guid userId)
        {
            var now = DateTimeOffset.UtcNow;
            await using var db = await Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContextAsync();
            db.GenerationJobs.Add(new GenerationJob
            {
                Id = Guid.NewGuid(),
                UserId = userId,
                Status = JobStatus.Failed,
                JobType = JobType.Single,
                AssetType = AssetType.Thumbnail,
                CustomPrompt = "Broken on purpose",
                TotalAssets = 1,
                FailedAssets = 1,
                QueuedAt = now,
                CompletedAt = now,
                ErrorMessage = "The renderer could not draw this layout.",
                CreatedAt = now,
                UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        public override async Task DisposeAsync()
        {
            foreach (var page in _pages.Values)
            {
                await page.Context.DisposeAsync();
            }

            await base.DisposeAsync();
        }
    }
}
