using System.Text.Json.Nodes;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Web.Sandbox;

/// <summary>
/// YouTube's upload APIs in the sandbox: <c>thumbnails.set</c>, <c>channelBanners.insert</c>, and the channel's
/// <c>brandingSettings</c> through <c>channels.list</c>/<c>channels.update</c> (which, like YouTube's, replaces the whole
/// part). Tokens, scopes, the video's owner, size and image type are checked and refused in Google's error shape.
/// Twitch and TikTok have no such APIs, so neither does the sandbox.
/// </summary>
public sealed partial class PlatformSandbox
{
    private const string UploadScope = "https://www.googleapis.com/auth/youtube.upload";
    private const string ForceSslScope = "https://www.googleapis.com/auth/youtube.force-ssl";
    private const string ManageScope = "https://www.googleapis.com/auth/youtube";
    private const string ReadScope = "https://www.googleapis.com/auth/youtube.readonly";
    private const int ThumbnailLimit = 2 * 1024 * 1024;
    private const int BannerLimit = 6 * 1024 * 1024;

    private JsonObject? _branding;
    private int _banners;

    /// <summary>The YouTube sample account answers thumbnails.set like an account that has not verified its phone number.</summary>
    public bool YoutubeAccountUnverified { get; set; }

    /// <summary>The sample YouTube channel's <c>brandingSettings</c> as the sandbox holds it now (a copy).</summary>
    public JsonObject YoutubeBranding
    {
        get
        {
            lock (_lock)
            {
                return (JsonObject)Branding().DeepClone();
            }
        }
    }

    /// <summary>The sample YouTube channel's banner URL now (<c>brandingSettings.image.bannerExternalUrl</c>).</summary>
    public string? YoutubeBannerUrl => YoutubeBranding["image"]?["bannerExternalUrl"]?.GetValue<string>();

    partial void MapUploads(WebApplication app)
    {
        app.MapPost("/google/upload/youtube/v3/thumbnails/set", SetThumbnailAsync);
        app.MapPost("/google/upload/youtube/v3/channelBanners/insert", InsertBannerAsync);
        app.MapPut("/google/youtube/v3/channels", UpdateChannelAsync);
        app.MapPut("/google/youtube/v3/videos", UpdateVideoAsync);
    }

    private async Task<IResult> SetThumbnailAsync(HttpRequest request)
    {
        if (Authorized(request, Platform.Youtube) is not { } grant)
        {
            return Unauthenticated();
        }

        if (!grant.Scopes.Intersect([UploadScope, ForceSslScope, ManageScope]).Any())
        {
            return InsufficientScopes();
        }

        var videoId = request.Query["videoId"].ToString();
        if (SandboxSamples.Videos(Platform.Youtube).All(v => v.Id != videoId))
        {
            return GoogleError(404, "notFound", "videoNotFound", "youtube.video",
                "The video identified by the <code><a href=\"/youtube/v3/docs/thumbnails/set#videoId\">videoId</a></code> parameter could not be found.");
        }

        if (YoutubeAccountUnverified)
        {
            return GoogleError(403, "forbidden", "forbidden", "youtube.thumbnail",
                "The authenticated user doesnt have permissions to upload and set custom video thumbnails.");
        }

        var (body, refusal) = await ReadImageAsync(request, ThumbnailLimit);
        if (refusal is not null)
        {
            return refusal;
        }

        StoreImage(Platform.Youtube, videoId, body!);
        var url = ImageUrl(Platform.Youtube, videoId);
        var sizes = new JsonObject();
        foreach (var (name, width, height) in new[] { ("default", 120, 90), ("medium", 320, 180), ("high", 480, 360), ("standard", 640, 480), ("maxres", 1280, 720) })
        {
            sizes[name] = new JsonObject { ["url"] = url, ["width"] = width, ["height"] = height };
        }

        return Json(new JsonObject
        {
            ["kind"] = "youtube#thumbnailSetResponse",
            ["etag"] = LogId(),
            ["items"] = new JsonArray(sizes),
        });
    }

    private async Task<IResult> InsertBannerAsync(HttpRequest request)
    {
        if (Authorized(request, Platform.Youtube) is not { } grant)
        {
            return Unauthenticated();
        }

        if (!grant.Scopes.Intersect([UploadScope, ForceSslScope, ManageScope]).Any())
        {
            return InsufficientScopes();
        }

        var (body, refusal) = await ReadImageAsync(request, BannerLimit);
        if (refusal is not null)
        {
            return refusal;
        }

        using (var codec = SkiaSharp.SKCodec.Create(new MemoryStream(body!)))
        {
            var (width, height) = (codec.Info.Width, codec.Info.Height);
            if (width * 9 != height * 16 || width < 2048)
            {
                return GoogleError(400, "badRequest", width < 2048 ? "bannerImageTooSmall" : "bannerImageAspectRatio", "youtube.channelBanner",
                    "The banner image must be 16:9 and at least 2048x1152 pixels.");
            }
        }

        string id;
        lock (_lock)
        {
            id = $"banner-{++_banners}";
        }

        StoreImage(Platform.Youtube, id, body!);
        return Json(new JsonObject { ["kind"] = "youtube#channelBannerResource", ["etag"] = LogId(), ["url"] = ImageUrl(Platform.Youtube, id) });
    }

