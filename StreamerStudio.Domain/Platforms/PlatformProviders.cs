using System.Globalization;
using System.Text.Json;

namespace StreamerStudio.Domain.Platforms;

/// <summary>
/// One platform's app registration and endpoints (<c>Platforms:Twitch</c>, <c>Platforms:Youtube</c>,
/// <c>Platforms:Tiktok</c>). The URLs default to the real platform; the id and secret come from environment or
/// user-secrets only. Without a client id the platform cannot be connected (in Development the sandbox fills in).
/// The connect flow and the stats sync both read these: one place says where a platform lives.
/// </summary>
public class PlatformAppOptions
{
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string AuthorizeUrl { get; set; } = "";
    public string TokenUrl { get; set; } = "";
    public string RevokeUrl { get; set; } = "";
    /// <summary>Where the platform's data API lives (Helix, YouTube Data API, TikTok open API).</summary>
    public string ApiBaseUrl { get; set; } = "";
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);

    /// <summary>True when the "platform" is the local Development sandbox; only the host that started it can say so.</summary>
    public bool IsSandbox { get; private set; }

    public void UseSandbox(string clientId, string clientSecret, string authorizeUrl, string tokenUrl, string revokeUrl, string apiBaseUrl)
    {
        (ClientId, ClientSecret, AuthorizeUrl, TokenUrl, RevokeUrl, ApiBaseUrl) = (clientId, clientSecret, authorizeUrl, tokenUrl, revokeUrl, apiBaseUrl);
        IsSandbox = true;
    }
}

/// <summary>
/// YouTube's registration plus what only YouTube has: the Analytics API and media uploads on hosts of their own, and a
/// daily quota.
/// </summary>
public sealed class YoutubeAppOptions : PlatformAppOptions
{
    /// <summary>YouTube Analytics v2, where the daily history comes from.</summary>
    public string AnalyticsBaseUrl { get; set; } = "https://youtubeanalytics.googleapis.com/v2";

    /// <summary>Where YouTube takes media uploads (thumbnails and banners).</summary>
    public string UploadBaseUrl { get; set; } = "https://www.googleapis.com/upload/youtube/v3";

    /// <summary>
    /// Quota units per call, as Google counts them today (1 per call plus 2 per part asked for; the docs disagree, so
    /// these are settings). The sync stops before it spends more than <see cref="UnitsPerSync"/> of the daily 10,000.
    /// </summary>
    public int ChannelsListUnits { get; set; } = 7;
    public int PlaylistItemsListUnits { get; set; } = 3;
    public int VideosListUnits { get; set; } = 7;
    public int UnitsPerSync { get; set; } = 60;
}

public sealed class PlatformsOptions
{
    public const string Section = "Platforms";

    public PlatformAppOptions Twitch { get; set; } = new()
    {
        AuthorizeUrl = "https://id.twitch.tv/oauth2/authorize",
        TokenUrl = "https://id.twitch.tv/oauth2/token",
        RevokeUrl = "https://id.twitch.tv/oauth2/revoke",
        ApiBaseUrl = "https://api.twitch.tv/helix",
    };

    public YoutubeAppOptions Youtube { get; set; } = new()
    {
        AuthorizeUrl = "https://accounts.google.com/o/oauth2/v2/auth",
        TokenUrl = "https://oauth2.googleapis.com/token",
        RevokeUrl = "https://oauth2.googleapis.com/revoke",
        ApiBaseUrl = "https://www.googleapis.com/youtube/v3",
    };

    public PlatformAppOptions Tiktok { get; set; } = new()
    {
        AuthorizeUrl = "https://www.tiktok.com/v2/auth/authorize/",
        TokenUrl = "https://open.tiktokapis.com/v2/oauth/token/",
        RevokeUrl = "https://open.tiktokapis.com/v2/oauth/revoke/",
        ApiBaseUrl = "https://open.tiktokapis.com/v2",
    };

    public PlatformAppOptions For(Platform platform) => platform switch
    {
        Platform.Twitch => Twitch,
        Platform.Youtube => Youtube,
        Platform.Tiktok => Tiktok,
        _ => throw new ArgumentOutOfRangeException(nameof(platform)),
    };

