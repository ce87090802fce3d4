using Stripe;
using Stripe.Checkout;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Billing;

/// <summary>
/// The Stripe sandbox through Stripe.net's own services and webhook verification: if these pass, app code that
/// talks to Stripe.net sees the sandbox the way it would see Stripe.
/// </summary>
public sealed class StripeSandboxTests : IAsyncLifetime
{
    private const string WebhookSecret = "whsec_test_secret";
    private static readonly DateTimeOffset PeriodStart = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset PeriodEnd = new(2026, 4, 1, 10, 0, 0, TimeSpan.Zero);

    private StripeSandbox _stripe = default!;

    public async Task InitializeAsync() => _stripe = await StripeSandbox.StartAsync(BillingAppFixture.SecretKey, WebhookSecret, BillingAppFixture.Prices);

    public async Task DisposeAsync() => await _stripe.DisposeAsync();

    [Fact]
    public async Task Creates_a_customer_and_keeps_it()
    {
        var customer = await new CustomerService(_stripe.Client()).CreateAsync(new CustomerCreateOptions
        {
            Email = "ada@example.com",
            Metadata = new() { ["user_id"] = "42" },
        });

        Assert.StartsWith("cus_", customer.Id);
        Assert.Equal("ada@example.com", customer.Email);
        Assert.Equal("42", customer.Metadata["user_id"]);
        Assert.False(customer.Livemode);
        var kept = Assert.Single(_stripe.Customers);
        Assert.Equal(customer.Id, kept.Id);
        Assert.Equal("42", kept.Metadata["user_id"]);
    }

