using StreamerStudio.Domain.Notifications;

namespace StreamerStudio.Web;

/// <summary>
/// One-click unsubscribe (RFC 8058): mail programs POST here from the List-Unsubscribe header, and the confirm page
/// (<c>/email/unsubscribe</c>) posts here too. No sign-in and no antiforgery token: the signed token in the address
/// is the whole proof, and it only ever switches off the one topic it was made for, for the one user.
/// </summary>
public static class EmailEndpoints
{
    public static void MapEmailEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(UnsubscribeLinks.OneClickPath, async (HttpContext http, UnsubscribeLinks links, EmailSettings settings) =>
        {
            var query = http.Request.Query;
            var fromPage = http.Request.HasFormContentType && (await http.Request.ReadFormAsync(http.RequestAborted))["from"] == "page";
            var valid = Guid.TryParse(query["user"], out var userId) && UnsubscribeTopic.FromSlug(query["topic"]) is { } topic &&
                        links.IsValid(userId, topic, query["token"]);
            if (!valid)
            {
                // The page explains a refused link in full; a mail program only needs the status.
                return fromPage
                    ? Results.Redirect(UnsubscribeLinks.Path + http.Request.QueryString, permanent: false)
                    : Results.BadRequest("This unsubscribe link is not valid; nothing was changed.");
            }

            await settings.UnsubscribeAsync(userId, UnsubscribeTopic.FromSlug(query["topic"])!, http.RequestAborted);
            return fromPage
                ? Results.Redirect(UnsubscribeLinks.Path + http.Request.QueryString + "&done=true", permanent: false)
                : Results.Text("Unsubscribed.");
        }).AllowAnonymous().DisableAntiforgery();
    }
}
