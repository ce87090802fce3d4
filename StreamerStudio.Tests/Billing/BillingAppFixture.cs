using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Billing;

/// <summary>The app (without a job server) with Stripe configured by hand against a Stripe sandbox on 127.0.0.1 the test controls.</summary>
public sealed class BillingAppFixture : StudioAppFixture
{
    public const string WebhookSecret = "whsec_test_streamer_studio";
    public const string ProMonthly = "price_pro_monthly";
    public const string StudioMonthly = "price_studio_monthly";
    public const string CreditPack = "price_credits_10";

    public const string SecretKey = "sk_test_fake";

    /// <summary>What the sandbox sells: the prices this app is configured with.</summary>
    public static readonly SandboxPrice[] Prices =
    [
        new(ProMonthly, "Pro plan, billed monthly", 900, "usd", "month"),
        new(StudioMonthly, "Studio plan, billed monthly", 2900, "usd", "month"),
        new(CreditPack, "10 credits", 500, "usd", null),
    ];

    public StripeSandbox Stripe { get; private set; } = default!;

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Generation:RunWorkerInWeb=false",
        $"--Stripe:SecretKey={SecretKey}",
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
        Stripe = await StripeSandbox.StartAsync(SecretKey, WebhookSecret, Prices);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }

    /// <summary>Posts an event to the app's webhook the way Stripe does, signed with <paramref name="secret"/> at <paramref name="at"/>.</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string eventJson, string? secret = WebhookSecret, DateTimeOffset? at = null, string? body = null,
        bool chunked = false)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl}/stripe/webhook")
        {
            Content = new StringContent(body ?? eventJson, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TransferEncodingChunked = chunked;
        if (secret is not null)
        {
            request.Headers.Add("Stripe-Signature", StripeSignatures.Header(eventJson, secret, at ?? DateTimeOffset.UtcNow));
        }

        return await http.SendAsync(request);
    }

    /// <summary>
    /// Sends the webhook request line and <paramref name="headers"/> over a plain socket, then as much of a body as
    /// <paramref name="sendBody"/> writes, and nothing more: the connection stays open with the rest of the body
    /// never coming. So a response at all proves the server decided without waiting for (or reading) the rest.
    /// </summary>
    public async Task<RawResponse> SendWithheldBodyAsync(string headers, Func<Stream, Task>? sendBody = null)
    {
        var uri = new Uri(BaseUrl);
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.ConnectAsync(uri.Host, uri.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /stripe/webhook HTTP/1.1\r\nHost: {uri.Authority}\r\n{headers}\r\n"), timeout.Token);
        if (sendBody is not null)
        {
            await sendBody(stream);
        }

        // Head, then exactly Content-Length bytes of body: the server may keep the connection open.
        var received = new List<byte>();
        var chunk = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOf(received, "\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(chunk, timeout.Token);
            Assert.True(read > 0, "The connection closed without a response.");
            received.AddRange(chunk.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString(received.ToArray(), 0, headEnd).Split("\r\n");
        string? Header(string name) => head.Skip(1).Select(h => h.Split(':', 2)).Where(h => h[0].Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(h => h[1].Trim()).FirstOrDefault();
        var length = int.Parse(Header("Content-Length") ?? "0");
        while (received.Count < headEnd + 4 + length)
        {
            var read = await stream.ReadAsync(chunk, timeout.Token);
            Assert.True(read > 0, "The connection closed in the middle of the response.");
            received.AddRange(chunk.AsSpan(0, read));
        }

        return new RawResponse(int.Parse(head[0].Split(' ')[1]), Header("Content-Type"),
            Encoding.UTF8.GetString(received.ToArray(), headEnd + 4, length));
    }

    private static int IndexOf(List<byte> bytes, ReadOnlySpan<byte> value) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes).IndexOf(value);
}

public sealed record RawResponse(int StatusCode, string? ContentType, string Body);
