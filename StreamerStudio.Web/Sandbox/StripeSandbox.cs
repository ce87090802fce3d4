using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Stripe;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Web.Components;

namespace StreamerStudio.Web.Sandbox;

/// <summary>A subscription the sandbox serves from <c>GET /v1/subscriptions/{id}</c>: one item, one price.</summary>
public sealed record SandboxSubscription(
    string Id,
    string CustomerId,
    string PriceId,
    string Status,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    bool CancelAtPeriodEnd = false,
    Dictionary<string, string>? Metadata = null);

/// <summary>A customer created through <c>POST /v1/customers</c>.</summary>
public sealed record SandboxCustomer(string Id, string? Email, string? Name, IReadOnlyDictionary<string, string> Metadata, DateTimeOffset Created);

/// <summary>
/// A price the sandbox sells, as Stripe would know it from the dashboard. <paramref name="Interval"/> is
/// <c>month</c> or <c>year</c> for a plan and null for a one-time purchase.
/// </summary>
public sealed record SandboxPrice(string Id, string Description, long AmountCents, string Currency, string? Interval);

/// <summary>
/// A local stand-in for Stripe on 127.0.0.1, in Stripe's wire format: the few API endpoints we call (form-encoded
/// requests with the secret key as Bearer, JSON objects and Stripe's error JSON back), a Checkout page whose Pay
/// sends the signed webhooks Stripe would send to the app's real <c>/stripe/webhook</c>, and a customer portal
/// page that cancels. Tests point the app at it (no network is reachable there); in Development without Stripe
/// keys the host starts it as a sandbox (<see cref="StartInDevelopmentAsync"/>), so a newcomer can buy a plan
/// through the same code path as with Stripe. It never runs outside Development: the one check is there.
/// </summary>
public sealed class StripeSandbox : IHostedService, IAsyncDisposable, IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<SandboxCustomer> _customers = [];
    private readonly List<IReadOnlyDictionary<string, string>> _checkoutRequests = [];
    private readonly List<IReadOnlyDictionary<string, string>> _portalRequests = [];
    private readonly ConcurrentDictionary<string, SandboxSubscription> _subscriptions = new();
    private readonly ConcurrentDictionary<string, CheckoutSession> _checkouts = new();
    private readonly ConcurrentDictionary<string, PortalSession> _portals = new();
    private readonly Dictionary<string, SandboxPrice> _prices;
    private readonly HttpClient _webhookSender = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TimeProvider _clock;
    private readonly WebApplication _app;
    private int _disposed;

    private StripeSandbox(WebApplication app, string secretKey, string webhookSecret, IEnumerable<SandboxPrice> prices, TimeProvider clock)
    {
        _app = app;
        SecretKey = secretKey;
        WebhookSecret = webhookSecret;
        _prices = prices.ToDictionary(p => p.Id);
        _clock = clock;
    }

    public string BaseUrl { get; private set; } = "";
    public string SecretKey { get; }
    /// <summary>What the sandbox signs its webhooks with; the app must have the same as <c>Stripe:WebhookSecret</c>.</summary>
    public string WebhookSecret { get; }

    public IReadOnlyList<SandboxCustomer> Customers => Snapshot(_customers);

    /// <summary>The form fields of every <c>POST /v1/checkout/sessions</c>, e.g. <c>line_items[0][price]</c>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> CheckoutRequests => Snapshot(_checkoutRequests);

    /// <summary>The form fields of every <c>POST /v1/billing_portal/sessions</c>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> PortalRequests => Snapshot(_portalRequests);

    /// <summary>
    /// In Development with no <c>Stripe:SecretKey</c>: starts the sandbox and points the app's Stripe options at it
    /// (address, keys made for this run, and plan prices and credit packs where configuration names none). With a
    /// key, or in any other environment, nothing is started and null is returned. Called by the host before it
    /// registers services, like the database; the app's container owns it from then on and stops it with the app.
    /// </summary>
    public static async Task<StripeSandbox?> StartInDevelopmentAsync(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetSection(StripeOptions.Section).Get<StripeOptions>() ?? new StripeOptions();
        if (!builder.Environment.IsDevelopment() || configured.IsConfigured)
        {
            return null;
        }

        OfferPlansAndPacks(configured);
        var sandbox = await StartAsync($"sk_sandbox_{RandomPart()}", $"whsec_sandbox_{RandomPart()}", PricesOf(configured));
        builder.Services.AddSingleton(_ => sandbox);
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StripeSandbox>());
        builder.Services.PostConfigure<StripeOptions>(options =>
        {
            OfferPlansAndPacks(options);
            options.UseSandbox(sandbox.BaseUrl, sandbox.SecretKey, sandbox.WebhookSecret);
        });
        return sandbox;
    }

    /// <summary>Starts the sandbox on a free port of 127.0.0.1, selling <paramref name="prices"/>.</summary>
    public static async Task<StripeSandbox> StartAsync(string secretKey, string webhookSecret, IEnumerable<SandboxPrice> prices, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var sandbox = new StripeSandbox(builder.Build(), secretKey, webhookSecret, prices, clock ?? TimeProvider.System);
        sandbox.Map();
        await sandbox._app.StartAsync();
        sandbox.BaseUrl = sandbox._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return sandbox;
    }

    /// <summary>A Stripe.net client for this sandbox, with its own key unless told otherwise.</summary>
    public StripeClient Client(string? apiKey = null) => new(apiKey ?? SecretKey, apiBase: BaseUrl);

    /// <summary>Registers (or replaces) the subscription that <c>GET /v1/subscriptions/{id}</c> returns.</summary>
    public void SetSubscription(SandboxSubscription subscription) => _subscriptions[subscription.Id] = subscription;

    /// <summary>Already listening since <see cref="StartAsync(string, string, IEnumerable{SandboxPrice}, TimeProvider?)"/>.</summary>
    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _webhookSender.Dispose();
        }
    }

    /// <summary>For a host disposed synchronously (the container calls this one then).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ((IDisposable)_app).Dispose();
            _webhookSender.Dispose();
        }
    }

    /// <summary>Price ids of the sandbox for whatever configuration leaves unsold, and two credit packs if none are set.</summary>
    private static void OfferPlansAndPacks(StripeOptions options)
    {
        foreach (var (name, prices) in new[] { ("pro", options.Pro), ("studio", options.Studio) })
        {
            prices.MonthlyPriceId = string.IsNullOrWhiteSpace(prices.MonthlyPriceId) ? $"price_sandbox_{name}_monthly" : prices.MonthlyPriceId;
            prices.YearlyPriceId = string.IsNullOrWhiteSpace(prices.YearlyPriceId) ? $"price_sandbox_{name}_yearly" : prices.YearlyPriceId;
        }

        if (options.CreditPacks.Count == 0)
        {
            options.CreditPacks.Add(new CreditPack { PriceId = "price_sandbox_credits_10", Credits = 10, AmountCents = 500 });
            options.CreditPacks.Add(new CreditPack { PriceId = "price_sandbox_credits_50", Credits = 50, AmountCents = 2000 });
        }
    }

    /// <summary>What the sandbox's Checkout shows for each price the app sells.</summary>
    public static IEnumerable<SandboxPrice> PricesOf(StripeOptions options)
    {
        foreach (var tier in new[] { SubscriptionTier.Pro, SubscriptionTier.Studio })
        {
            var prices = options.PricesFor(tier)!;
            var name = TierLimits.For(tier).Name;
            if (!string.IsNullOrEmpty(prices.MonthlyPriceId))
            {
                yield return new SandboxPrice(prices.MonthlyPriceId, $"{name} plan, billed monthly", prices.MonthlyAmountCents, options.Currency, "month");
            }

            if (!string.IsNullOrEmpty(prices.YearlyPriceId))
            {
                yield return new SandboxPrice(prices.YearlyPriceId, $"{name} plan, billed yearly", prices.YearlyAmountCents, options.Currency, "year");
            }
        }

        foreach (var pack in options.CreditPacks.Where(p => p.PriceId.Length > 0))
        {
            yield return new SandboxPrice(pack.PriceId, $"{pack.Credits} credits", pack.AmountCents, options.Currency, null);
        }
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            context.Response.Headers["Request-Id"] = StripeSignatures.NewId("req_");
            // The pages need nothing but their own inline style; their forms post here and redirect to the app.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
            if (context.Request.Path.StartsWithSegments("/v1") && !HasSecretKey(context.Request))
            {
                await Error(StatusCodes.Status401Unauthorized,
                    "You did not provide a valid API key. Provide your secret key in the Authorization header as 'Bearer sk_...'.")
                    .ExecuteAsync(context);
                return;
            }

            await next(context);
        });

        _app.MapPost("/v1/customers", async (HttpRequest request) =>
        {
            var form = await ReadFormAsync(request);
            var customer = new SandboxCustomer(StripeSignatures.NewId("cus_")[..18], form.GetValueOrDefault("email"), form.GetValueOrDefault("name"),
                MetadataOf(form), _clock.GetUtcNow());
            lock (_lock)
            {
                _customers.Add(customer);
            }

            return Json(new JsonObject
            {
                ["id"] = customer.Id,
                ["object"] = "customer",
                ["created"] = customer.Created.ToUnixTimeSeconds(),
                ["email"] = customer.Email,
                ["livemode"] = false,
                ["metadata"] = StripeSignatures.Metadata(customer.Metadata),
                ["name"] = customer.Name,
            });
        });

        _app.MapPost("/v1/checkout/sessions", async (HttpRequest request) =>
        {
            var form = await ReadFormAsync(request);
            lock (_lock)
            {
                _checkoutRequests.Add(form);
            }

            var priceId = form.GetValueOrDefault("line_items[0][price]") ?? "";
            if (!_prices.ContainsKey(priceId))
            {
                return Error(StatusCodes.Status400BadRequest, $"No such price: '{priceId}'", "resource_missing", "line_items[0][price]");
            }

            var id = StripeSignatures.NewId("cs_test_");
            var created = _clock.GetUtcNow();
            _checkouts[id] = new CheckoutSession(id, form.GetValueOrDefault("mode") ?? "payment", form.GetValueOrDefault("customer"),
                form.GetValueOrDefault("client_reference_id") ?? "", priceId, MetadataOf(form),
                form.GetValueOrDefault("success_url") ?? "", form.GetValueOrDefault("cancel_url") ?? "");
            return Json(new JsonObject
            {
                ["id"] = id,
                ["object"] = "checkout.session",
                ["cancel_url"] = form.GetValueOrDefault("cancel_url"),
                ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
                ["created"] = created.ToUnixTimeSeconds(),
                ["customer"] = form.GetValueOrDefault("customer"),
                ["customer_email"] = form.GetValueOrDefault("customer_email"),
                ["expires_at"] = created.AddHours(24).ToUnixTimeSeconds(),
                ["livemode"] = false,
                ["metadata"] = StripeSignatures.Metadata(MetadataOf(form)),
                ["mode"] = form.GetValueOrDefault("mode"),
                ["payment_status"] = "unpaid",
                ["status"] = "open",
                ["subscription"] = null,
                ["success_url"] = form.GetValueOrDefault("success_url"),
                ["url"] = $"{BaseUrl}/pay/{id}",
            });
        });

        _app.MapPost("/v1/billing_portal/sessions", async (HttpRequest request) =>
        {
            var form = await ReadFormAsync(request);
            lock (_lock)
            {
                _portalRequests.Add(form);
            }

            var id = StripeSignatures.NewId("bps_");
            _portals[id] = new PortalSession(id, form.GetValueOrDefault("customer") ?? "", form.GetValueOrDefault("return_url") ?? "");
            return Json(new JsonObject
            {
                ["id"] = id,
                ["object"] = "billing_portal.session",
                ["created"] = _clock.GetUtcNow().ToUnixTimeSeconds(),
                ["customer"] = form.GetValueOrDefault("customer"),
                ["livemode"] = false,
                ["return_url"] = form.GetValueOrDefault("return_url"),
                ["url"] = $"{BaseUrl}/portal/{id}",
            });
        });

        // Stripe.net may add ?expand[0]=…; the sandbox always returns the full object, which is what an expansion of
        // items or prices would give anyway.
        _app.MapGet("/v1/subscriptions/{id}", (string id) =>
            _subscriptions.TryGetValue(id, out var subscription)
                ? Results.Content(StripeSignatures.SubscriptionJson(subscription), "application/json")
                : Error(StatusCodes.Status404NotFound, $"No such subscription: '{id}'", "resource_missing", "id"));

        _app.MapGet("/pay/{id}", (string id) => _checkouts.TryGetValue(id, out var session) ? CheckoutPage(session) : Gone());
        _app.MapPost("/pay/{id}", (string id, CancellationToken cancellationToken) =>
            _checkouts.TryGetValue(id, out var session) ? PayAsync(session, cancellationToken) : Task.FromResult(Gone()));
        _app.MapGet("/portal/{id}", (string id) => _portals.TryGetValue(id, out var session) ? PortalPage(session) : Gone());
        _app.MapPost("/portal/{id}/cancel", async (string id, HttpRequest request, CancellationToken cancellationToken) =>
            _portals.TryGetValue(id, out var session) ? await CancelAsync(session, await ReadFormAsync(request), cancellationToken) : Gone());

        _app.MapFallback((HttpRequest request) => Error(StatusCodes.Status404NotFound,
            $"Unrecognized request URL ({request.Method}: {request.Path}). The Stripe sandbox serves only the endpoints Streamer Studio calls."));
    }

    /// <summary>
    /// What Stripe does when the buyer pays: the subscription exists (for a plan), the events are signed and sent
    /// to the app's webhook one after another, and only then is the buyer sent back, so the page they land on
    /// already shows the change. Paying twice (a double click, the back button) sends nothing twice.
    /// </summary>
    private async Task<IResult> PayAsync(CheckoutSession session, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (session.Paid)
            {
                return Results.Redirect(session.SuccessUrl);
            }

            session.Paid = true;
        }

        var price = _prices[session.PriceId];
        var customerId = session.CustomerId ?? StripeSignatures.NewId("cus_")[..18];
        List<(string Type, string Json)> events = [];
        if (session.Mode == "subscription")
        {
            var start = _clock.GetUtcNow();
            var subscription = new SandboxSubscription(StripeSignatures.NewId("sub_"), customerId, price.Id, "active", start,
                price.Interval == "year" ? start.AddYears(1) : start.AddMonths(1));
            SetSubscription(subscription);
            events.Add(("checkout.session.completed", StripeSignatures.CheckoutSessionJson(session.Id, session.Mode, customerId, subscription.Id,
                session.ClientReferenceId, metadata: session.Metadata, created: _clock.GetUtcNow())));
            events.Add(("customer.subscription.created", StripeSignatures.SubscriptionJson(subscription)));
            events.Add(("invoice.paid", StripeSignatures.InvoiceJson(StripeSignatures.NewId("in_"), customerId, subscription.Id, price.AmountCents,
                price.Currency, "subscription_create", subscription.PeriodStart, subscription.PeriodEnd)));
        }
        else
        {
            events.Add(("checkout.session.completed", StripeSignatures.CheckoutSessionJson(session.Id, session.Mode, customerId, null,
                session.ClientReferenceId, metadata: session.Metadata, created: _clock.GetUtcNow())));
        }

        foreach (var (type, json) in events)
        {
            if (await SendAsync(WebhookOf(session.SuccessUrl), type, json, cancellationToken) is { } refusal)
            {
                return refusal;
            }
        }

        return Results.Redirect(session.SuccessUrl);
    }

    /// <summary>The portal's cancel: at the period's end (the plan runs on, then ends) or now (back to Free at once).</summary>
    private async Task<IResult> CancelAsync(PortalSession session, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        if (!_subscriptions.TryGetValue(form.GetValueOrDefault("subscription") ?? "", out var subscription) || subscription.CustomerId != session.CustomerId)
        {
            return Gone();
        }

        var now = form.GetValueOrDefault("when") == "now";
        var changed = now ? subscription with { Status = "canceled" } : subscription with { CancelAtPeriodEnd = true };
        SetSubscription(changed);
        var type = now ? "customer.subscription.deleted" : "customer.subscription.updated";
        return await SendAsync(WebhookOf(session.ReturnUrl), type, StripeSignatures.SubscriptionJson(changed), cancellationToken)
               ?? Results.Redirect(session.ReturnUrl);
    }

    /// <summary>
    /// Stripe posts to the endpoint configured in its dashboard; the sandbox's endpoint is the app the buyer came
    /// from: <c>stripe/webhook</c> beside the page it returns to (the app's base address, path base included).
    /// </summary>
    private static Uri WebhookOf(string returnUrl) => new(new Uri(returnUrl), "stripe/webhook");

    /// <summary>One signed delivery; null when the app took it, otherwise a page saying what the app answered.</summary>
    private async Task<IResult?> SendAsync(Uri webhook, string type, string dataObjectJson, CancellationToken cancellationToken)
    {
        var json = StripeSignatures.Event(type, dataObjectJson, created: _clock.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", StripeSignatures.Header(json, WebhookSecret, _clock.GetUtcNow()));
        string answer;
        try
        {
            using var response = await _webhookSender.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            answer = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
        }
        catch (HttpRequestException e)
        {
            answer = e.Message;
        }

        return Page("Sandbox: the app refused the webhook", "sandbox-webhook-refused", StatusCodes.Status502BadGateway,
            $"""
            <h1>The app did not take the payment's webhook</h1>
            <p>The sandbox sent <code>{Encode(type)}</code> to <code>{Encode(webhook.ToString())}</code> and got: <code>{Encode(answer)}</code></p>
            <p>Nothing else was sent. Look at the app's log for the reason.</p>
            """);
    }

    private IResult CheckoutPage(CheckoutSession session)
    {
        var price = _prices[session.PriceId];
        var amount = Formats.Money(price.AmountCents, price.Currency) + price.Interval switch { "month" => " a month", "year" => " a year", _ => "" };
        return Page("Sandbox checkout · no real payment", "sandbox-checkout", StatusCodes.Status200OK,
            $"""
            <h1>Checkout</h1>
            <dl>
              <dt>You buy</dt><dd data-testid="sandbox-item">{Encode(price.Description)}</dd>
              <dt>Price</dt><dd data-testid="sandbox-price">{Encode(amount)}</dd>
            </dl>
            <p>No card is asked for. <strong>Pay</strong> sends the app the signed webhooks Stripe would send after a real payment.</p>
            <form method="post" action="/pay/{Encode(session.Id)}">
              <button type="submit">Pay {Encode(Formats.Money(price.AmountCents, price.Currency))}</button>
              <a href="{Encode(session.CancelUrl)}">Cancel</a>
            </form>
            """);
    }

    private IResult PortalPage(PortalSession session)
    {
        var plans = _subscriptions.Values.Where(s => s.CustomerId == session.CustomerId && s.Status != "canceled").OrderBy(s => s.PeriodStart).ToList();
        var list = plans.Count == 0
            ? "<p>No active plan in this sandbox. (The sandbox keeps what was bought only while the app runs.)</p>"
            : string.Concat(plans.Select(s =>
            {
                var description = _prices.TryGetValue(s.PriceId, out var price) ? price.Description : s.PriceId;
                var end = s.PeriodEnd.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
                var atPeriodEnd = s.CancelAtPeriodEnd ? "" : "<button type=\"submit\" name=\"when\" value=\"period_end\">Cancel at the end of the period</button>";
                return $"""
                    <section aria-label="{Encode(description)}">
                      <h2>{Encode(description)}</h2>
                      <p>{(s.CancelAtPeriodEnd ? $"Ends on {end}." : $"Renews on {end}.")}</p>
                      <form method="post" action="/portal/{Encode(session.Id)}/cancel">
                        <input type="hidden" name="subscription" value="{Encode(s.Id)}">
                        {atPeriodEnd}
                        <button type="submit" name="when" value="now">Cancel now</button>
                      </form>
                    </section>
                    """;
            }));
        return Page("Sandbox billing portal · no real payment", "sandbox-portal", StatusCodes.Status200OK,
            $"""
            <h1>Billing portal</h1>
            {list}
            <p><a href="{Encode(session.ReturnUrl)}">Back to Streamer Studio</a></p>
            """);
    }

    private static IResult Gone() => Page("Sandbox: no such session", "sandbox-missing", StatusCodes.Status404NotFound,
        "<h1>No such session</h1><p>The sandbox forgets its sessions when the app restarts. Go back to the app and start again.</p>");

    /// <summary>Every sandbox page says loudly what it is, works on a phone and reads well (contrast above 7:1).</summary>
    private static IResult Page(string title, string testId, int statusCode, string body) => Results.Content(
        $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{Encode(title)}}</title>
          <style>
            body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1f; background: #f6f6f8; line-height: 1.5; }
            .sandbox { margin: 0; padding: .75rem 1rem; background: #5c3c00; color: #fff; font-weight: 600; }
            main { max-width: 34rem; margin: 1.5rem auto; padding: 1.5rem; background: #fff; border: 1px solid #c8c8d0; border-radius: 8px; }
            dt { font-weight: 600; } dd { margin: 0 0 .5rem 0; }
            button { font: inherit; padding: .6rem 1.2rem; margin: .25rem .5rem .25rem 0; border: 0; border-radius: 6px; background: #4527a0; color: #fff; cursor: pointer; }
            a { color: #3a1f8c; }
            :focus-visible { outline: 3px solid #1b1b1f; outline-offset: 2px; }
          </style>
        </head>
        <body>
          <header><p class="sandbox" data-testid="sandbox-label">Sandbox — no real payment. A local stand-in for Stripe in Development: no card, no money.</p></header>
          <main data-testid="{{testId}}">
        {{body}}
          </main>
        </body>
        </html>
        """,
        "text/html; charset=utf-8", Encoding.UTF8, statusCode);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private bool HasSecretKey(HttpRequest request) =>
        request.Headers.Authorization.ToString() == $"Bearer {SecretKey}";

    /// <summary>Stripe.net sends <c>application/x-www-form-urlencoded</c>; a request without parameters may have no body.</summary>
    private static async Task<Dictionary<string, string>> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return [];
        }

        var form = await request.ReadFormAsync();
        return form.ToDictionary(f => f.Key, f => f.Value.ToString());
    }

    private static Dictionary<string, string> MetadataOf(Dictionary<string, string> form) => form
        .Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal) && f.Key.EndsWith(']'))
        .ToDictionary(f => f.Key["metadata[".Length..^1], f => f.Value);

    private static IResult Json(JsonObject body) => Results.Content(StripeSignatures.Serialize(body), "application/json");

    private static IResult Error(int status, string message, string? code = null, string? param = null)
    {
        var error = new JsonObject { ["type"] = "invalid_request_error", ["message"] = message };
        if (code is not null)
        {
            error["code"] = code;
        }

        if (param is not null)
        {
            error["param"] = param;
        }

        return Results.Content(StripeSignatures.Serialize(new JsonObject { ["error"] = error }), "application/json", statusCode: status);
    }

    private static string RandomPart() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_lock)
        {
            return [.. list];
        }
    }

    private sealed record CheckoutSession(string Id, string Mode, string? CustomerId, string ClientReferenceId, string PriceId,
        Dictionary<string, string> Metadata, string SuccessUrl, string CancelUrl)
    {
        public bool Paid { get; set; }
    }

    private sealed record PortalSession(string Id, string CustomerId, string ReturnUrl);
}
