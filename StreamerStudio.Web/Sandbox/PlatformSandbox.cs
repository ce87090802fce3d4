using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Primitives;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Web.Sandbox;

/// <summary>How the sandbox's next token answer goes wrong, for the tests of a platform that misbehaves.</summary>
public enum SandboxTokenFailure
{
    None,
    ServerError,
    MalformedJson,
}

/// <summary>
/// A local stand-in for Twitch, Google/YouTube and TikTok on 127.0.0.1, each in its own wire format: the authorize
/// step (a consent page labelled "Sandbox" where a tester can untick scopes, Allow or Deny), the token endpoint
/// (codes single use, Google's PKCE checked, refresh with TikTok's rotation that kills the old token, Twitch's that
/// keeps it, Google's that sends none), revoke, and the profile calls. Tests use it; in Development with no client ids
/// the host starts it (<see cref="StartInDevelopmentAsync"/>) and the app shows it as "Sandbox". It never runs outside
/// Development: the one check is there. The stats and content APIs go in <c>MapApis</c> (another part of this class);
/// sample channels are in <see cref="SandboxSamples"/>.
/// </summary>
public sealed partial class PlatformSandbox : IHostedService, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IssuedCode> _codes = [];
    private readonly Dictionary<string, SandboxGrant> _accessTokens = [];
    private readonly Dictionary<string, SandboxGrant> _refreshTokens = [];
    private readonly Dictionary<Platform, int> _refreshes = [];
    private readonly List<(Platform Platform, string Token)> _revoked = [];
    /// <summary>Images the sandbox serves at <see cref="ImageUrl"/>: uploaded thumbnails and banners replace the made-up ones.</summary>
    private readonly Dictionary<string, byte[]> _images = [];
    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private SandboxTokenFailure _nextTokenFailure;
    private int _disposed;

    private PlatformSandbox(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    public string BaseUrl { get; private set; } = "";
    /// <summary>Made for this run: nobody else can use the sandbox's token endpoint.</summary>
    public string ClientSecret { get; } = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    public static string ClientId(Platform platform) => $"sandbox-{platform.ToString().ToLowerInvariant()}";

    /// <summary>
    /// In Development, for every platform without a client id: starts the sandbox and points those platforms at it.
    /// With all three configured, or in any other environment, nothing is started and null is returned.
    /// </summary>
    public static async Task<PlatformSandbox?> StartInDevelopmentAsync(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetSection(PlatformsOptions.Section).Get<PlatformsOptions>() ?? new PlatformsOptions();
        var missing = Enum.GetValues<Platform>().Where(p => !configured.For(p).IsConfigured).ToList();
        if (!builder.Environment.IsDevelopment() || missing.Count == 0)
        {
            return null;
        }

        var sandbox = await StartAsync();
        builder.Services.AddSingleton(_ => sandbox);
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PlatformSandbox>());
        builder.Services.PostConfigure<PlatformsOptions>(options => missing.ForEach(p => sandbox.Configure(options.For(p), p)));
        return sandbox;
    }

    public static async Task<PlatformSandbox> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var sandbox = new PlatformSandbox(builder.Build(), clock ?? TimeProvider.System);
        sandbox.Map();
        await sandbox._app.StartAsync();
        sandbox.BaseUrl = sandbox._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return sandbox;
    }

    /// <summary>Points one platform's settings at this sandbox, with the paths the real platform uses.</summary>
    public void Configure(PlatformAppOptions app, Platform platform)
    {
        var (authorize, token, revoke, api) = platform switch
        {
            Platform.Twitch => ("/twitch/oauth2/authorize", "/twitch/oauth2/token", "/twitch/oauth2/revoke", "/twitch/helix"),
            Platform.Youtube => ("/google/o/oauth2/v2/auth", "/google/token", "/google/revoke", "/google/youtube/v3"),
            _ => ("/tiktok/v2/auth/authorize/", "/tiktok/v2/oauth/token/", "/tiktok/v2/oauth/revoke/", "/tiktok/v2"),
        };
        app.UseSandbox(ClientId(platform), ClientSecret, BaseUrl + authorize, BaseUrl + token, BaseUrl + revoke, BaseUrl + api);
        if (app is YoutubeAppOptions youtube)
        {
            youtube.AnalyticsBaseUrl = BaseUrl + "/google/youtubeanalytics/v2";
            youtube.UploadBaseUrl = BaseUrl + "/google/upload/youtube/v3";
        }
    }

    /// <summary>The next token request (any platform) answers a 500, or a 200 whose body is not JSON. One request only.</summary>
    public void FailNextTokenRequest(SandboxTokenFailure failure) => _nextTokenFailure = failure;

    /// <summary>How many refresh_token grants the platform answered with new tokens.</summary>
    public int Refreshes(Platform platform)
    {
        lock (_lock)
        {
            return _refreshes.GetValueOrDefault(platform);
        }
    }

    /// <summary>The refresh token the sandbox would accept now for the platform's sample account (the newest issued).</summary>
    public string? CurrentRefreshToken(Platform platform)
    {
        lock (_lock)
        {
            return _refreshTokens.Where(t => t.Value.Platform == platform).OrderByDescending(t => t.Value.IssuedAt).Select(t => t.Key).FirstOrDefault();
        }
    }

    public IReadOnlyList<(Platform Platform, string Token)> Revoked
    {
        get
        {
            lock (_lock)
            {
                return [.. _revoked];
            }
        }
    }

    /// <summary>The creator revoked the app on the platform's side: every token of the platform stops working.</summary>
    public void RevokeEverything(Platform platform)
    {
        lock (_lock)
        {
            foreach (var key in _accessTokens.Where(t => t.Value.Platform == platform).Select(t => t.Key).ToList())
            {
                _accessTokens.Remove(key);
            }

            foreach (var key in _refreshTokens.Where(t => t.Value.Platform == platform).Select(t => t.Key).ToList())
            {
                _refreshTokens.Remove(key);
            }
        }
    }

    /// <summary>
    /// What the consent page's Allow or Deny does, without a browser: the URL the platform sends the creator back to,
    /// for an authorize URL the app made. <paramref name="untick"/> leaves those scopes out, as a creator can.
    /// </summary>
    public string Decide(string authorizeUrl, bool allow, params string[] untick)
    {
        var uri = new Uri(authorizeUrl);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        var platform = PlatformOfPath(uri.AbsolutePath) ?? throw new ArgumentException("Not a sandbox authorize URL.", nameof(authorizeUrl));
        var requested = SplitScopes(query.GetValueOrDefault("scope").ToString());
        return Callback(platform, query, allow, [.. requested.Except(untick)]);
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            // The consent page needs nothing but its own inline style; its form posts here and redirects to the app.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
            await next(context);
        });

        _app.MapGet("/twitch/oauth2/authorize", (HttpRequest request) => ConsentPage(Platform.Twitch, request.Query));
        _app.MapGet("/google/o/oauth2/v2/auth", (HttpRequest request) => ConsentPage(Platform.Youtube, request.Query));
        _app.MapGet("/tiktok/v2/auth/authorize/", (HttpRequest request) => ConsentPage(Platform.Tiktok, request.Query));
        _app.MapPost("/consent/{platform}", async (Platform platform, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var query = form.Where(f => f.Key is not ("granted" or "decision")).ToDictionary(f => f.Key, f => f.Value);
            return Results.Redirect(Callback(platform, query, form["decision"] == "allow", [.. form["granted"].OfType<string>()]));
        });

        _app.MapPost("/twitch/oauth2/token", (HttpRequest request) => TokenAsync(Platform.Twitch, request));
        _app.MapPost("/google/token", (HttpRequest request) => TokenAsync(Platform.Youtube, request));
        _app.MapPost("/tiktok/v2/oauth/token/", (HttpRequest request) => TokenAsync(Platform.Tiktok, request));
        _app.MapPost("/twitch/oauth2/revoke", (HttpRequest request) => RevokeAsync(Platform.Twitch, request));
        _app.MapPost("/google/revoke", (HttpRequest request) => RevokeAsync(Platform.Youtube, request));
        _app.MapPost("/tiktok/v2/oauth/revoke/", (HttpRequest request) => RevokeAsync(Platform.Tiktok, request));

        _app.MapGet("/twitch/helix/users", (HttpRequest request) => Authorized(request, Platform.Twitch) is not { } grant
            ? Json(new JsonObject { ["error"] = "Unauthorized", ["status"] = 401, ["message"] = "Invalid OAuth token" }, 401)
            : Json(new JsonObject
            {
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = grant.Account.Id, ["login"] = grant.Account.Login, ["display_name"] = grant.Account.DisplayName, ["type"] = "",
                    ["broadcaster_type"] = "affiliate", ["description"] = grant.Account.Description, ["profile_image_url"] = grant.Account.AvatarUrl,
                    ["offline_image_url"] = "", ["view_count"] = 0, ["created_at"] = grant.Account.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                }),
            }));

        // YouTube's profile call is channels.list, which the data APIs' part maps with every part it answers.

        _app.MapGet("/tiktok/v2/user/info/", (HttpRequest request) =>
        {
            if (Authorized(request, Platform.Tiktok) is not { } grant)
            {
                return TiktokError("access_token_invalid", "The access token is invalid or not found in the request.", 401);
            }

            var fields = SplitScopes(request.Query["fields"].ToString());
            if (fields.Contains("username") && !grant.Scopes.Contains("user.info.profile"))
            {
                return TiktokError("scope_not_authorized", "The user did not authorize the scope required for completing this request.", 401);
            }

            var a = grant.Account;
            var all = new Dictionary<string, JsonNode?>
            {
                ["open_id"] = a.Id, ["union_id"] = $"union-{a.Id}", ["avatar_url"] = a.AvatarUrl, ["display_name"] = a.DisplayName, ["username"] = a.Login,
                ["follower_count"] = a.Followers, ["likes_count"] = a.Likes, ["video_count"] = a.Videos,
            };
            var user = new JsonObject();
            foreach (var field in fields.Where(all.ContainsKey))
            {
                user[field] = all[field]?.DeepClone();
            }

            return Json(new JsonObject
            {
                ["data"] = new JsonObject { ["user"] = user },
                ["error"] = new JsonObject { ["code"] = "ok", ["message"] = "", ["log_id"] = LogId() },
            });
        });

        _app.MapGet("/images/{platform}/{id}.jpg", (Platform platform, string id) =>
        {
            lock (_lock)
            {
                if (_images.TryGetValue(ImageKey(platform, id), out var uploaded))
                {
                    return Results.Bytes(uploaded, "image/jpeg");
                }
            }

            return Results.Bytes(PlaceholderImage(id), "image/jpeg");
        });

        MapApis(_app);
        MapUploads(_app);
    }

    /// <summary>The platforms' data APIs beyond the profile (stats, videos, clips): added by the sync's part of this class.</summary>
    partial void MapApis(WebApplication app);

    /// <summary>The platforms' upload APIs (video thumbnails, channel banners): added by the "use on channel" part of this class.</summary>
    partial void MapUploads(WebApplication app);

    /// <summary>
    /// Where the sandbox serves a video's thumbnail or a channel's banner, as the platforms' CDNs do: a made-up image
    /// until something is uploaded for that id, then the upload. The app's content policy allows this origin in Development.
    /// </summary>
    public string ImageUrl(Platform platform, string id) => $"{BaseUrl}/images/{platform}/{Uri.EscapeDataString(id)}.jpg";

    /// <summary>The image last uploaded for that id (a thumbnail or a banner), or null when none was.</summary>
    public byte[]? UploadedImage(Platform platform, string id)
    {
        lock (_lock)
        {
            return _images.GetValueOrDefault(ImageKey(platform, id));
        }
    }

    private void StoreImage(Platform platform, string id, byte[] jpeg)
    {
        lock (_lock)
        {
            _images[ImageKey(platform, id)] = jpeg;
        }
    }

    private static string ImageKey(Platform platform, string id) => $"{platform}/{id}";

    /// <summary>A 320×180 JPEG in a colour made from the id, so each sample video looks different.</summary>
    private static byte[] PlaceholderImage(string id)
    {
        var hue = (uint)id.GetHashCode(StringComparison.Ordinal) % 360;
        using var bitmap = new SkiaSharp.SKBitmap(320, 180);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        {
            canvas.Clear(SkiaSharp.SKColor.FromHsl(hue, 55, 35));
        }

        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }

    /// <summary>The grant a request's Bearer token belongs to, on that platform; null when the token is unknown, expired or revoked.</summary>
    private SandboxGrant? Authorized(HttpRequest request, Platform platform)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }

        lock (_lock)
        {
            return _accessTokens.TryGetValue(header["Bearer ".Length..], out var grant) && grant.Platform == platform && grant.ExpiresAt > _clock.GetUtcNow()
                ? grant
                : null;
        }
    }

    private static IResult ConsentPage(Platform platform, IQueryCollection query)
    {
        var clientId = query[platform == Platform.Tiktok ? "client_key" : "client_id"].ToString();
        if (clientId != ClientId(platform) || string.IsNullOrEmpty(query["redirect_uri"]))
        {
            return Page("Sandbox: unknown app", "<p>The app's client id or redirect URI is missing or not the sandbox's.</p>", 400);
        }

        var account = SandboxSamples.For(platform);
        var hidden = string.Concat(query.Select(q => $"<input type=\"hidden\" name=\"{Encode(q.Key)}\" value=\"{Encode(q.Value.ToString())}\">"));
        var scopes = string.Concat(SplitScopes(query["scope"].ToString()).Select(scope =>
            $"<li><label><input type=\"checkbox\" name=\"granted\" value=\"{Encode(scope)}\" checked> {Encode(scope)}</label></li>"));
        var name = PlatformProvider.For(platform).Name;
        return Page($"Sandbox {name}: allow Streamer Studio?", $"""
            <p data-testid="sandbox-consent">This is the <strong>Sandbox</strong> stand-in for {name}: nothing leaves this machine.
            You are signed in as <strong>{Encode(account.DisplayName)}</strong>.</p>
            <form method="post" action="/consent/{platform}">
              {hidden}
              <fieldset><legend>Streamer Studio asks for</legend><ul>{scopes}</ul></fieldset>
              <button type="submit" name="decision" value="allow">Allow</button>
              <button type="submit" name="decision" value="deny">Deny</button>
            </form>
            """, 200);
    }

    /// <summary>Where the platform sends the creator back: a code (and on Twitch and TikTok the scopes) or error=access_denied, with the state.</summary>
    private string Callback(Platform platform, IReadOnlyDictionary<string, StringValues> query, bool allow, string[] granted)
    {
        var redirect = query.GetValueOrDefault("redirect_uri").ToString();
        var state = query.GetValueOrDefault("state").ToString();
        var parameters = new Dictionary<string, string?> { ["state"] = state };
        if (!allow)
        {
            parameters["error"] = "access_denied";
            parameters["error_description"] = "The user denied you access";
        }
        else
        {
            var code = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
            lock (_lock)
            {
                _codes[code] = new IssuedCode(platform, granted, redirect, query.GetValueOrDefault("code_challenge").ToString(), _clock.GetUtcNow());
            }

            parameters["code"] = code;
            if (platform != Platform.Youtube)
            {
                parameters[platform == Platform.Tiktok ? "scopes" : "scope"] = string.Join(platform == Platform.Tiktok ? "," : " ", granted);
            }
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(redirect, parameters);
    }

    private async Task<IResult> TokenAsync(Platform platform, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var failure = Interlocked.Exchange(ref _nextTokenFailure, SandboxTokenFailure.None);
        if (failure == SandboxTokenFailure.ServerError)
        {
            return Results.Text("upstream connect error", "text/plain", statusCode: 503);
        }

        if (failure == SandboxTokenFailure.MalformedJson)
        {
            return Results.Content("{\"access_token\": \"tr", "application/json");
        }

        var clientId = form[platform == Platform.Tiktok ? "client_key" : "client_id"].ToString();
        if (clientId != ClientId(platform) || form["client_secret"] != ClientSecret)
        {
            return OAuthError(platform, "invalid_client", "Client authentication failed.");
        }

        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            switch (form["grant_type"].ToString())
            {
                case "authorization_code":
                {
                    // Codes are single use: a second exchange fails like the real platforms' does.
                    if (!_codes.Remove(form["code"].ToString(), out var code) || code.Platform != platform || code.RedirectUri != form["redirect_uri"]
                        || now - code.IssuedAt > TimeSpan.FromMinutes(10))
                    {
                        return OAuthError(platform, "invalid_grant", "Invalid authorization code.");
                    }

                    if (platform == Platform.Youtube && code.Challenge.Length > 0 &&
                        Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != code.Challenge)
                    {
                        return OAuthError(platform, "invalid_grant", "Invalid code verifier.");
                    }

                    return TokenAnswer(Issue(platform, code.Scopes, now, withRefresh: true));
                }
                case "refresh_token":
                {
                    var presented = form["refresh_token"].ToString();
                    if (!_refreshTokens.TryGetValue(presented, out var grant) || grant.Platform != platform)
                    {
                        return OAuthError(platform, "invalid_grant", "Invalid refresh token.");
                    }

                    _refreshes[platform] = _refreshes.GetValueOrDefault(platform) + 1;
                    // TikTok: the old refresh token dies the moment a new one is issued. Twitch: a new one, the old still
                    // works. Google: no new refresh token at all.
                    if (platform == Platform.Tiktok)
                    {
                        _refreshTokens.Remove(presented);
                    }

                    return TokenAnswer(Issue(platform, grant.Scopes, now, withRefresh: platform != Platform.Youtube, grant.GrantId));
                }
                default:
                    return OAuthError(platform, "unsupported_grant_type", "Unsupported grant type.");
            }
        }
    }

    private async Task<IResult> RevokeAsync(Platform platform, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var token = form["token"].ToString();
        lock (_lock)
        {
            var grant = _accessTokens.GetValueOrDefault(token) ?? _refreshTokens.GetValueOrDefault(token);
            if (grant is null || grant.Platform != platform)
            {
                return platform == Platform.Twitch
                    ? Json(new JsonObject { ["status"] = 400, ["message"] = "Invalid token" }, 400)
                    : OAuthError(platform, "invalid_request", "Token not found.");
            }

            _revoked.Add((platform, token));
            foreach (var key in _accessTokens.Where(t => t.Value.GrantId == grant.GrantId).Select(t => t.Key).ToList())
            {
                _accessTokens.Remove(key);
            }

            foreach (var key in _refreshTokens.Where(t => t.Value.GrantId == grant.GrantId).Select(t => t.Key).ToList())
            {
                _refreshTokens.Remove(key);
            }
        }

        return platform == Platform.Twitch ? Results.Ok() : Json([]);
    }

    /// <summary>New tokens for a grant; call under the lock.</summary>
    private IssuedTokens Issue(Platform platform, string[] scopes, DateTimeOffset now, bool withRefresh, Guid? grantId = null)
    {
        var lifetime = platform switch { Platform.Twitch => 14_400, Platform.Youtube => 3_599, _ => 86_400 };
        var access = $"{platform.ToString().ToLowerInvariant()}-access-{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18))}";
        var grant = new SandboxGrant(grantId ?? Guid.NewGuid(), platform, SandboxSamples.For(platform), scopes, now, now.AddSeconds(lifetime));
        _accessTokens[access] = grant;
        string? refresh = null;
        if (withRefresh)
        {
            refresh = $"{platform.ToString().ToLowerInvariant()}-refresh-{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18))}";
            _refreshTokens[refresh] = grant;
        }

        return new IssuedTokens(platform, access, refresh, lifetime, scopes, grant.Account.Id);
    }

    private static IResult TokenAnswer(IssuedTokens t)
    {
        var body = new JsonObject { ["access_token"] = t.Access, ["expires_in"] = t.ExpiresIn, ["token_type"] = t.Platform == Platform.Twitch ? "bearer" : "Bearer" };
        if (t.Refresh is not null)
        {
            body["refresh_token"] = t.Refresh;
        }

        switch (t.Platform)
        {
            case Platform.Twitch:
                body["scope"] = new JsonArray([.. t.Scopes.Select(s => (JsonNode)s)]);
                break;
            case Platform.Youtube:
                body["scope"] = string.Join(' ', t.Scopes);
                break;
            default:
                body["scope"] = string.Join(',', t.Scopes);
                body["open_id"] = t.OpenId;
                body["refresh_expires_in"] = 15_552_000;
                break;
        }

        return Json(body);
    }

    private static IResult OAuthError(Platform platform, string error, string description) => platform switch
    {
        Platform.Twitch => Json(new JsonObject { ["status"] = 400, ["message"] = description }, 400),
        Platform.Tiktok => Json(new JsonObject { ["error"] = error, ["error_description"] = description, ["log_id"] = LogId() }, 400),
        _ => Json(new JsonObject { ["error"] = error, ["error_description"] = description }, 400),
    };

    private static IResult TiktokError(string code, string message, int status) => Json(new JsonObject
    {
        ["data"] = new JsonObject(),
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["log_id"] = LogId() },
    }, status);

    private static string LogId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    private static string[] SplitScopes(string scopes) => scopes.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);

    private static Platform? PlatformOfPath(string path) =>
        path.StartsWith("/twitch/", StringComparison.Ordinal) ? Platform.Twitch
        : path.StartsWith("/google/", StringComparison.Ordinal) ? Platform.Youtube
        : path.StartsWith("/tiktok/", StringComparison.Ordinal) ? Platform.Tiktok
        : null;

    private static IResult Json(JsonObject body, int status = 200) => Results.Content(body.ToJsonString(), "application/json", statusCode: status);

    private static IResult Page(string title, string body, int status) => Results.Content($$"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(title)}}</title>
        <style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a} .badge{background:#8a4b00;color:#fff;padding:.1rem .5rem;border-radius:.3rem}
        button{font-size:1rem;padding:.5rem 1rem;margin-right:.5rem}</style></head>
        <body><p><span class="badge">Sandbox</span></p><h1>{{Encode(title)}}</h1>{{body}}</body></html>
        """, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private sealed record IssuedCode(Platform Platform, string[] Scopes, string RedirectUri, string Challenge, DateTimeOffset IssuedAt);

    /// <summary>One consent's tokens: revoking any of its tokens ends them all.</summary>
    private sealed record SandboxGrant(Guid GrantId, Platform Platform, SandboxAccount Account, string[] Scopes, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

    private sealed record IssuedTokens(Platform Platform, string Access, string? Refresh, int ExpiresIn, string[] Scopes, string OpenId);
}
