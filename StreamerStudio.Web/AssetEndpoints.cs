using Microsoft.AspNetCore.Mvc;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Media;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web.Components.Account;

namespace StreamerStudio.Web;

/// <summary>
/// Asset files over HTTP (img tags and downloads cannot use the circuit). Only the owner gets a private
/// asset (and an admin its preview, audited); anyone gets a public one by its share token, until it is made private again.
/// </summary>
public static class AssetEndpoints
{
    public static void MapAssetEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var owned = endpoints.MapGroup("").RequireAuthorization();

        owned.MapGet("/assets/{assetId:guid}/file", async (Guid assetId, bool? download, string? format, HttpContext http, AssetService assets) =>
        {
            if (http.User.UserId() is not { } userId)
            {
                return Results.NotFound();
            }

            AssetFile? file;
            if (format is null)
            {
                file = await assets.OpenFileAsync(userId, assetId, http.RequestAborted);
            }
            else if (Enum.GetValues<AssetFormat>().FirstOrDefault(f => TextEnum.ToText(f) == format) is var target && TextEnum.ToText(target) == format)
            {
                file = await assets.OpenConvertedAsync(userId, assetId, target, http.RequestAborted);
            }
            else
            {
                return Results.BadRequest("Choose png, jpeg or webp.");
            }

            if (file is null)
            {
                return Results.NotFound();
            }

            // Private, and the bytes under an asset id never change.
            http.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
            return Results.Stream(file.Content, file.ContentType, download == true || format is not null ? file.FileName : null);
        });

        owned.MapGet("/assets/{assetId:guid}/preview", async (Guid assetId, HttpContext http, AssetService assets) =>
        {
            if (http.User.UserId() is not { } userId || await assets.OpenPreviewAsync(userId, assetId, http.RequestAborted) is not { } preview)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
            return Results.Stream(preview.Content, preview.ContentType);
        });

        // An admin reading a user's previews from the admin user page: the role is checked here and again, against the
        // database, in AdminService, which audits the read. Anyone else is refused before any asset is looked up.
        endpoints.MapGet("/admin/users/{userId:guid}/assets/{assetId:guid}/preview", async (Guid userId, Guid assetId, HttpContext http, AdminService admin) =>
        {
            if (http.User.UserId() is not { } actorId)
            {
                return Results.NotFound();
            }

            AssetPreview? preview;
            try
            {
                preview = await admin.OpenAssetPreviewAsync(actorId, userId, assetId, http.RequestAborted);
            }
            catch (ForbiddenException)
            {
                return Results.NotFound();
            }

            if (preview is null)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "private, no-store";
            return Results.Stream(preview.Content, preview.ContentType);
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));

        // The media library's previews (the full pictures only ever go to the renderer).
        owned.MapGet("/media/{mediaId:guid}/preview", async (Guid mediaId, HttpContext http, MediaLibrary media) =>
        {
            if (http.User.UserId() is not { } userId || await media.OpenPreviewAsync(userId, mediaId, http.RequestAborted) is not { } preview)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
            return Results.Stream(preview, "image/webp");
        });

        owned.MapGet("/jobs/{jobId:guid}/zip", async (Guid jobId, HttpContext http, AssetService assets) =>
        {
            if (http.User.UserId() is not { } userId)
            {
                return Results.NotFound();
            }

            // Built in memory first so a job that is not the creator's answers 404, not half a download.
            using var zip = new MemoryStream();
            if (!await assets.WriteJobZipAsync(userId, jobId, zip, http.RequestAborted))
            {
                return Results.NotFound();
            }

            return Results.File(zip.ToArray(), "application/zip", $"streamer-studio-{jobId.ToString("N")[..8]}.zip");
        });

        // The gallery's multi-select: /assets/zip?ids=…&ids=…, every one the creator's or no ZIP at all.
        owned.MapGet("/assets/zip", async ([FromQuery] Guid[] ids, HttpContext http, AssetService assets) =>
        {
            if (http.User.UserId() is not { } userId)
            {
                return Results.NotFound();
            }

            using var zip = new MemoryStream();
            if (!await assets.WriteZipAsync(userId, ids, zip, http.RequestAborted))
            {
                return Results.NotFound();
            }

            return Results.File(zip.ToArray(), "application/zip", $"streamer-studio-{ids.Length}-assets.zip");
        });

        // Public: anyone with the link, only while the asset is public. No caching, so "private" takes effect at once.
        endpoints.MapGet("/s/{token}/image", async (string token, HttpContext http, AssetService assets) =>
        {
            if (token.Length != 32 || await assets.OpenSharedFileAsync(token, http.RequestAborted) is not { } file)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "no-store";
            return Results.Stream(file.Content, file.ContentType);
        });
    }
}
