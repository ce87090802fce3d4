using System.Security.Cryptography;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Web.Security;

/// <summary>
/// The headers every response carries, pages and files alike (assets, previews, share images, logos, ZIPs,
/// static files, errors). Set when the response starts, so a handler that clears headers (the exception page)
/// cannot drop them.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "csp-nonce";

    /// <summary>
    /// Scripts only from this site, plus the inline import map Blazor writes, which carries this request's nonce.
    /// No 'unsafe-eval': neither Blazor Server nor MudBlazor needs it. Styles allow 'unsafe-inline' because
    /// MudBlazor writes style attributes and its theme's &lt;style&gt; element from the circuit, where a nonce
    /// cannot reach; style injection cannot run script. Images allow data: and blob: for previews made in the
    /// page, and any https: origin for connected channels' avatars and video thumbnails, which the platforms serve
    /// from many CDN hosts (an image cannot run script; the cost is that those hosts see the page load). Nothing may frame us: share links are embedded by their OpenGraph tags and image URL, never in a
    /// frame, so framing would only serve clickjacking.
    /// </summary>
    private static string Policy(string nonce, string? sandboxOrigin) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        $"img-src 'self' data: blob: https:{(sandboxOrigin is null ? "" : " " + sandboxOrigin)}; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    private const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    /// <summary>This request's script nonce, for the few inline scripts the framework writes (the import map).</summary>
    public static string Nonce(HttpContext http) => (string)http.Items[NonceKey]!;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            // Replaces Blazor's own "frame-ancestors 'self'" header: one policy, written here.
            // The Development platform sandbox serves its sample thumbnails over plain http on 127.0.0.1.
            headers.ContentSecurityPolicy = Policy(nonce, http.RequestServices.GetService<PlatformSandbox>()?.BaseUrl);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next(http);
    });
}
