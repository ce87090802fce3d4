using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web.Components.Account;

namespace StreamerStudio.Web;

/// <summary>
/// Logos, unsaved drafts' images and the shipped fonts over HTTP, for img tags and @font-face in the brand kit
/// pages. A logo or draft image answers only its owner; anyone else gets "not found", as for a missing one.
/// </summary>
public static class BrandKitEndpoints
{
    /// <summary>A logo uploaded in the editor and not saved yet (see <see cref="DraftImages"/>).</summary>
    public static string DraftLogoUrl(string key) => $"brand-kits/drafts/logos/{key}.png";

    /// <summary>A live preview sample (see <see cref="BrandKitPreview.KeyOf"/>).</summary>
    public static string PreviewUrl(string key, AssetType type) => $"brand-kits/drafts/previews/{key}/{TextEnum.ToText(type)}.jpg";

    public static void MapBrandKitEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Keyed by a hash of the content, so the bytes under a URL never change; private, as they are the creator's.
        const string draftCaching = "private, max-age=86400, immutable";

        endpoints.MapGet("/brand-kits/drafts/logos/{key}.png", (string key, HttpContext http, DraftImages drafts) =>
        {
            if (http.User.UserId() is not { } userId || drafts.Logo(userId, key) is not { } png)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = draftCaching;
            return Results.Bytes(png, "image/png");
        }).RequireAuthorization();

        endpoints.MapGet("/brand-kits/drafts/previews/{key}/{type}.jpg", (string key, string type, HttpContext http, DraftImages drafts) =>
        {
            if (http.User.UserId() is not { } userId
                || SampleNamed(type) is not { } sample
                || drafts.Preview(userId, key, sample) is not { } jpeg)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = draftCaching;
            return Results.Bytes(jpeg, "image/jpeg");
        }).RequireAuthorization();

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

    private static AssetType? SampleNamed(string type) =>
        BrandKitPreview.Samples.Where(t => TextEnum.ToText(t) == type).Select(t => (AssetType?)t).FirstOrDefault();
}
