using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Observability;

namespace StreamerStudio.Web;

public static class StripeEndpoints
{
    /// <summary>
    /// Stripe calls this; the signature, not a login, is what authenticates it. Anyone can reach it, so a request
    /// without a signature or over <see cref="StripeOptions.WebhookMaxBytes"/> is refused before its body is read.
    /// </summary>
    public static void MapStripeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/stripe/webhook", async (HttpContext context, StripeWebhooks webhooks, StudioMetrics metrics, IOptions<StripeOptions> options) =>
        {
            var limit = options.Value.WebhookMaxBytes;
            // Kestrel then also stops a chunked body at the limit, and closes the connection instead of draining
            // the rest of a body we refused.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBodySize)
            {
                maxBodySize.MaxRequestBodySize = limit;
            }

            var signature = context.Request.Headers["Stripe-Signature"].ToString();
            if (string.IsNullOrEmpty(signature))
            {
                metrics.WebhookAnswered("stripe", WebhookAnswer.Refused);
                return Refused(StatusCodes.Status400BadRequest, "Stripe-Signature header missing.");
            }

            if (context.Request.ContentLength > limit
                || await ReadAtMostAsync(context.Request.BodyReader, limit, context.RequestAborted) is not { } payload)
            {
                metrics.WebhookAnswered("stripe", WebhookAnswer.Refused);
                return Refused(StatusCodes.Status413PayloadTooLarge, $"Body over {limit} bytes.");
            }

            var outcome = await webhooks.HandleAsync(payload, signature, context.RequestAborted);
            metrics.WebhookAnswered("stripe", outcome switch
            {
                WebhookOutcome.Applied => WebhookAnswer.Handled,
                WebhookOutcome.Duplicate => WebhookAnswer.Duplicate,
                WebhookOutcome.Ignored => WebhookAnswer.Ignored,
                _ => WebhookAnswer.Refused,
            });
            return outcome == WebhookOutcome.Rejected
                ? Refused(StatusCodes.Status400BadRequest, "Stripe-Signature not valid for this body.")
                : Results.Ok();
        }).AllowAnonymous().DisableAntiforgery();
    }

    /// <summary>
    /// A short text body: it tells Stripe's dashboard (or a stranger) why, and a response with a content type is
    /// left alone by the status code pages, which would otherwise answer with the not-found page.
    /// </summary>
    private static IResult Refused(int statusCode, string reason) =>
        Results.Text(reason, "text/plain", Encoding.UTF8, statusCode);

    /// <summary>The body as text, or null as soon as more than <paramref name="limit"/> bytes have arrived.</summary>
    private static async Task<string?> ReadAtMostAsync(PipeReader reader, long limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // Kestrel's own count of a chunked body passed the limit set above.
                return null;
            }

            var buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.Start);
                return null;
            }

            if (result.IsCompleted)
            {
                var payload = Encoding.UTF8.GetString(buffer);
                reader.AdvanceTo(buffer.End);
                return payload;
            }

            // Keep what arrived and wait for more.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
