using System.Net.Http.Headers;
using System.Text;
using StreamerStudio.Tests.Infrastructure;

namespace StreamerStudio.Tests.Billing;

/// <summary>The app (without a job server) with Stripe configured against a fake Stripe on 127.0.0.1.</summary>
public sealed class BillingAppFixture : StudioAppFixture
{
    public const string WebhookSecret = "whsec_test_streamer_studio";
    public const string ProMonthly = "price_pro_monthly";
    public const string StudioMonthly = "price_studio_monthly";
    public const string CreditPack = "price_credits_10";

    public FakeStripe Stripe { get; private set; } = default!;

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Generation:RunWorkerInWeb=false",
        "--Stripe:SecretKey=sk_test_fake",
        $"--Stripe:WebhookSecret={WebhookSecret}",
        $"--Stripe:ApiBase={Stripe.BaseUrl}",
        $"--Stripe:Pro:MonthlyPriceId={ProMonthly}",
        $"--Stripe:Studio:MonthlyPriceId={StudioMonthly}",
        $"--Stripe:CreditPacks:0:PriceId={CreditPack}",
        "--Stripe:CreditPacks:0:Credits=10",
        "--Stripe:CreditPacks:0:AmountCents=500",
    ];

    public override async Task InitializeAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }

    /// <summary>Posts an event to the app's webhook the way Stripe does, signed with <paramref name="secret"/> at <paramref name="at"/>.</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string eventJson, string? secret = WebhookSecret, DateTimeOffset? at = null, string? body = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl}/stripe/webhook")
        {
            Content = new StringContent(body ?? eventJson, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (secret is not null)
        {
            request.Headers.Add("Stripe-Signature", StripeSignatures.Header(eventJson, secret, at ?? DateTimeOffset.UtcNow));
        }

        return await http.SendAsync(request);
    }
}