    private IResult ListBranding(HttpRequest request)
    {
        if (Authorized(request, Platform.Youtube) is not { } grant)
        {
            return Unauthenticated();
        }

        if (!grant.Scopes.Intersect([ReadScope, ForceSslScope, ManageScope]).Any())
        {
            return InsufficientScopes();
        }

        var ids = request.Query["id"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var mine = request.Query["mine"] == "true";
        var items = new JsonArray();
        if (mine || ids.Contains(grant.Account.Id))
        {
            lock (_lock)
            {
                items.Add(new JsonObject
                {
                    ["kind"] = "youtube#channel", ["etag"] = LogId(), ["id"] = grant.Account.Id, ["brandingSettings"] = Branding().DeepClone(),
                });
            }
        }

        return Json(new JsonObject
        {
            ["kind"] = "youtube#channelListResponse",
            ["pageInfo"] = new JsonObject { ["totalResults"] = items.Count, ["resultsPerPage"] = 5 },
            ["items"] = items,
        });
    }

    private async Task<IResult> UpdateChannelAsync(HttpRequest request)
    {
        if (Authorized(request, Platform.Youtube) is not { } grant)
        {
            return Unauthenticated();
        }

        if (!grant.Scopes.Intersect([ForceSslScope, ManageScope]).Any())
        {
            return InsufficientScopes();
        }

        if (!SplitScopes(request.Query["part"].ToString()).SequenceEqual(["brandingSettings"]))
        {
            return GoogleError(400, "badRequest", "invalidPart", "youtube.part", "The sandbox updates the brandingSettings part only.");
        }

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        if (body?["id"]?.GetValue<string>() != grant.Account.Id)
        {
            return GoogleError(403, "forbidden", "channelForbidden", "youtube.channel",
                "The channel identified by the <code>id</code> parameter does not support the request or the request is not properly authorized.");
        }

        // Like YouTube: the part sent replaces the part held; what it leaves out is gone.
        var branding = body["brandingSettings"] as JsonObject ?? [];
        lock (_lock)
        {
            _branding = (JsonObject)branding.DeepClone();
        }

        return Json(new JsonObject { ["kind"] = "youtube#channel", ["etag"] = LogId(), ["id"] = grant.Account.Id, ["brandingSettings"] = branding.DeepClone() });
    }

    /// <summary>The body of a media upload: at most <paramref name="limit"/> bytes and a JPEG or PNG by its first bytes, else Google's refusal.</summary>
    private static async Task<(byte[]? Body, IResult? Refusal)> ReadImageAsync(HttpRequest request, int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return (null, GoogleError(413, "uploadTooLarge", "uploadTooLarge", "global", $"Media larger than: {limit}"));
            }
        }

        var body = buffer.ToArray();
        if (body.Length == 0)
        {
            return (null, GoogleError(400, "badRequest", "mediaBodyRequired", "youtube.thumbnail", "The request does not include the image content."));
        }

        return body is [0xFF, 0xD8, 0xFF, ..] or [0x89, 0x50, 0x4E, 0x47, ..]
            ? (body, null)
            : (null, GoogleError(400, "badRequest", "invalidImage", "youtube.thumbnail", "The provided image content is invalid."));
    }

    /// <summary>The channel's branding until an update replaces it: every field a real channel tends to have, so a test sees what an update keeps. Call under the lock.</summary>
    private JsonObject Branding() => _branding ??= new JsonObject
    {
        ["channel"] = new JsonObject
        {
            ["title"] = SandboxSamples.Youtube.DisplayName,
            ["description"] = SandboxSamples.Youtube.Description,
            ["keywords"] = "\"pixel art\" speedrun \"hollow knight\"",
            ["unsubscribedTrailer"] = SandboxSamples.Videos(Platform.Youtube)[0].Id,
            ["country"] = "GB",
        },
        ["image"] = new JsonObject { ["bannerExternalUrl"] = ImageUrl(Platform.Youtube, "banner-original") },
    };

    private static IResult Unauthenticated() => GoogleError(401, "UNAUTHENTICATED", "authError", "global",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");

    private static IResult InsufficientScopes() => GoogleError(403, "PERMISSION_DENIED", "insufficientPermissions", "global",
        "Request had insufficient authentication scopes.");

    // Google's error shapes, for the sandbox's YouTube calls in every part of this class.

    /// <summary>Google's error body: <c>{"error":{"code","message","errors":[{message,domain,reason}],"status"?}}</c>.</summary>
    private static IResult GoogleError(int code, string status, string reason, string domain, string message)
    {
        var error = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = domain, ["reason"] = reason }),
        };
        if (status.ToUpperInvariant() == status)
        {
            error["status"] = status;
        }

        return Json(new JsonObject { ["error"] = error }, code);
    }
}
