using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Tests.Security;
using StreamerStudio.Web.Sandbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace StreamerStudio.Tests.Billing;

/// <summary>Checkout, portal and every webhook we handle, against the real app and database and a fake Stripe.</summary>
public sealed class BillingTests(BillingAppFixture app) : IClassFixture<BillingAppFixture>
{
    private BillingService Billing => app.Services.CreateScope().ServiceProvider.GetRequiredService<BillingService>();

    /// <summary>A creator who has been through Checkout once, so Stripe knows them as a customer.</summary>
    private async Task<(Guid UserId, string CustomerId)> CustomerAsync()
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        await Billing.StartCheckoutAsync(user.Id, SubscriptionTier.Pro, yearly: false, "http://studio.test/");
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return (user.Id, (await db.Users.Where(u => u.Id == user.Id).Select(u => u.StripeCustomerId).SingleAsync())!);
    }

    private async Task<Subscription> SubscriptionOfAsync(Guid userId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.Subscriptions.AsNoTracking().SingleAsync(s => s.UserId == userId);
    }

    private SandboxSubscription Stripe(string customerId, string status = "active", string price = BillingAppFixture.ProMonthly, string? id = null) =>
        new(id ?? $"sub_{Guid.NewGuid():N}", customerId, price, status, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29));

    private async Task<HttpStatusCode> SubscriptionEventAsync(string type, SandboxSubscription stateInEvent, string? eventId = null) =>
        (await app.DeliverAsync(StripeSignatures.Event(type, StripeSignatures.SubscriptionJson(stateInEvent), eventId))).StatusCode;

    [Fact]
    public async Task Upgrade_creates_the_customer_once_and_a_subscription_checkout_back_to_billing()
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");

        var first = await Billing.StartCheckoutAsync(user.Id, SubscriptionTier.Pro, false, "http://studio.test/");
        var second = await Billing.StartCheckoutAsync(user.Id, SubscriptionTier.Studio, false, "http://studio.test/");

        Assert.StartsWith($"{app.Stripe.BaseUrl}/pay/cs_", first);
        Assert.NotEqual(first, second);
        Assert.Single(app.Stripe.Customers, c => c.Email == user.Email);
        var request = app.Stripe.CheckoutRequests.Last(r => r.GetValueOrDefault("client_reference_id") == user.Id.ToString());
        Assert.Equal("subscription", request["mode"]);
        Assert.Equal(BillingAppFixture.StudioMonthly, request["line_items[0][price]"]);
        Assert.Equal("http://studio.test/billing?checkout=success", request["success_url"]);
        Assert.Equal("http://studio.test/billing?checkout=cancelled", request["cancel_url"]);
    }

    [Fact]
    public async Task Manage_billing_opens_the_portal_returning_to_billing_and_needs_a_customer()
    {
        var newcomer = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        await Assert.ThrowsAsync<RequestRefusedException>(() => Billing.StartPortalAsync(newcomer.Id, "http://studio.test/"));

        var (userId, customerId) = await CustomerAsync();
        var url = await Billing.StartPortalAsync(userId, "http://studio.test/");

        Assert.StartsWith($"{app.Stripe.BaseUrl}/portal/bps_", url);
        var request = app.Stripe.PortalRequests.Last(r => r["customer"] == customerId);
        Assert.Equal("http://studio.test/billing", request["return_url"]);
    }

    [Fact]
    public async Task Forged_stale_future_altered_or_unsigned_webhooks_are_refused_and_change_nothing()
    {
        var (userId, customerId) = await CustomerAsync();
        var subscription = Stripe(customerId);
        app.Stripe.SetSubscription(subscription);
        var json = StripeSignatures.Event("customer.subscription.created", StripeSignatures.SubscriptionJson(subscription));

        await AssertShortTextRefusalAsync(await app.DeliverAsync(json, secret: "whsec_someone_else"));
        await AssertShortTextRefusalAsync(await app.DeliverAsync(json, at: DateTimeOffset.UtcNow.AddSeconds(-301)));
        await AssertShortTextRefusalAsync(await app.DeliverAsync(json, at: DateTimeOffset.UtcNow.AddSeconds(360)));
        await AssertShortTextRefusalAsync(await app.DeliverAsync(json, body: json.Replace("active", "trialing")));
        await AssertShortTextRefusalAsync(await app.DeliverAsync(json, secret: null));

        Assert.Equal(SubscriptionTier.Free, (await SubscriptionOfAsync(userId)).Tier);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.False(await db.StripeEvents.AnyAsync(e => json.Contains(e.Id)));
    }

    /// <summary>A 400 with a line of text saying why, not the not-found page the status code pages would render.</summary>
    private static async Task AssertShortTextRefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.InRange((await response.Content.ReadAsStringAsync()).Length, 1, 100);
    }

    private const int TwentyMegabytes = 20 * 1024 * 1024;

    [Fact]
    public async Task An_unsigned_webhook_is_refused_with_a_short_text_before_its_body_arrives()
    {
        // None of the announced 20 MB is ever sent: had the server waited to read it, there would be no answer.
        var response = await app.SendWithheldBodyAsync($"Content-Type: application/json\r\nContent-Length: {TwentyMegabytes}\r\n");

        Assert.Equal(400, response.StatusCode);
        Assert.StartsWith("text/plain", response.ContentType);
        Assert.Equal("Stripe-Signature header missing.", response.Body);
    }

    [Fact]
    public async Task A_webhook_announcing_more_than_the_limit_is_refused_before_its_body_arrives()
    {
        var response = await app.SendWithheldBodyAsync(
            $"Content-Type: application/json\r\nStripe-Signature: t=1,v1=00\r\nContent-Length: {TwentyMegabytes}\r\n");

        Assert.Equal(413, response.StatusCode);
        Assert.StartsWith("text/plain", response.ContentType);
        Assert.Equal($"Body over {new StripeOptions().WebhookMaxBytes} bytes.", response.Body);
    }

    [Fact]
    public async Task A_chunked_webhook_is_refused_once_past_the_limit_without_waiting_for_the_rest()
    {
        var limit = new StripeOptions().WebhookMaxBytes;
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');

        // A little over the limit is sent and the body never ends: reading it to the end would wait forever.
        var response = await app.SendWithheldBodyAsync(
            "Content-Type: application/json\r\nStripe-Signature: t=1,v1=00\r\nTransfer-Encoding: chunked\r\n",
            async body =>
            {
                for (var sent = 0; sent <= limit; sent += chunk.Length)
                {
                    await body.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
                    await body.WriteAsync(chunk);
                    await body.WriteAsync("\r\n"u8.ToArray());
                }
            });

        Assert.Equal(413, response.StatusCode);
        Assert.StartsWith("text/plain", response.ContentType);
    }

    [Fact]
    public async Task A_signed_event_sent_chunked_without_a_length_is_applied()
    {
        var (userId, customerId) = await CustomerAsync();
        var subscription = Stripe(customerId);
        app.Stripe.SetSubscription(subscription);

        var response = await app.DeliverAsync(
            StripeSignatures.Event("customer.subscription.created", StripeSignatures.SubscriptionJson(subscription)), chunked: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SubscriptionTier.Pro, (await SubscriptionOfAsync(userId)).Tier);
    }

    [Fact]
    public async Task A_new_subscription_moves_the_creator_to_pro_with_its_limits_and_keeps_their_assets_for_good()
    {
        var (userId, customerId) = await CustomerAsync();
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            db.Assets.Add(new Asset
            {
                UserId = userId, AssetType = AssetType.Thumbnail, Width = 1, Height = 1, StorageKey = $"k/{Guid.NewGuid():N}",
                ExpiresAt = DateTimeOffset.UtcNow.AddDays(10),
            });
            await db.SaveChangesAsync();
        }

        var subscription = Stripe(customerId);
        app.Stripe.SetSubscription(subscription);

        Assert.Equal(HttpStatusCode.OK, await SubscriptionEventAsync("customer.subscription.created", subscription));

        var plan = await SubscriptionOfAsync(userId);
        Assert.Equal((SubscriptionTier.Pro, SubscriptionStatus.Active, 100, 3), (plan.Tier, plan.Status, plan.AssetsLimit, plan.PlatformsLimit));
        Assert.Equal(subscription.Id, plan.StripeSubscriptionId);
        Assert.Equal(subscription.PeriodEnd.ToUnixTimeSeconds(), plan.CurrentPeriodEnd!.Value.ToUnixTimeSeconds());
        await using var check = TestPostgres.CreateContext(app.ConnectionString);
        Assert.Equal(SubscriptionTier.Pro, await check.Users.Where(u => u.Id == userId).Select(u => u.SubscriptionTier).SingleAsync());
        Assert.False(await check.Assets.AnyAsync(a => a.UserId == userId && a.ExpiresAt != null));
    }

    [Fact]
    public async Task Checkout_completed_applies_the_subscription_it_created()
    {
        var (userId, customerId) = await CustomerAsync();
        var subscription = Stripe(customerId, price: BillingAppFixture.StudioMonthly);
        app.Stripe.SetSubscription(subscription);
        var session = StripeSignatures.CheckoutSessionJson($"cs_{Guid.NewGuid():N}", "subscription", customerId, subscription.Id, userId.ToString());

        var response = await app.DeliverAsync(StripeSignatures.Event("checkout.session.completed", session));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await SubscriptionOfAsync(userId);
        Assert.Equal((SubscriptionTier.Studio, -1, -1), (plan.Tier, plan.AssetsLimit, plan.PlatformsLimit));
    }

    [Fact]
    public async Task Order_is_not_trusted_an_older_incomplete_event_arriving_last_leaves_the_plan_active()
    {
        var (userId, customerId) = await CustomerAsync();
        var current = Stripe(customerId);
        app.Stripe.SetSubscription(current);

        await SubscriptionEventAsync("customer.subscription.updated", current);
        await SubscriptionEventAsync("customer.subscription.created", current with { Status = "incomplete" });

        var plan = await SubscriptionOfAsync(userId);
        Assert.Equal((SubscriptionTier.Pro, SubscriptionStatus.Active), (plan.Tier, plan.Status));
    }

    [Fact]
    public async Task A_duplicate_has_no_second_effect_also_when_ten_copies_arrive_at_once()
    {
        var (userId, customerId) = await CustomerAsync();
        var subscription = Stripe(customerId);
        app.Stripe.SetSubscription(subscription);
        await SubscriptionEventAsync("customer.subscription.created", subscription);
        var invoice = StripeSignatures.InvoiceJson($"in_{Guid.NewGuid():N}", customerId, subscription.Id, 900, "usd", "subscription_create",
            subscription.PeriodStart, subscription.PeriodEnd);
        var json = StripeSignatures.Event("invoice.paid", invoice);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.DeliverAsync(json)));
        var again = await app.DeliverAsync(json);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var payment = Assert.Single(await db.Payments.Where(p => p.UserId == userId).ToListAsync());
        Assert.Equal((900L, "usd", subscription.Id), (payment.AmountCents, payment.Currency, payment.SubscriptionId));
    }

    [Fact]
    public async Task A_failed_payment_makes_the_plan_past_due_and_the_next_paid_renewal_resolves_it_and_resets_usage()
    {
        var (userId, customerId) = await CustomerAsync();
        var subscription = Stripe(customerId);
        app.Stripe.SetSubscription(subscription);
        await SubscriptionEventAsync("customer.subscription.created", subscription);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.Subscriptions.Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.AssetsUsed, 42));

        var failed = StripeSignatures.InvoiceJson($"in_{Guid.NewGuid():N}", customerId, subscription.Id, 0, "usd", "subscription_cycle",
            subscription.PeriodEnd, subscription.PeriodEnd.AddDays(30), status: "open", attemptCount: 2);
        Assert.Equal(HttpStatusCode.OK, (await app.DeliverAsync(StripeSignatures.Event("invoice.payment_failed", failed))).StatusCode);

        Assert.Equal(SubscriptionStatus.PastDue, (await SubscriptionOfAsync(userId)).Status);
        var failure = await db.PaymentFailures.SingleAsync(f => f.UserId == userId);
        Assert.Equal((2, (DateTimeOffset?)null), (failure.AttemptCount, failure.ResolvedAt));
        Assert.True((await Billing.GetOverviewAsync(userId)).PaymentFailed);
        Assert.True(await app.Services.CreateScope().ServiceProvider.GetRequiredService<StreamerStudio.Domain.Accounts.AccountService>().HasPaymentProblemAsync(userId));

        var paid = StripeSignatures.InvoiceJson($"in_{Guid.NewGuid():N}", customerId, subscription.Id, 900, "usd", "subscription_cycle",
            subscription.PeriodEnd, subscription.PeriodEnd.AddDays(30));
        await app.DeliverAsync(StripeSignatures.Event("invoice.paid", paid));

        Assert.NotNull(await db.PaymentFailures.Where(f => f.UserId == userId).Select(f => f.ResolvedAt).SingleAsync());
        Assert.Equal(0, (await SubscriptionOfAsync(userId)).AssetsUsed);
    }

    [Fact]
    public async Task Cancelling_downgrades_to_free_deletes_nothing_and_new_work_beyond_the_limit_is_refused()
    {
        var (userId, customerId) = await CustomerAsync();
        var subscription = Stripe(customerId);
        app.Stripe.SetSubscription(subscription);
        await SubscriptionEventAsync("customer.subscription.created", subscription);
        using (var scope = app.Services.CreateScope())
        {
            var generation = scope.ServiceProvider.GetRequiredService<GenerationService>();
            await generation.SubmitAsync(userId, new GenerationRequest { AssetTypes = [AssetType.Thumbnail], Headline = "Pro", JobType = JobType.Variation, Variations = 6 });
        }

        app.Stripe.SetSubscription(subscription with { Status = "canceled" });
        await SubscriptionEventAsync("customer.subscription.deleted", subscription with { Status = "canceled" });

        var plan = await SubscriptionOfAsync(userId);
        Assert.Equal((SubscriptionTier.Free, 5, 1), (plan.Tier, plan.AssetsLimit, plan.PlatformsLimit));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.Equal(7, await db.GenerationJobs.CountAsync(j => j.UserId == userId));
        using var refusal = app.Services.CreateScope();
        var error = await Assert.ThrowsAsync<RequestRefusedException>(() => refusal.ServiceProvider.GetRequiredService<GenerationService>()
            .SubmitAsync(userId, new GenerationRequest { AssetTypes = [AssetType.Thumbnail], Headline = "Free again" }));
        Assert.Contains("Free plan includes 5 assets a month", error.Message);
    }

    [Fact]
    public async Task A_credit_pack_adds_its_credits_once_and_they_pay_when_the_allowance_is_used_up_and_come_back_on_failure()
    {
        var (userId, customerId) = await CustomerAsync();
        var session = StripeSignatures.CheckoutSessionJson($"cs_{Guid.NewGuid():N}", "payment", customerId, null, userId.ToString(),
            metadata: new() { ["credits"] = "10" });
        var purchase = StripeSignatures.Event("checkout.session.completed", session);
        await app.DeliverAsync(purchase);
        await app.DeliverAsync(StripeSignatures.Event("checkout.session.completed", session)); // same session, another event id
        Assert.Equal(10, (await Billing.GetOverviewAsync(userId)).Credits);

        using var scope = app.Services.CreateScope();
        var generation = scope.ServiceProvider.GetRequiredService<GenerationService>();
        await generation.SubmitAsync(userId, new GenerationRequest { AssetTypes = [AssetType.Thumbnail], Headline = "Allowance", JobType = JobType.Variation, Variations = 5 });
        var paidWithCredits = await generation.SubmitAsync(userId, new GenerationRequest { AssetTypes = [AssetType.Thumbnail], Headline = "Credits", JobType = JobType.Variation, Variations = 2 });
        Assert.Equal(8, (await Billing.GetOverviewAsync(userId)).Credits);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var child = await db.GenerationJobs.FirstAsync(j => j.ParentJobId == paidWithCredits);
        Assert.Equal(QuotaState.CreditReserved, child.QuotaState);
        var plans = scope.ServiceProvider.GetRequiredService<Plans>();
        await plans.ReleaseAsync(db, child, "generation failed");
        await plans.ReleaseAsync(db, child, "generation failed");
        Assert.Equal(9, (await Billing.GetOverviewAsync(userId)).Credits);
    }

    [Fact]
    public async Task Concurrent_spending_never_takes_the_balance_below_zero()
    {
        var (userId, customerId) = await CustomerAsync();
        await app.DeliverAsync(StripeSignatures.Event("checkout.session.completed",
            StripeSignatures.CheckoutSessionJson($"cs_{Guid.NewGuid():N}", "payment", customerId, null, userId.ToString(), metadata: new() { ["credits"] = "3" })));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.Subscriptions.Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.AssetsUsed, 5));

        var accepted = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var scope = app.Services.CreateScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<GenerationService>()
                    .SubmitAsync(userId, new GenerationRequest { AssetTypes = [AssetType.Thumbnail], Headline = $"Credit {i}" });
                return true;
            }
            catch (RequestRefusedException)
            {
                return false;
            }
        }));

        Assert.Equal(3, accepted.Count(a => a));
        Assert.Equal(0, (await Billing.GetOverviewAsync(userId)).Credits);
        Assert.Equal(0, await db.CreditTransactions.Where(c => c.UserId == userId).MinAsync(c => c.BalanceAfter));
    }
}

