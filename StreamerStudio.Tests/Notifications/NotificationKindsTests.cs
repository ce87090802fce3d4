using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Notifications;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Domain.Platforms.Sync;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Notifications;

/// <summary>
/// Every <see cref="NotificationKind"/> raised by what really causes it, through the service that causes it: the worker
/// delivering or failing jobs, the allowance charged on delivery, credits spent on submission, Stripe's signed webhooks
/// on the real endpoint (against the Stripe sandbox the app starts in Development), the daily reminders on a fake clock,
/// a channel sync refused by the platform sandbox, an admin's message. Each cause must leave exactly its kind for its
/// creator (next to the ones it obviously also causes), with a title and a link to a page of the app, and nothing of that
/// kind for a second creator, who for the sweeps is a near miss. A kind added without a row fails
/// <see cref="Every_kind_has_a_row"/>.
/// </summary>
public sealed class NotificationKindsTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <param name="Title">What the notification's title says (in part).</param>
    /// <param name="Link">Where it sends the creator; null for none.</param>
    /// <param name="Also">The other kinds the same cause rightly raises for the creator (a subscription starting is a plan change too).</param>
    private sealed record Expected(string Title, string? Link, params NotificationKind[] Also);

    private delegate Task<Expected> Cause(NotificationKindsTests test, Guid creator, Guid bystander);

    private static readonly Dictionary<NotificationKind, Cause> Causes = new()
    {
        [NotificationKind.JobFinished] = (t, creator, _) => t.ThumbnailFinishesAsync(creator),
        [NotificationKind.JobFailed] = (t, creator, _) => t.ThumbnailFailsForGoodAsync(creator),
        [NotificationKind.PackFinished] = (t, creator, _) => t.PackFinishesAsync(creator),
        [NotificationKind.PackFailed] = (t, creator, _) => t.PackFailsAsync(creator),
        [NotificationKind.AllowanceNearlyUsed] = (t, creator, _) => t.AllowanceChargedAsync(creator, variations: 4),
        [NotificationKind.AllowanceUsedUp] = (t, creator, _) => t.AllowanceChargedAsync(creator, variations: 5),
        [NotificationKind.CreditsLow] = (t, creator, _) => t.CreditsSpentAsync(creator),
        [NotificationKind.PaymentFailed] = (t, creator, _) => t.PaymentFailsAsync(creator),
        [NotificationKind.PaymentRecovered] = (t, creator, _) => t.PaymentRecoversAsync(creator),
        [NotificationKind.PlanChanged] = (t, creator, _) => t.UpgradesAsync(creator),
        [NotificationKind.RenewalComing] = (t, creator, bystander) => t.YearlyPlanRenewsSoonAsync(creator, bystander),
        [NotificationKind.AssetExpiring] = (t, creator, bystander) => t.FreeAssetExpiresSoonAsync(creator, bystander),
        [NotificationKind.ChannelNeedsReconnect] = (t, creator, bystander) => t.PlatformRefusesRefreshAsync(creator, bystander),
        [NotificationKind.AdminMessage] = (t, creator, _) => t.AdminWritesAsync(creator),
    };

    public static TheoryData<NotificationKind> EveryKind() => [.. Causes.Keys];

    [Fact]
    public void Every_kind_has_a_row()
    {
        Assert.Equal(Enum.GetValues<NotificationKind>().Order(), Causes.Keys.Order());
        Assert.Equal(Enum.GetValues<NotificationKind>().Order(), NotificationKinds.All.Select(k => k.Kind).Order());
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public async Task Its_real_cause_tells_the_creator_once_and_nobody_else(NotificationKind kind)
    {
        var creator = await NewCreatorAsync();
        var bystander = await NewCreatorAsync();

        var expected = await Causes[kind](this, creator, bystander);

        var told = await NotificationsOfAsync(creator);
        Assert.Equal(expected.Also.Append(kind).Order(), told.Select(n => n.Kind).Order());
        var notification = told.Single(n => n.Kind == kind);
        Assert.Contains(expected.Title, notification.Title);
        Assert.False(string.IsNullOrWhiteSpace(notification.Message));
        Assert.Equal(expected.Link, notification.Link);
        if (expected.Link is { } link)
        {
            Assert.True(IsPageOfTheApp(link), $"{link} is not a page of the app.");
        }

        // Nobody had that job on screen, so it is news: unread, and counted on the bell.
        Assert.False(notification.IsRead);
        Assert.DoesNotContain(await NotificationsOfAsync(bystander), n => n.Kind == kind);
    }

    [Fact]
    public async Task A_job_the_creator_watches_finish_on_the_jobs_page_does_not_count_on_the_bell()
    {
        await using var creator = await app.SignInNewUserAsync();
        var userId = creator.User.Id;
        var jobId = await SubmitAsync(userId, Thumbnail);
        var page = creator.Page;
        await page.GotoAsync("/jobs");
        await page.WaitForCircuitAsync();
        // Visible once the live page has loaded its jobs (the prerendered card is replaced when the circuit starts).
        var card = page.Locator($"[data-job-id='{jobId}']");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "queued");
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = app.Services.GetRequiredService<JobEvents>().SubscribeNotifications(userId, change =>
        {
            if (!change.IsNew)
            {
                seen.TrySetResult();
            }

            return Task.CompletedTask;
        });

        await RenderAsync(jobId);

        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        await seen.Task.WaitAsync(Patience);
        var notification = Assert.Single(await NotificationsOfAsync(userId));
        Assert.Equal(NotificationKind.JobFinished, notification.Kind);
        Assert.True(notification.IsRead);
        Assert.Equal(0, await app.Services.GetRequiredService<NotificationService>().UnreadCountAsync(userId));
        await Assertions.Expect(page.GetByTestId("bell")).ToHaveAttributeAsync("aria-label", "Notifications, none unread");
    }

    // ---- The causes, one per kind ----

    private static readonly GenerationRequest Thumbnail = new()
    {
        JobType = JobType.Single,
        AssetTypes = [AssetType.Thumbnail],
        Headline = "Ranked grind tonight",
    };

    private static readonly GenerationRequest Pack = new()
    {
        JobType = JobType.Batch,
        AssetTypes = [AssetType.Thumbnail, AssetType.ClipCover],
        Headline = "Stream pack",
    };

    private static GenerationRequest Variations(int count) => new()
    {
        JobType = JobType.Variation,
        AssetTypes = [AssetType.Thumbnail],
        Headline = "Which one wins",
        Variations = count,
    };

    private async Task<Expected> ThumbnailFinishesAsync(Guid creator)
    {
        await RenderAsync(await SubmitAsync(creator, Thumbnail));
        return new Expected("Your YouTube thumbnail is ready", "/jobs");
    }

    private async Task<Expected> ThumbnailFailsForGoodAsync(Guid creator)
    {
        BreakStorageOf(creator);
        var jobId = await SubmitAsync(creator, Thumbnail);

        await RenderAsync(jobId);

        Assert.Equal(JobStatus.Failed, await StatusAsync(jobId));
        return new Expected("Your YouTube thumbnail could not be made", "/jobs");
    }

    private async Task<Expected> PackFinishesAsync(Guid creator)
    {
        await RenderAsync(await SubmitAsync(creator, Pack));
        return new Expected("Your pack is ready", "/jobs");
    }

    private async Task<Expected> PackFailsAsync(Guid creator)
    {
        BreakStorageOf(creator);
        var packId = await SubmitAsync(creator, Pack);

        await RenderAsync(packId);

        Assert.Equal(JobStatus.Failed, await StatusAsync(packId));
        return new Expected("Your pack could not be made", "/jobs");
    }

    /// <summary>Free allows 5 a month: delivering 4 (or 5) of them charges the allowance to 80 % (or all of it).</summary>
    private async Task<Expected> AllowanceChargedAsync(Guid creator, int variations)
    {
        await RenderAsync(await SubmitAsync(creator, Variations(variations)));
        return variations == 5
            ? new Expected("You have used this month's allowance", "/billing", NotificationKind.PackFinished)
            : new Expected("80% of this month's allowance used", "/billing", NotificationKind.PackFinished);
    }

    /// <summary>10 credits bought through Checkout; with the allowance used up, spending 4 leaves 6 (not low), 2 more leave 4.</summary>
    private async Task<Expected> CreditsSpentAsync(Guid creator)
    {
        var customerId = await CustomerAsync(creator);
        await DeliverAsync("checkout.session.completed", StripeSignatures.CheckoutSessionJson($"cs_{Guid.NewGuid():N}", "payment", customerId, null,
            creator.ToString(), metadata: new() { ["credits"] = "10" }));
        await SubmitAsync(creator, Variations(5));
        await SubmitAsync(creator, Variations(4));
        Assert.Empty(await NotificationsOfAsync(creator));

        await SubmitAsync(creator, Variations(2));

        return new Expected("Your credits are running low", "/billing");
    }

    private async Task<Expected> PaymentFailsAsync(Guid creator)
    {
        var (customerId, subscription) = await SubscribeAsync(creator, StripeSettings.Pro.MonthlyPriceId!, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29));

        await DeliverAsync("invoice.payment_failed", StripeSignatures.InvoiceJson($"in_{Guid.NewGuid():N}", customerId, subscription.Id, 900, "usd",
            "subscription_cycle", subscription.PeriodEnd, subscription.PeriodEnd.AddDays(30), status: "open", attemptCount: 1));

        return new Expected("Your payment did not go through", "/billing", NotificationKind.PlanChanged);
    }

    private async Task<Expected> PaymentRecoversAsync(Guid creator)
    {
        await PaymentFailsAsync(creator);
        await using var db = NewContext();
        var customerId = await db.Users.Where(u => u.Id == creator).Select(u => u.StripeCustomerId!).SingleAsync();
        var subscription = await db.Subscriptions.AsNoTracking().SingleAsync(s => s.UserId == creator);

        await DeliverAsync("invoice.paid", StripeSignatures.InvoiceJson($"in_{Guid.NewGuid():N}", customerId, subscription.StripeSubscriptionId!, 900,
            "usd", "subscription_cycle", subscription.CurrentPeriodEnd!.Value, subscription.CurrentPeriodEnd.Value.AddDays(30)));

        return new Expected("Your payment went through", "/billing", NotificationKind.PlanChanged, NotificationKind.PaymentFailed);
    }

    private async Task<Expected> UpgradesAsync(Guid creator)
    {
        await SubscribeAsync(creator, StripeSettings.Pro.MonthlyPriceId!, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29));
        return new Expected("You are now on Pro", "/billing");
    }

    /// <summary>
    /// A yearly Pro plan bought today, and the daily reminders run a year on: not 8 days before it renews, once 6 days
    /// before. The bystander's monthly plan renews in that same week and is not a yearly renewal.
    /// </summary>
    private async Task<Expected> YearlyPlanRenewsSoonAsync(Guid creator, Guid bystander)
    {
        var start = WholeSecondsNow();
        var renews = start.AddDays(365);
        await SubscribeAsync(creator, StripeSettings.Pro.YearlyPriceId!, start, renews);
        await SubscribeAsync(bystander, StripeSettings.Pro.MonthlyPriceId!, renews.AddDays(-31), renews.AddDays(-1));
        var clock = new FakeTimeProvider(renews.AddDays(-8));

        Assert.Equal(0, await RemindersOn(clock).RunAsync());
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await RemindersOn(clock).RunAsync());

        return new Expected($"Your Pro plan renews on {renews:d MMMM yyyy}", "/billing", NotificationKind.PlanChanged);
    }

    /// <summary>
    /// Free keeps assets 30 days. On a clock far from every other test's assets, the creator's thumbnail is made, the
    /// bystander's 10 days later; 27 days on, only the creator's is within 3 days of going.
    /// </summary>
    private async Task<Expected> FreeAssetExpiresSoonAsync(Guid creator, Guid bystander)
    {
        var clock = new FakeTimeProvider(WholeSecondsNow().AddDays(1000));
        await RenderAsync(await SubmitAsync(creator, Thumbnail), clock);
        clock.Advance(TimeSpan.FromDays(10));
        await RenderAsync(await SubmitAsync(bystander, Thumbnail), clock);
        clock.Advance(TimeSpan.FromDays(17) + TimeSpan.FromHours(1));

        Assert.Equal(1, await RemindersOn(clock).RunAsync());

        await using var db = NewContext();
        var assetId = await db.Assets.Where(a => a.UserId == creator).Select(a => a.Id).SingleAsync();
        return new Expected("An asset expires in 3 days", $"/gallery/{assetId}", NotificationKind.JobFinished);
    }

    /// <summary>
    /// The creator revokes Streamer Studio on Twitch; the next sync run gets a 401 and a refused refresh. The bystander's
    /// YouTube channel syncs in the same run.
    /// </summary>
    private async Task<Expected> PlatformRefusesRefreshAsync(Guid creator, Guid bystander)
    {
        var twitch = await ConnectAsync(creator, Platform.Twitch);
        var youtube = await ConnectAsync(bystander, Platform.Youtube);
        PlatformSandbox.RevokeEverything(Platform.Twitch);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(new SyncRun(1, 1), await scope.ServiceProvider.GetRequiredService<ChannelSync>().RunAsync());
        }

        await using var db = NewContext();
        Assert.Equal(ConnectionStatus.NeedsReconnect, await db.PlatformConnections.Where(c => c.Id == twitch).Select(c => c.Status).SingleAsync());
        Assert.NotNull(await db.PlatformConnections.Where(c => c.Id == youtube).Select(c => c.LastSyncedAt).SingleAsync());
        return new Expected("Reconnect your Twitch channel", "/channels");
    }

    private async Task<Expected> AdminWritesAsync(Guid creator)
    {
        var admin = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password, Roles.Admin)).Id;
        await using var scope = app.Services.CreateAsyncScope();

        await scope.ServiceProvider.GetRequiredService<AdminMessages>().SendAsync(admin, creator, "Scheduled maintenance", "We restart at 02:00 UTC.");

        // The message is the whole point; it has nowhere else to send the creator.
        return new Expected("Scheduled maintenance", null);
    }

    // ---- Helpers ----

    private StripeOptions StripeSettings => app.Services.GetRequiredService<IOptions<StripeOptions>>().Value;

    private PlatformSandbox PlatformSandbox => app.Services.GetRequiredService<PlatformSandbox>();

    private StudioDbContext NewContext() => TestPostgres.CreateContext(app.ConnectionString);

    private async Task<Guid> NewCreatorAsync() => (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;

    private async Task<List<Notification>> NotificationsOfAsync(Guid userId)
    {
        await using var db = NewContext();
        return await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).ToListAsync();
    }

    private static DateTimeOffset WholeSecondsNow() => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private NotificationReminders RemindersOn(TimeProvider clock)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        return new NotificationReminders(factory, new NotificationService(factory, clock), clock);
    }

    private async Task<Guid> SubmitAsync(Guid userId, GenerationRequest request)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(userId, request);
    }

    private async Task<JobStatus> StatusAsync(Guid jobId)
    {
        await using var db = NewContext();
        return await db.GenerationJobs.Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync();
    }

    /// <summary>
    /// Runs the worker (this app has no job server) on each of the job's outputs until it is settled: delivered, or
    /// failed for good once its attempts are used up, as Hangfire would run it again after each retry delay.
    /// </summary>
    private async Task RenderAsync(Guid jobId, TimeProvider? clock = null)
    {
        var attempts = app.Services.GetRequiredService<IOptions<GenerationOptions>>().Value.MaxAttempts;
        List<Guid> outputs;
        await using (var db = NewContext())
        {
            outputs = await db.GenerationJobs.Where(j => j.ParentJobId == jobId).Select(j => j.Id).ToListAsync();
        }

        foreach (var output in outputs.DefaultIfEmpty(jobId))
        {
            for (var attempt = 0; attempt < attempts && await StatusAsync(output) is JobStatus.Queued or JobStatus.Processing; attempt++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var worker = clock is null
                    ? scope.ServiceProvider.GetRequiredService<GenerationWorker>()
                    : ActivatorUtilities.CreateInstance<GenerationWorker>(scope.ServiceProvider, clock);
                await worker.RenderAsync(output, CancellationToken.None);
            }

            Assert.True(await StatusAsync(output) is JobStatus.Completed or JobStatus.Failed, $"Job {output} did not settle.");
        }
    }

    /// <summary>A real failure on every attempt: where the creator's asset folder should be, there is a file.</summary>
    private void BreakStorageOf(Guid userId)
    {
        var assets = Path.Combine(app.DataFolder, "assets", "u");
        Directory.CreateDirectory(assets);
        File.WriteAllText(Path.Combine(assets, userId.ToString("N")), "not a folder");
    }

    /// <summary>The creator as a Stripe customer, made the way the app makes one: by starting a Checkout.</summary>
    private async Task<string> CustomerAsync(Guid userId)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BillingService>().StartCheckoutAsync(userId, SubscriptionTier.Pro, yearly: false, "http://studio.test/");
        }

        await using var db = NewContext();
        return (await db.Users.Where(u => u.Id == userId).Select(u => u.StripeCustomerId).SingleAsync())!;
    }

    /// <summary>A subscription as Stripe holds it, announced by its signed <c>customer.subscription.created</c>.</summary>
    private async Task<(string CustomerId, SandboxSubscription Subscription)> SubscribeAsync(Guid userId, string priceId, DateTimeOffset start,
        DateTimeOffset end)
    {
        var customerId = await CustomerAsync(userId);
        var subscription = new SandboxSubscription($"sub_{Guid.NewGuid():N}", customerId, priceId, "active", start, end);
        app.Services.GetRequiredService<StripeSandbox>().SetSubscription(subscription);
        await DeliverAsync("customer.subscription.created", StripeSignatures.SubscriptionJson(subscription));
        return (customerId, subscription);
    }

    /// <summary>Posts the event to the app's webhook endpoint signed as Stripe signs it; it must be taken.</summary>
    private async Task DeliverAsync(string type, string dataObjectJson)
    {
        var json = StripeSignatures.Event(type, dataObjectJson);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{app.BaseUrl}/stripe/webhook")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", StripeSignatures.Header(json, StripeSettings.WebhookSecret!, DateTimeOffset.UtcNow));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A channel connected through the platform sandbox's consent, as the creator connects one.</summary>
    private async Task<Guid> ConnectAsync(Guid userId, Platform platform)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ChannelConnections>();
        var start = await connections.StartAsync(userId, platform, $"http://127.0.0.1/channels/callback/{platform.ToString().ToLowerInvariant()}");
        var back = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(PlatformSandbox.Decide(start.AuthorizeUrl, true)).Query);
        await connections.CallbackAsync(userId, platform, start.BrowserValue, back["state"], back["code"], null);
        return Assert.Single((await connections.OverviewAsync(userId)).Channels).ConnectionId;
    }

    /// <summary>Whether <paramref name="link"/> opens one of the app's pages (a <c>@page</c> route; <c>{X:guid}</c> takes a Guid).</summary>
    private static bool IsPageOfTheApp(string link)
    {
        var segments = link.Split('?')[0].Trim('/').Split('/');
        return typeof(StreamerStudio.Web.StudioApp).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template.Trim('/').Split('/'))
            .Any(template => template.Length == segments.Length && template.Zip(segments).All(p => p.First switch
            {
                var guid when guid.StartsWith('{') && guid.EndsWith(":guid}") => Guid.TryParse(p.Second, out _),
                var literal => literal.Equals(p.Second, StringComparison.OrdinalIgnoreCase),
            }));
    }
}