    [Fact]
    public async Task Creates_a_subscription_checkout_session_and_records_its_form_fields()
    {
        var session = await new SessionService(_stripe.Client()).CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            Customer = "cus_ada",
            ClientReferenceId = "user-42",
            SuccessUrl = "http://studio.test/billing?done=1&session={CHECKOUT_SESSION_ID}",
            CancelUrl = "http://studio.test/billing",
            LineItems = [new SessionLineItemOptions { Price = "price_pro_monthly", Quantity = 1 }],
            Metadata = new() { ["plan"] = "pro" },
        });

        Assert.StartsWith("cs_test_", session.Id);
        Assert.Equal($"{_stripe.BaseUrl}/pay/{session.Id}", session.Url);
        Assert.Equal("open", session.Status);
        Assert.Equal("subscription", session.Mode);
        Assert.Equal("cus_ada", session.CustomerId);
        Assert.Equal("user-42", session.ClientReferenceId);
        Assert.Equal("http://studio.test/billing?done=1&session={CHECKOUT_SESSION_ID}", session.SuccessUrl);
        Assert.Equal("pro", session.Metadata["plan"]);

        var form = Assert.Single(_stripe.CheckoutRequests);
        Assert.Equal("subscription", form["mode"]);
        Assert.Equal("price_pro_monthly", form["line_items[0][price]"]);
        Assert.Equal("1", form["line_items[0][quantity]"]);
        Assert.Equal("user-42", form["client_reference_id"]);
        Assert.Equal("pro", form["metadata[plan]"]);

        using var http = new HttpClient();
        Assert.Contains("data-testid=\"sandbox-checkout\"", await http.GetStringAsync(session.Url));
    }

    [Fact]
    public async Task A_checkout_for_a_price_it_does_not_sell_is_refused_as_Stripe_refuses_it()
    {
        var error = await Assert.ThrowsAsync<StripeException>(() => new SessionService(_stripe.Client()).CreateAsync(new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = "http://studio.test/billing",
            LineItems = [new SessionLineItemOptions { Price = "price_unknown", Quantity = 1 }],
        }));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("No such price: 'price_unknown'", error.StripeError.Message);
    }

    [Fact]
    public async Task Creates_a_billing_portal_session()
    {
        var session = await new Stripe.BillingPortal.SessionService(_stripe.Client()).CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = "cus_ada",
            ReturnUrl = "http://studio.test/billing",
        });

        Assert.StartsWith("bps_", session.Id);
        Assert.Equal($"{_stripe.BaseUrl}/portal/{session.Id}", session.Url);
        Assert.Equal("cus_ada", session.Customer);
        Assert.Equal("http://studio.test/billing", session.ReturnUrl);
        var form = Assert.Single(_stripe.PortalRequests);
        Assert.Equal("cus_ada", form["customer"]);
        Assert.Equal("http://studio.test/billing", form["return_url"]);

        using var http = new HttpClient();
        Assert.Contains("data-testid=\"sandbox-portal\"", await http.GetStringAsync(session.Url));
    }

    [Fact]
    public async Task Serves_a_registered_subscription_with_the_period_on_its_item()
    {
        _stripe.SetSubscription(new SandboxSubscription("sub_pro", "cus_ada", "price_pro_monthly", "active", PeriodStart, PeriodEnd,
            CancelAtPeriodEnd: true, Metadata: new() { ["user_id"] = "42" }));

        var subscription = await new SubscriptionService(_stripe.Client())
            .GetAsync("sub_pro", new SubscriptionGetOptions { Expand = ["items.data.price"] });

        Assert.Equal("sub_pro", subscription.Id);
        Assert.Equal("active", subscription.Status);
        Assert.Equal("cus_ada", subscription.CustomerId);
        Assert.True(subscription.CancelAtPeriodEnd);
        Assert.Equal(PeriodEnd.UtcDateTime, subscription.CancelAt);
        Assert.Equal("42", subscription.Metadata["user_id"]);
        var item = Assert.Single(subscription.Items.Data);
        Assert.Equal("price_pro_monthly", item.Price.Id);
        Assert.Equal(PeriodStart.UtcDateTime, item.CurrentPeriodStart);
        Assert.Equal(PeriodEnd.UtcDateTime, item.CurrentPeriodEnd);
    }

    [Fact]
    public async Task A_missing_subscription_is_Stripes_404()
    {
        var error = await Assert.ThrowsAsync<StripeException>(() => new SubscriptionService(_stripe.Client()).GetAsync("sub_missing"));

        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
        Assert.Equal("No such subscription: 'sub_missing'", error.StripeError.Message);
    }

    [Fact]
    public async Task A_request_without_a_secret_key_is_refused()
    {
        using var http = new HttpClient();
        var response = await http.PostAsync($"{_stripe.BaseUrl}/v1/customers", new FormUrlEncodedContent([KeyValuePair.Create("email", "x@example.com")]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"type\":\"invalid_request_error\"", await response.Content.ReadAsStringAsync());
        var refused = await Assert.ThrowsAsync<StripeException>(() => new CustomerService(_stripe.Client("pk_test_publishable")).CreateAsync(new()));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.HttpStatusCode);
        Assert.Empty(_stripe.Customers);
    }

    [Fact]
    public async Task Keeps_every_customer_of_concurrent_requests()
    {
        var customers = new CustomerService(_stripe.Client());

        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => customers.CreateAsync(new() { Email = $"user{i}@example.com" })));

        Assert.Equal(created.Select(c => c.Id).Order(), _stripe.Customers.Select(c => c.Id).Order());
        Assert.Equal(20, created.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void A_signed_subscription_event_is_accepted()
    {
        var json = StripeSignatures.Event("customer.subscription.updated",
            StripeSignatures.SubscriptionJson(new SandboxSubscription("sub_pro", "cus_ada", "price_pro_monthly", "past_due", PeriodStart, PeriodEnd)));

        var header = StripeSignatures.Header(json, WebhookSecret, DateTimeOffset.UtcNow);
        var stripeEvent = Construct(json, header);

        // The event carries Stripe.net's own API version, so the strict default overload accepts it too.
        Assert.Equal(stripeEvent.Id, EventUtility.ConstructEvent(json, header, WebhookSecret).Id);
        Assert.Equal("customer.subscription.updated", stripeEvent.Type);
        Assert.Equal(StripeConfiguration.ApiVersion, stripeEvent.ApiVersion);
        var subscription = Assert.IsType<Subscription>(stripeEvent.Data.Object);
        Assert.Equal("past_due", subscription.Status);
        Assert.False(subscription.CancelAtPeriodEnd);
        Assert.Null(subscription.CancelAt);
        Assert.Equal("price_pro_monthly", subscription.Items.Data[0].Price.Id);
        Assert.Equal(PeriodEnd.UtcDateTime, subscription.Items.Data[0].CurrentPeriodEnd);
    }

    [Fact]
    public void A_signed_invoice_event_names_its_subscription_under_parent()
    {
        var json = StripeSignatures.Event("invoice.paid", StripeSignatures.InvoiceJson(
            "in_1", "cus_ada", "sub_pro", 900, "usd", "subscription_cycle", PeriodStart, PeriodEnd));

        var stripeEvent = Construct(json, StripeSignatures.Header(json, WebhookSecret, DateTimeOffset.UtcNow));

        var invoice = Assert.IsType<Invoice>(stripeEvent.Data.Object);
        Assert.Equal("sub_pro", invoice.Parent.SubscriptionDetails.SubscriptionId);
        Assert.Equal("cus_ada", invoice.CustomerId);
        Assert.Equal(900, invoice.AmountPaid);
        Assert.Equal("usd", invoice.Currency);
        Assert.Equal("subscription_cycle", invoice.BillingReason);
        Assert.Equal("paid", invoice.Status);
        Assert.Equal(1, invoice.AttemptCount);
        var line = Assert.Single(invoice.Lines.Data);
        Assert.Equal(PeriodStart.UtcDateTime, line.Period.Start);
        Assert.Equal(PeriodEnd.UtcDateTime, line.Period.End);
        Assert.Equal("sub_pro", line.Parent.SubscriptionItemDetails.Subscription);
    }

    [Fact]
    public void A_signed_checkout_completed_event_carries_the_session()
    {
        var json = StripeSignatures.Event("checkout.session.completed", StripeSignatures.CheckoutSessionJson(
            "cs_test_1", "subscription", "cus_ada", "sub_pro", "user-42", metadata: new() { ["plan"] = "pro" }));

        var stripeEvent = Construct(json, StripeSignatures.Header(json, WebhookSecret, DateTimeOffset.UtcNow));

        var session = Assert.IsType<Session>(stripeEvent.Data.Object);
        Assert.Equal("subscription", session.Mode);
        Assert.Equal("cus_ada", session.CustomerId);
        Assert.Equal("sub_pro", session.SubscriptionId);
        Assert.Equal("user-42", session.ClientReferenceId);
        Assert.Equal("paid", session.PaymentStatus);
        Assert.Equal("complete", session.Status);
        Assert.Equal("pro", session.Metadata["plan"]);
    }

    [Fact]
    public void A_wrong_secret_an_altered_body_or_an_old_timestamp_is_rejected()
    {
        var json = StripeSignatures.Event("invoice.paid", StripeSignatures.InvoiceJson(
            "in_1", "cus_ada", "sub_pro", 900, "usd", "subscription_cycle", PeriodStart, PeriodEnd));
        var now = DateTimeOffset.UtcNow;

        Assert.Throws<StripeException>(() => Construct(json, StripeSignatures.Header(json, "whsec_other", now)));
        Assert.Throws<StripeException>(() => Construct(json.Replace("900", "1"), StripeSignatures.Header(json, WebhookSecret, now)));
        Assert.Throws<StripeException>(() => Construct(json, StripeSignatures.Header(json, WebhookSecret, now.AddSeconds(-301))));
        // Within the tolerance the same event passes, so the rejections above are the signature's doing.
        Assert.NotNull(Construct(json, StripeSignatures.Header(json, WebhookSecret, now.AddSeconds(-299))));
    }

    private static Event Construct(string json, string signatureHeader) =>
        EventUtility.ConstructEvent(json, signatureHeader, WebhookSecret, tolerance: 300, throwOnApiVersionMismatch: false);
}