    /// <summary>Why the settings cannot work, or null: half a registration and relative URLs fail at start, not at the first connect.</summary>
    public string? Problem()
    {
        foreach (var platform in Enum.GetValues<Platform>())
        {
            var app = For(platform);
            if (string.IsNullOrWhiteSpace(app.ClientId) != string.IsNullOrWhiteSpace(app.ClientSecret))
            {
                return $"Platforms:{platform}: set both ClientId and ClientSecret, or neither.";
            }

            (string Name, string Url)[] urls = [("AuthorizeUrl", app.AuthorizeUrl), ("TokenUrl", app.TokenUrl), ("RevokeUrl", app.RevokeUrl), ("ApiBaseUrl", app.ApiBaseUrl)];
            if (app is YoutubeAppOptions youtube)
            {
                urls = [.. urls, ("AnalyticsBaseUrl", youtube.AnalyticsBaseUrl), ("UploadBaseUrl", youtube.UploadBaseUrl)];
            }

            foreach (var (name, url) in urls)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                {
                    return $"Platforms:{platform}:{name} must be an absolute http(s) URL.";
                }
            }
        }

        return null;
    }
}

/// <summary>A scope we ask for, and what the creator loses without it (shown when they untick it on the consent screen).</summary>
public sealed record PlatformScope(string Name, string Feature);

/// <summary>What a token endpoint answered, already in our terms.</summary>
public sealed record TokenGrant(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt, DateTimeOffset? RefreshExpiresAt,
    IReadOnlyList<string>? Scopes, string? PlatformUserId);

/// <summary>Who the connected account is, from the platform's profile call.</summary>
public sealed record PlatformProfile(string PlatformUserId, string Name, string? Handle, string? AvatarUrl, string? Url);

/// <summary>
/// One definition per platform: its name, the least scopes we need (the README says why for each), whether it takes
/// PKCE, how its authorize URL, token response and profile look on the wire. Everything that differs between
/// platforms is here; <see cref="ChannelConnections"/> runs the same flow for all three.
/// </summary>
public abstract class PlatformProvider
{
    public abstract Platform Platform { get; }
    public abstract string Name { get; }
    public abstract IReadOnlyList<PlatformScope> Scopes { get; }
    public abstract bool UsesPkce { get; }
    /// <summary>The name of the client id in every request: TikTok says <c>client_key</c>.</summary>
    protected virtual string ClientIdParameter => "client_id";

    public static readonly IReadOnlyList<PlatformProvider> All = [new TwitchProvider(), new YoutubeProvider(), new TiktokProvider()];

    public static PlatformProvider For(Platform platform) => All.Single(p => p.Platform == platform);

    /// <summary>The platform from a URL segment ("twitch", "youtube", "tiktok"); null for anything else.</summary>
    public static PlatformProvider? FromSlug(string? slug) => All.SingleOrDefault(p => string.Equals(p.Slug, slug, StringComparison.OrdinalIgnoreCase));

    public string Slug => Platform.ToString().ToLowerInvariant();