/// <summary>
/// Without Stripe keys outside Development the app runs honestly: no sandbox is started or answers, plans are
/// shown, and buying says payments are not configured.
/// </summary>
public sealed class BillingWithoutStripeTests(ProductionAppFixture app) : IClassFixture<ProductionAppFixture>
{
    [Fact]
    public async Task In_production_there_is_no_sandbox_plans_show_and_buying_is_refused_with_a_clear_message()
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        using var scope = app.Services.CreateScope();
        var billing = scope.ServiceProvider.GetRequiredService<BillingService>();

        var overview = await billing.GetOverviewAsync(user.Id);
        var error = await Assert.ThrowsAsync<RequestRefusedException>(() => billing.StartCheckoutAsync(user.Id, SubscriptionTier.Pro, false, "http://x/"));

        Assert.Null(app.Services.GetService<StripeSandbox>());
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s is StripeSandbox);
        var stripe = app.Services.GetRequiredService<IOptions<StripeOptions>>().Value;
        Assert.False(stripe.IsSandbox);
        Assert.True(string.IsNullOrEmpty(stripe.ApiBase));
        Assert.False(overview.PaymentsConfigured);
        Assert.False(overview.Sandbox);
        Assert.Empty(overview.CreditPacks);
        Assert.Equal([SubscriptionTier.Free, SubscriptionTier.Pro, SubscriptionTier.Studio], overview.Plans.Select(p => p.Tier));
        Assert.All(overview.Plans, p => Assert.False(p.Purchasable));
        Assert.Equal(BillingService.NotConfigured, error.Message);
        var webhook = await new HttpClient().PostAsync($"{app.BaseUrl}/stripe/webhook", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, webhook.StatusCode);
    }

    [Fact]
    public async Task In_production_the_billing_page_says_payments_are_not_configured_and_shows_no_sandbox_banner()
    {
        using var creator = await app.SignInOverHttpAsync();

        using var response = await creator.GetAsync("/billing");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"payments-not-configured\"", html);
        Assert.Contains(WebUtility.HtmlEncode(BillingService.NotConfigured), html);
        Assert.DoesNotContain("sandbox-banner", html);
    }
}
