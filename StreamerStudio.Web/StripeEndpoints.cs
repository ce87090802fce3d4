using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Web;

public static class StripeEndpoints
{
    /// <summary>Stripe calls this; the signature, not a login, is what authenticates it.</summary>
    public static void MapStripeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/stripe/webhook", async (HttpRequest request, StripeWebhooks webhooks) =>
        {
            using var reader = new StreamReader(request.Body);
            var payload = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            var outcome = await webhooks.HandleAsync(payload, request.Headers["Stripe-Signature"].ToString(), request.HttpContext.RequestAborted);
            return outcome == WebhookOutcome.Rejected ? Results.BadRequest() : Results.Ok();
        }).AllowAnonymous().DisableAntiforgery();
    }
}