    public string AuthorizeUrl(PlatformAppOptions app, string state, string redirectUri, string? codeChallenge)
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new(ClientIdParameter, app.ClientId!),
            new("redirect_uri", redirectUri),
            new("response_type", "code"),
            new("scope", JoinScopes(Scopes.Select(s => s.Name))),
            new("state", state),
        };
        if (UsesPkce && codeChallenge is not null)
        {
            query.Add(new("code_challenge", codeChallenge));
            query.Add(new("code_challenge_method", "S256"));
        }

        query.AddRange(ExtraAuthorizeParameters);
        return app.AuthorizeUrl + (app.AuthorizeUrl.Contains('?') ? "&" : "?") +
               string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }

    protected virtual string JoinScopes(IEnumerable<string> scopes) => string.Join(' ', scopes);

    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraAuthorizeParameters => [];

    public Dictionary<string, string> CodeExchangeForm(PlatformAppOptions app, string code, string redirectUri, string? codeVerifier)
    {
        var form = new Dictionary<string, string>
        {
            [ClientIdParameter] = app.ClientId!,
            ["client_secret"] = app.ClientSecret!,
            ["code"] = code,
            ["grant_type"] = "authorization_code",
            ["redirect_uri"] = redirectUri,
        };
        if (UsesPkce && codeVerifier is not null)
        {
            form["code_verifier"] = codeVerifier;
        }

        return form;
    }

    public Dictionary<string, string> RefreshForm(PlatformAppOptions app, string refreshToken) => new()
    {
        [ClientIdParameter] = app.ClientId!,
        ["client_secret"] = app.ClientSecret!,
        ["grant_type"] = "refresh_token",
        ["refresh_token"] = refreshToken,
    };

    /// <summary>Twitch wants the client id and the token; Google only the token; TikTok key, secret and token.</summary>
    public virtual Dictionary<string, string> RevokeForm(PlatformAppOptions app, string token) => new() { ["token"] = token };

    /// <summary>
    /// The token endpoint's JSON in our terms; null when a field we need is missing (treated as a malformed answer).
    /// A missing <c>scope</c> gives null scopes: "not told", not "none granted".
    /// </summary>
    public TokenGrant? ParseToken(JsonElement json, DateTimeOffset now)
    {
        if (json.ValueKind != JsonValueKind.Object || Text(json, "access_token") is not { Length: > 0 } access)
        {
            return null;
        }

        return new TokenGrant(access, Text(json, "refresh_token"), Seconds(json, "expires_in") is { } expires ? now.AddSeconds(expires) : null,
            Seconds(json, "refresh_expires_in") is { } refreshExpires ? now.AddSeconds(refreshExpires) : null,
            json.TryGetProperty("scope", out var scope) ? ParseScopes(scope) : null, Text(json, "open_id"));
    }

    /// <summary>Granted scopes as the platform writes them: Twitch a JSON array (one doc example a string), Google spaces, TikTok commas.</summary>
    protected virtual IReadOnlyList<string> ParseScopes(JsonElement scope) => scope.ValueKind switch
    {
        JsonValueKind.Array => [.. scope.EnumerateArray().Select(s => s.GetString()).OfType<string>()],
        JsonValueKind.String => scope.GetString()!.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => [],
    };

    /// <summary>The request that says who the token belongs to.</summary>
    public abstract HttpRequestMessage ProfileRequest(PlatformAppOptions app, string accessToken, IReadOnlyCollection<string> grantedScopes);

    /// <summary>The profile from the platform's answer; null when it names no account.</summary>
    public abstract PlatformProfile? ParseProfile(JsonElement json);

    protected static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Seconds(JsonElement json, string name) =>
        !json.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    protected static HttpRequestMessage Bearer(string url, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new("Bearer", accessToken);
        return request;
    }
}

/// <summary>Twitch: no PKCE (Twitch does not support it), scopes as a JSON array, refresh tokens may change.</summary>
public sealed class TwitchProvider : PlatformProvider
{
    public override Platform Platform => Platform.Twitch;
    public override string Name => "Twitch";
    public override bool UsesPkce => false;

    // Get Users, follower totals, videos and clips all answer a user token without any scope; the scope parameter
    // is required, so we ask for the one that reads the channel's own subscriber count.
    public override IReadOnlyList<PlatformScope> Scopes { get; } =
        [new("channel:read:subscriptions", "subscriber count on your dashboard")];

    public override Dictionary<string, string> RevokeForm(PlatformAppOptions app, string token) => new() { ["client_id"] = app.ClientId!, ["token"] = token };

    public override HttpRequestMessage ProfileRequest(PlatformAppOptions app, string accessToken, IReadOnlyCollection<string> grantedScopes)
    {
        var request = Bearer($"{app.ApiBaseUrl.TrimEnd('/')}/users", accessToken);
        request.Headers.Add("Client-Id", app.ClientId);
        return request;
    }

    public override PlatformProfile? ParseProfile(JsonElement json)
    {
        if (!json.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
        {
            return null;
        }

        var user = data[0];
        return Text(user, "id") is { } id
            ? new PlatformProfile(id, Text(user, "display_name") ?? Text(user, "login") ?? id, Text(user, "login"), Text(user, "profile_image_url"),
                Text(user, "login") is { } login ? $"https://www.twitch.tv/{login}" : null)
            : null;
    }
}

/// <summary>Google/YouTube: PKCE S256, offline access with consent every time (so a reconnect gets a refresh token), no rotation.</summary>
public sealed class YoutubeProvider : PlatformProvider
{
    public override Platform Platform => Platform.Youtube;
    public override string Name => "YouTube";
    public override bool UsesPkce => true;

