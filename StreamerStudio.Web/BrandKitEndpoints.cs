using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Web.Components.Account;

namespace StreamerStudio.Web;

/// <summary>Logos and the shipped fonts over HTTP, for img tags and @font-face in the brand kit pages.</summary>
public static class BrandKitEndpoints
{
    public static void MapBrandKitEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/brand-kits/{kitId:guid}/logo", async (Guid kitId, HttpContext http, BrandKitService kits) =>
        {
            if (http.User.UserId() is not { } userId || await kits.OpenLogoAsync(userId, kitId, http.RequestAborted) is not { } logo)
            {
                return Results.NotFound();
            }

            // The URL carries a version of the file (?v=…), so a replaced logo gets a new URL.
            http.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
            return Results.Stream(logo, "image/png");
        }).RequireAuthorization();

        endpoints.MapGet("/fonts/{family}.ttf", (string family, bool? bold, HttpContext http) =>
        {
            if (FontLibrary.OpenFile(family, bold == true) is not { } font)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=604800";
            return Results.Stream(font, "font/ttf");
        });
    }
}
