using StreamerStudio.Domain.Observability;
using StreamerStudio.Tests.Billing;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Observability;

/// <summary>Every answer the Stripe webhook gives is counted once, by outcome, and read back by the admin overview's figures.</summary>
public sealed class WebhookMetricsTests(BillingAppFixture app) : IClassFixture<BillingAppFixture>
{
    [Fact]
    public async Task Each_webhook_answer_is_counted_by_its_outcome()
    {
        var metrics = app.Services.GetRequiredService<StudioMetrics>();
        using var recorded = new RecordedMeasurements(metrics);
        var before = metrics.Recent.Read().Webhooks;
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password);
        var session = StripeSignatures.CheckoutSessionJson($"cs_{Guid.NewGuid():N}", "payment", $"cus_{Guid.NewGuid():N}", null, user.Id.ToString(),
            metadata: new() { ["credits"] = "10" });
        var purchase = StripeSignatures.Event("checkout.session.completed", session);

        Assert.Equal(HttpStatusCode.OK, (await app.DeliverAsync(purchase)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.DeliverAsync(purchase)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.DeliverAsync(StripeSignatures.Event("customer.created", """{"id":"cus_1","object":"customer"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.DeliverAsync(purchase, secret: "whsec_someone_else")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.DeliverAsync(purchase, secret: null)).StatusCode);

        // Counted before the answer is sent, so every one is in by now.
        Assert.Equal(["handled", "duplicate", "ignored", "refused", "refused"],
            recorded.Of(StudioMetrics.Webhooks).Select(r => r.Tags["outcome"]));
        Assert.All(recorded.Of(StudioMetrics.Webhooks), r => Assert.Equal(("stripe", 1.0), (r.Tags["provider"], r.Value)));
        var after = metrics.Recent.Read().Webhooks;
        Assert.Equal((1, 1, 1, 2), (after[WebhookAnswer.Handled] - before[WebhookAnswer.Handled], after[WebhookAnswer.Duplicate] - before[WebhookAnswer.Duplicate],
            after[WebhookAnswer.Ignored] - before[WebhookAnswer.Ignored], after[WebhookAnswer.Refused] - before[WebhookAnswer.Refused]));
    }
}
