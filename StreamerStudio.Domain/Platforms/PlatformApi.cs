using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StreamerStudio.Domain.Platforms;

/// <summary>The platform refused the grant (<c>invalid_grant</c>): the code or refresh token is used, expired or revoked. Only a new consent helps.</summary>
public sealed class GrantRefusedException(Platform platform, string? detail) : Exception($"{platform} refused the grant ({detail ?? "invalid_grant"}).")
{
    public Platform Platform { get; } = platform;
}

/// <summary>The platform answered with an error status or something that is not the JSON it documents. Trying later may help.</summary>
public sealed class PlatformUnavailableException(Platform platform, string detail) : Exception($"{platform} did not answer as expected: {detail}.")
{
    public Platform Platform { get; } = platform;
}

/// <summary>
/// The sync's signal that a connection's grant is gone (<see cref="PlatformConnection.Status"/> is now
/// <see cref="ConnectionStatus.NeedsReconnect"/>): skip it until the creator reconnects.
/// </summary>
public sealed class ChannelNeedsReconnectException(Guid connectionId, string message) : Exception(message)
{
    public Guid ConnectionId { get; } = connectionId;
}

/// <summary>
/// The OAuth calls to a platform, in its wire format (<see cref="PlatformProvider"/>). Tokens go out in request bodies
/// and headers only; no log line and no exception message carries one.
/// </summary>
public sealed partial class PlatformApi(IHttpClientFactory httpFactory, IOptionsMonitor<PlatformsOptions> options, TimeProvider clock, ILogger<PlatformApi> logger)
{
    public const string HttpClientName = "platforms";

    public PlatformAppOptions App(Platform platform) => options.CurrentValue.For(platform);

    public Task<TokenGrant> ExchangeCodeAsync(Platform platform, string code, string redirectUri, string? codeVerifier, CancellationToken cancellationToken) =>
        TokenAsync(platform, PlatformProvider.For(platform).CodeExchangeForm(App(platform), code, redirectUri, codeVerifier), cancellationToken);

    public Task<TokenGrant> RefreshAsync(Platform platform, string refreshToken, CancellationToken cancellationToken) =>
        TokenAsync(platform, PlatformProvider.For(platform).RefreshForm(App(platform), refreshToken), cancellationToken);

    /// <summary>Best effort: false (and a log line without the token) when the platform did not confirm.</summary>
    public async Task<bool> RevokeAsync(Platform platform, string token, CancellationToken cancellationToken)
    {
        var app = App(platform);
        try
        {
            using var response = await Client().PostAsync(app.RevokeUrl, new FormUrlEncodedContent(PlatformProvider.For(platform).RevokeForm(app, token)), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            LogRevokeFailed(platform, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            LogRevokeFailed(platform, e.GetType().Name);
        }

        return false;
    }

    public async Task<PlatformProfile> ProfileAsync(Platform platform, string accessToken, IReadOnlyCollection<string> grantedScopes, CancellationToken cancellationToken)
    {
        var provider = PlatformProvider.For(platform);
        using var request = provider.ProfileRequest(App(platform), accessToken, grantedScopes);
        using var response = await SendAsync(platform, request, cancellationToken);
        var json = await ReadJsonAsync(platform, response, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw response.StatusCode == HttpStatusCode.Unauthorized
                ? new GrantRefusedException(platform, "profile call unauthorized")
                : new PlatformUnavailableException(platform, $"profile answered {(int)response.StatusCode}");
        }

        return provider.ParseProfile(json) ?? throw new PlatformUnavailableException(platform, "the profile named no account");
    }

    private async Task<TokenGrant> TokenAsync(Platform platform, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, App(platform).TokenUrl) { Content = new FormUrlEncodedContent(form) };
        using var response = await SendAsync(platform, request, cancellationToken);
        if ((int)response.StatusCode >= 500)
        {
            LogTokenFailed(platform, (int)response.StatusCode, null);
            throw new PlatformUnavailableException(platform, $"token endpoint answered {(int)response.StatusCode}");
        }

        var json = await ReadJsonAsync(platform, response, cancellationToken);
        // TikTok answers some errors with 200 and an "error" field, so the body decides, not only the status.
        if (Error(json) is { } error)
        {
            LogTokenFailed(platform, (int)response.StatusCode, error);
            throw error == "invalid_grant" || (platform == Platform.Twitch && response.StatusCode == HttpStatusCode.BadRequest)
                ? new GrantRefusedException(platform, error)
                : new PlatformUnavailableException(platform, $"token endpoint refused: {error}");
        }

        if (!response.IsSuccessStatusCode)
        {
            LogTokenFailed(platform, (int)response.StatusCode, null);
            throw new PlatformUnavailableException(platform, $"token endpoint answered {(int)response.StatusCode}");
        }

        return PlatformProvider.For(platform).ParseToken(json, clock.GetUtcNow())
               ?? throw new PlatformUnavailableException(platform, "the token answer had no access token");
    }

    /// <summary>The OAuth error code in a body; Twitch writes <c>{"status":400,"message":"Invalid refresh token"}</c> instead.</summary>
    private static string? Error(JsonElement json) =>
        json.ValueKind != JsonValueKind.Object ? null
        : json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String && error.GetString() is { Length: > 0 } code && code != "ok" ? code
        : json.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number && status.GetInt32() >= 400 ? "invalid_grant"
        : null;

    private async Task<HttpResponseMessage> SendAsync(Platform platform, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await Client().SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new PlatformUnavailableException(platform, $"unreachable ({e.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PlatformUnavailableException(platform, "timed out");
        }
    }

    private static async Task<JsonElement> ReadJsonAsync(Platform platform, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body.Length == 0)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // The body is not echoed: it could hold a token.
            throw new PlatformUnavailableException(platform, $"answered {(int)response.StatusCode} with a body that is not JSON");
        }
    }

    private HttpClient Client() => httpFactory.CreateClient(HttpClientName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Platform} token endpoint failed with {StatusCode} ({Error})")]
    private partial void LogTokenFailed(Platform platform, int statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking a {Platform} token failed ({Reason}); the connection is removed anyway")]
    private partial void LogRevokeFailed(Platform platform, string reason);
}
