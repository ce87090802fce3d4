using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace StreamerStudio.Web.Security;

/// <summary>A fixed window: at most <see cref="Permits"/> requests per <see cref="WindowSeconds"/>.</summary>
public sealed class WindowLimit
{
    public int Permits { get; set; }
    public int WindowSeconds { get; set; }
}

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Form posts to /Account/* (log in, register, reset, resend) from one address.</summary>
    public WindowLimit AccountPostsPerIp { get; set; } = new() { Permits = 20, WindowSeconds = 60 };

    /// <summary>Form posts naming one email, from any address: slows password guessing spread over many IPs.</summary>
    public WindowLimit AccountPostsPerEmail { get; set; } = new() { Permits = 10, WindowSeconds = 300 };

    /// <summary>Stripe's webhook calls from one address (Stripe retries a 429 later, so nothing is lost).</summary>
    public WindowLimit StripeWebhookPerIp { get; set; } = new() { Permits = 120, WindowSeconds = 60 };

    /// <summary>Public share pages and their images from one address.</summary>
    public WindowLimit SharePerIp { get; set; } = new() { Permits = 120, WindowSeconds = 60 };

    internal static bool IsValid(RateLimitOptions o) =>
        new[] { o.AccountPostsPerIp, o.AccountPostsPerEmail, o.StripeWebhookPerIp, o.SharePerIp }
            .All(l => l.Permits > 0 && l.WindowSeconds > 0);
}

/// <summary>
/// ASP.NET Core's rate limiter on what anyone can call without an account: account form posts (per address and per
/// email), the Stripe webhook and public share links. Everything else is unlimited here. A refusal is 429 with
/// Retry-After and a sentence a person can act on.
/// </summary>
public static class RateLimits
{
    private const string EmailKey = "rate-limit-email";

    /// <summary>Account forms are a few hundred bytes; anything much larger is not one of ours.</summary>
    private const long MaxAccountFormBytes = 16 * 1024;

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(RateLimitOptions.IsValid, "Every RateLimits entry needs Permits and WindowSeconds above zero.")
            .ValidateOnStart();
        // The limiter's options are built from ours when first needed, so configuration (and tests) can set them.
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            var l = limits.Value;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => Category(http) switch
                {
                    "account" => Window($"account:{Address(http)}", l.AccountPostsPerIp),
                    "webhook" => Window($"webhook:{Address(http)}", l.StripeWebhookPerIp),
                    "share" => Window($"share:{Address(http)}", l.SharePerIp),
                    _ => RateLimitPartition.GetNoLimiter(""),
                }),
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    http.Items[EmailKey] is string email
                        ? Window($"email:{email}", l.AccountPostsPerEmail)
                        : RateLimitPartition.GetNoLimiter("")));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 60;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync($"Too many requests. Wait {seconds} seconds, then try again.", cancellationToken);
            };
        });
        return services;
    }

    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app)
    {
        // The per-email limit needs the form's email before the limiter runs; account forms are small, so reading
        // them here is bounded (and antiforgery reads the same buffered form afterwards).
        app.Use(async (http, next) =>
        {
            if (Category(http) == "account" && http.Request.HasFormContentType)
            {
                if (http.Request.ContentLength is not { } length || length > MaxAccountFormBytes)
                {
                    http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }

                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                // A reset needs the emailed token, and must stay open to the owner while someone hammers their email.
                if (!http.Request.Path.StartsWithSegments("/Account/ResetPassword") &&
                    form["Input.Email"].ToString().Trim() is { Length: > 0 } email)
                {
                    http.Items[EmailKey] = email.ToUpperInvariant();
                }
            }

            await next(http);
        });
        return app.UseRateLimiter();
    }

    private static string? Category(HttpContext http)
    {
        var path = http.Request.Path;
        if (HttpMethods.IsPost(http.Request.Method) && path.StartsWithSegments("/Account"))
        {
            return "account";
        }

        if (path.StartsWithSegments("/stripe/webhook"))
        {
            return "webhook";
        }

        return path.StartsWithSegments("/s") ? "share" : null;
    }

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Window(string key, WindowLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.Permits,
            Window = TimeSpan.FromSeconds(limit.WindowSeconds),
            QueueLimit = 0,
        });
}