    public override IReadOnlyList<PlatformScope> Scopes { get; } =
    [
        new("https://www.googleapis.com/auth/youtube.readonly", "your channel, its videos and subscriber count"),
        new("https://www.googleapis.com/auth/yt-analytics.readonly", "daily views and watch time"),
        new("https://www.googleapis.com/auth/youtube.upload", "setting video thumbnails from your assets"),
        new("https://www.googleapis.com/auth/youtube.force-ssl", "setting your channel banner"),
    ];

    protected override IEnumerable<KeyValuePair<string, string>> ExtraAuthorizeParameters =>
        [new("access_type", "offline"), new("prompt", "consent"), new("include_granted_scopes", "true")];

    public override HttpRequestMessage ProfileRequest(PlatformAppOptions app, string accessToken, IReadOnlyCollection<string> grantedScopes) =>
        Bearer($"{app.ApiBaseUrl.TrimEnd('/')}/channels?part=snippet,statistics&mine=true", accessToken);

    public override PlatformProfile? ParseProfile(JsonElement json)
    {
        if (!json.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
        {
            return null;
        }

        var channel = items[0];
        if (Text(channel, "id") is not { } id)
        {
            return null;
        }

        var snippet = channel.TryGetProperty("snippet", out var s) ? s : default;
        var handle = Text(snippet, "customUrl");
        string? avatar = null;
        if (snippet.ValueKind == JsonValueKind.Object && snippet.TryGetProperty("thumbnails", out var thumbnails) && thumbnails.ValueKind == JsonValueKind.Object)
        {
            avatar = new[] { "medium", "default", "high" }
                .Select(size => thumbnails.TryGetProperty(size, out var t) ? Text(t, "url") : null)
                .FirstOrDefault(url => url is not null);
        }

        return new PlatformProfile(id, Text(snippet, "title") ?? id, handle, avatar,
            handle is not null ? $"https://www.youtube.com/{handle}" : $"https://www.youtube.com/channel/{id}");
    }
}

/// <summary>TikTok: <c>client_key</c>, comma-separated scopes, no PKCE for web apps, refresh tokens always rotate.</summary>
public sealed class TiktokProvider : PlatformProvider
{
    public override Platform Platform => Platform.Tiktok;
    public override string Name => "TikTok";
    public override bool UsesPkce => false;
    protected override string ClientIdParameter => "client_key";

    public override IReadOnlyList<PlatformScope> Scopes { get; } =
    [
        new("user.info.basic", "your account's name and picture"),
        new("user.info.profile", "your @handle and profile link"),
        new("user.info.stats", "follower, like and video counts"),
        new("video.list", "your public videos"),
    ];

    protected override string JoinScopes(IEnumerable<string> scopes) => string.Join(',', scopes);

    public override Dictionary<string, string> RevokeForm(PlatformAppOptions app, string token) =>
        new() { ["client_key"] = app.ClientId!, ["client_secret"] = app.ClientSecret!, ["token"] = token };

    public override HttpRequestMessage ProfileRequest(PlatformAppOptions app, string accessToken, IReadOnlyCollection<string> grantedScopes) =>
        // Asking for a field whose scope was not granted fails the whole call, so the handle only when allowed.
        Bearer($"{app.ApiBaseUrl.TrimEnd('/')}/user/info/?fields=open_id,union_id,avatar_url,display_name{(grantedScopes.Contains("user.info.profile") ? ",username" : "")}",
            accessToken);

    public override PlatformProfile? ParseProfile(JsonElement json)
    {
        if (!json.TryGetProperty("data", out var data) || !data.TryGetProperty("user", out var user) || Text(user, "open_id") is not { } openId)
        {
            return null;
        }

        var username = Text(user, "username");
        return new PlatformProfile(openId, Text(user, "display_name") ?? username ?? "TikTok account", username, Text(user, "avatar_url"),
            username is not null ? $"https://www.tiktok.com/@{username}" : null);
    }
}
