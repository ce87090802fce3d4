using StreamerStudio.Domain.Assets;
using StreamerStudio.Web.Components.Account;

namespace StreamerStudio.Web;

/// <summary>Asset files over HTTP (an img tag cannot use the circuit). Only the owner gets a file.</summary>
public static class AssetEndpoints
{
    public static void MapAssetEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/assets/{assetId:guid}/file", async (Guid assetId, bool? download, HttpContext http, AssetService assets) =>
        {
            if (http.User.UserId() is not { } userId || await assets.OpenFileAsync(userId, assetId, http.RequestAborted) is not { } file)
            {
                return Results.NotFound();
            }

            // Private and immutable: the bytes under an asset id never change.
            http.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
            return Results.Stream(file.Content, file.ContentType, download == true ? file.FileName : null);
        }).RequireAuthorization();
    }
}
