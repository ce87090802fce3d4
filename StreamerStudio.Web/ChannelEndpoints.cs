using StreamerStudio.Domain;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Web.Components.Account;

namespace StreamerStudio.Web;

/// <summary>
/// The two browser legs of connecting a channel. Connect is a GET (a form POST could not follow the redirect to the
/// platform under our <c>form-action 'self'</c> policy) that only starts a flow bound to this creator and this
/// browser, and only when the click came from our own pages (<c>Sec-Fetch-Site</c>); the callback trusts nothing
/// in its URL that <see cref="ChannelConnections.CallbackAsync"/> has not checked.
/// </summary>
public static class ChannelEndpoints
{
    /// <summary>The browser-binding cookie, one per platform so two tabs connecting different platforms do not trip each other.</summary>
    public static string CookieName(PlatformProvider provider) => $"studio.connect-{provider.Slug}";

    public static void MapChannelEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var channels = endpoints.MapGroup("/channels").RequireAuthorization();

        channels.MapGet("/connect/{platform}", async (string platform, Guid? reconnect, HttpContext http, ChannelConnections connections) =>
        {
            if (PlatformProvider.FromSlug(platform) is not { } provider || http.User.UserId() is not { } userId)
            {
                return Results.NotFound();
            }

            // Another site cannot send a signed-in creator off to a consent screen they did not ask for. (Browsers
            // without Fetch Metadata send nothing and are let through: the state checks below still hold.)
            if (http.Request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
            {
                return Results.Redirect("/channels");
            }

            try
            {
                var start = await connections.StartAsync(userId, provider.Platform, CallbackUrl(http, provider), reconnect, http.RequestAborted);
                http.Response.Cookies.Append(CookieName(provider), start.BrowserValue, new CookieOptions
                {
                    HttpOnly = true,
                    // Lax: the platform's redirect back is a top-level GET from another site, which Lax lets through.
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                    Path = "/channels/callback",
                    MaxAge = ChannelConnections.FlowLifetime,
                    IsEssential = true,
                });
                return Results.Redirect(start.AuthorizeUrl);
            }
            catch (RequestRefusedException e)
            {
                return Back(connections, userId, new ConnectOutcome(false, e.Message, e.WayOut?.Href, e.WayOut?.Label));
            }
        });

        channels.MapGet("/callback/{platform}", async (string platform, HttpContext http, ChannelConnections connections) =>
        {
            if (PlatformProvider.FromSlug(platform) is not { } provider || http.User.UserId() is not { } userId)
            {
                return Results.NotFound();
            }

            var query = http.Request.Query;
            ConnectOutcome outcome;
            try
            {
                var message = await connections.CallbackAsync(userId, provider.Platform, http.Request.Cookies[CookieName(provider)],
                    query["state"], query["code"], query["error"], http.RequestAborted);
                outcome = new ConnectOutcome(true, message);
            }
            catch (RequestRefusedException e)
            {
                outcome = new ConnectOutcome(false, e.Message, e.WayOut?.Href, e.WayOut?.Label);
            }

            http.Response.Cookies.Delete(CookieName(provider), new CookieOptions { Path = "/channels/callback", Secure = http.Request.IsHttps, HttpOnly = true });
            return Back(connections, userId, outcome);
        });
    }

    /// <summary>The address the platform sends the creator back to; it must be registered with the platform's app exactly.</summary>
    public static string CallbackUrl(HttpContext http, PlatformProvider provider) =>
        $"{http.Request.Scheme}://{http.Request.Host}/channels/callback/{provider.Slug}";

    // The message travels sealed: a link someone else wrote cannot put words on our page.
    private static IResult Back(ChannelConnections connections, Guid userId, ConnectOutcome outcome) =>
        Results.Redirect($"/channels?outcome={Uri.EscapeDataString(connections.SealOutcome(userId, outcome))}");
}
