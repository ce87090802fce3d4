using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StreamerStudio.Web.Sandbox;

/// <summary>
/// Webhooks as Stripe sends them: the <c>Stripe-Signature</c> header, the event envelope, and the data objects
/// (subscription, checkout session, invoice) in the shape of the API version Stripe.net 53.1.0 is pinned to
/// (<see cref="Stripe.StripeConfiguration.ApiVersion"/>). In that version the billing period lives on the
/// subscription items and an invoice names its subscription under <c>parent.subscription_details</c>.
/// </summary>
public static class StripeSignatures
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>t={unix},v1={hex HMAC-SHA256(secret, "{unix}.{payload}")}</c>, exactly as Stripe signs a webhook.</summary>
    public static string Header(string payload, string secret, DateTimeOffset timestamp)
    {
        var unix = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unix}.{payload}"));
        return $"t={unix},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>
    /// A webhook event around <paramref name="dataObjectJson"/>, stamped with Stripe.net's API version. Without
    /// <paramref name="created"/> it is stamped with the machine's clock, which is what Stripe.net checks signatures against.
    /// </summary>
    public static string Event(string type, string dataObjectJson, string? id = null, DateTimeOffset? created = null) =>
        Serialize(new JsonObject
        {
            ["id"] = id ?? NewId("evt_"),
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = (created ?? TimeProvider.System.GetUtcNow()).ToUnixTimeSeconds(),
            ["type"] = type,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["data"] = new JsonObject { ["object"] = JsonNode.Parse(dataObjectJson) },
        });

    /// <summary>The subscription as <c>GET /v1/subscriptions/{id}</c> returns it (the sandbox serves this same JSON).</summary>
    public static string SubscriptionJson(SandboxSubscription s)
    {
        var periodStart = s.PeriodStart.ToUnixTimeSeconds();
        var periodEnd = s.PeriodEnd.ToUnixTimeSeconds();
        return Serialize(new JsonObject
        {
            ["id"] = s.Id,
            ["object"] = "subscription",
            ["billing_cycle_anchor"] = periodStart,
            // Setting cancel_at_period_end makes Stripe fill cancel_at with the period's end.
            ["cancel_at"] = s.CancelAtPeriodEnd ? periodEnd : (long?)null,
            ["cancel_at_period_end"] = s.CancelAtPeriodEnd,
            ["canceled_at"] = null,
            ["collection_method"] = "charge_automatically",
            ["created"] = periodStart,
            ["customer"] = s.CustomerId,
            ["ended_at"] = null,
            ["items"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = SubscriptionItemId(s.Id),
                    ["object"] = "subscription_item",
                    ["created"] = periodStart,
                    ["current_period_start"] = periodStart,
                    ["current_period_end"] = periodEnd,
                    ["metadata"] = new JsonObject(),
                    ["price"] = new JsonObject
                    {
                        ["id"] = s.PriceId,
                        ["object"] = "price",
                        ["active"] = true,
                        ["livemode"] = false,
                        ["type"] = "recurring",
                    },
                    ["quantity"] = 1,
                    ["subscription"] = s.Id,
                }),
                ["has_more"] = false,
                ["total_count"] = 1,
                ["url"] = $"/v1/subscription_items?subscription={s.Id}",
            },
            ["latest_invoice"] = null,
            ["livemode"] = false,
            ["metadata"] = Metadata(s.Metadata),
            ["start_date"] = periodStart,
            ["status"] = s.Status,
        });
    }

    /// <summary>A finished checkout session, as <c>checkout.session.completed</c> carries it.</summary>
    public static string CheckoutSessionJson(string id, string mode, string customerId, string? subscriptionId, string clientReferenceId,
        string? paymentStatus = "paid", Dictionary<string, string>? metadata = null, DateTimeOffset? created = null) =>
        Serialize(new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["client_reference_id"] = clientReferenceId,
            ["created"] = (created ?? TimeProvider.System.GetUtcNow()).ToUnixTimeSeconds(),
            ["customer"] = customerId,
            ["invoice"] = null,
            ["livemode"] = false,
            ["metadata"] = Metadata(metadata),
            ["mode"] = mode,
            ["payment_status"] = paymentStatus,
            ["status"] = "complete",
            ["subscription"] = subscriptionId,
            ["url"] = null,
        });

    /// <summary>
    /// A subscription's invoice. The subscription is named where Stripe.net 53.1.0 reads it,
    /// <c>parent.subscription_details.subscription</c> (and on the line's parent); the service period is on the line.
    /// The invoice's own <c>period_start</c>/<c>period_end</c> are not the service period: Stripe documents them as
    /// "looking back one period", so here both are <paramref name="periodStart"/> (what a first invoice carries),
    /// which makes code that reads them instead of the line's period visibly wrong.
    /// </summary>
    public static string InvoiceJson(string id, string customerId, string subscriptionId, long amountPaid, string currency, string billingReason,
        DateTimeOffset periodStart, DateTimeOffset periodEnd, string status = "paid", int attemptCount = 1)
    {
        var paid = status == "paid";
        return Serialize(new JsonObject
        {
            ["id"] = id,
            ["object"] = "invoice",
            ["amount_due"] = amountPaid,
            ["amount_paid"] = paid ? amountPaid : 0,
            ["amount_remaining"] = paid ? 0 : amountPaid,
            ["attempt_count"] = attemptCount,
            ["attempted"] = attemptCount > 0,
            ["billing_reason"] = billingReason,
            ["collection_method"] = "charge_automatically",
            ["created"] = periodStart.ToUnixTimeSeconds(),
            ["currency"] = currency,
            ["customer"] = customerId,
            ["lines"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = NewId("il_"),
                    ["object"] = "line_item",
                    ["amount"] = amountPaid,
                    ["currency"] = currency,
                    ["invoice"] = id,
                    ["livemode"] = false,
                    ["metadata"] = new JsonObject(),
                    ["parent"] = new JsonObject
                    {
                        ["type"] = "subscription_item_details",
                        ["invoice_item_details"] = null,
                        ["subscription_item_details"] = new JsonObject
                        {
                            ["invoice_item"] = null,
                            ["proration"] = false,
                            ["proration_details"] = new JsonObject { ["credited_items"] = null },
                            ["subscription"] = subscriptionId,
                            ["subscription_item"] = SubscriptionItemId(subscriptionId),
                        },
                    },
                    ["period"] = new JsonObject
                    {
                        ["start"] = periodStart.ToUnixTimeSeconds(),
                        ["end"] = periodEnd.ToUnixTimeSeconds(),
                    },
                    ["quantity"] = 1,
                }),
                ["has_more"] = false,
                ["total_count"] = 1,
                ["url"] = $"/v1/invoices/{id}/lines",
            },
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["quote_details"] = null,
                ["subscription_details"] = new JsonObject
                {
                    ["metadata"] = new JsonObject(),
                    ["subscription"] = subscriptionId,
                },
            },
            ["period_start"] = periodStart.ToUnixTimeSeconds(),
            ["period_end"] = periodStart.ToUnixTimeSeconds(),
            ["status"] = status,
            ["subtotal"] = amountPaid,
            ["total"] = amountPaid,
        });
    }

    /// <summary>The single item of a sandbox subscription has an id derived from the subscription's, so every JSON agrees.</summary>
    internal static string SubscriptionItemId(string subscriptionId) =>
        "si_" + (subscriptionId.StartsWith("sub_", StringComparison.Ordinal) ? subscriptionId[4..] : subscriptionId);

    internal static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];

    internal static JsonObject Metadata(IEnumerable<KeyValuePair<string, string>>? metadata) =>
        new((metadata ?? []).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    internal static string Serialize(JsonNode node) => node.ToJsonString(Compact);
}
