using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Stripe;

namespace StreamerStudio.Tests.Billing;

/// <summary>A subscription the fake serves from <c>GET /v1/subscriptions/{id}</c>: one item, one price.</summary>
public sealed record FakeSubscription(
    string Id,
    string CustomerId,
    string PriceId,
    string Status,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    bool CancelAtPeriodEnd = false,
    Dictionary<string, string>? Metadata = null);

/// <summary>A customer created through <c>POST /v1/customers</c>.</summary>
public sealed record FakeCustomer(string Id, string? Email, string? Name, IReadOnlyDictionary<string, string> Metadata, DateTimeOffset Created);

/// <summary>
/// The few Stripe endpoints we call, on 127.0.0.1, in Stripe's wire format: form-encoded requests with a
/// <c>Bearer sk_…</c> key, JSON objects and Stripe's error JSON back. Point Stripe.net at <see cref="BaseUrl"/>
/// (<see cref="Client"/>). The checkout and portal URLs it hands out lead to tiny pages on the same server, so a
/// browser redirect lands somewhere. No network is reachable in tests; this is what "Stripe" is there.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<FakeCustomer> _customers = [];
    private readonly List<IReadOnlyDictionary<string, string>> _checkoutRequests = [];
    private readonly List<IReadOnlyDictionary<string, string>> _portalRequests = [];
    private readonly ConcurrentDictionary<string, FakeSubscription> _subscriptions = new();
    private readonly WebApplication _app;

    private FakeStripe(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<FakeCustomer> Customers => Snapshot(_customers);

    /// <summary>The form fields of every <c>POST /v1/checkout/sessions</c>, e.g. <c>line_items[0][price]</c>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> CheckoutRequests => Snapshot(_checkoutRequests);

    /// <summary>The form fields of every <c>POST /v1/billing_portal/sessions</c>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> PortalRequests => Snapshot(_portalRequests);

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeStripe(builder.Build());
        fake.Map();
        await fake._app.StartAsync();
        fake.BaseUrl = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return fake;
    }

    public StripeClient Client(string apiKey = "sk_test_fake") => new(apiKey, apiBase: BaseUrl);

    /// <summary>Registers (or replaces) the subscription that <c>GET /v1/subscriptions/{id}</c> returns.</summary>
    public void SetSubscription(FakeSubscription subscription) => _subscriptions[subscription.Id] = subscription;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            context.Response.Headers["Request-Id"] = StripeSignatures.NewId("req_");
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
            var customer = new FakeCustomer(StripeSignatures.NewId("cus_")[..18], form.GetValueOrDefault("email"), form.GetValueOrDefault("name"),
                MetadataOf(form), DateTimeOffset.UtcNow);
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

            var id = StripeSignatures.NewId("cs_test_");
            var created = DateTimeOffset.UtcNow;
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
            return Json(new JsonObject
            {
                ["id"] = id,
                ["object"] = "billing_portal.session",
                ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["customer"] = form.GetValueOrDefault("customer"),
                ["livemode"] = false,
                ["return_url"] = form.GetValueOrDefault("return_url"),
                ["url"] = $"{BaseUrl}/portal/{id}",
            });
        });

        // Stripe.net may add ?expand[0]=…; the fake always returns the full object, which is what an expansion of
        // items or prices would give anyway.
        _app.MapGet("/v1/subscriptions/{id}", (string id) =>
            _subscriptions.TryGetValue(id, out var subscription)
                ? Results.Content(StripeSignatures.SubscriptionJson(subscription), "application/json")
                : Error(StatusCodes.Status404NotFound, $"No such subscription: '{id}'", "resource_missing", "id"));

        _app.MapGet("/pay/{id}", (string id) => Page("Fake Stripe Checkout", "fake-checkout", id));
        _app.MapGet("/portal/{id}", (string id) => Page("Fake Stripe customer portal", "fake-portal", id));

        _app.MapFallback((HttpRequest request) => Error(StatusCodes.Status404NotFound,
            $"Unrecognized request URL ({request.Method}: {request.Path}). The fake Stripe serves only the endpoints StreamerStudio calls."));
    }

    private static bool HasSecretKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer sk_", StringComparison.Ordinal) && authorization.Length > "Bearer sk_".Length;
    }

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

    private static IResult Page(string title, string testId, string id) => Results.Content(
        $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
        <body><main data-testid="{testId}"><h1>{title}</h1><p>Session <code>{WebUtility.HtmlEncode(id)}</code></p></main></body></html>
        """,
        "text/html; charset=utf-8");

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_lock)
        {
            return [.. list];
        }
    }
}
