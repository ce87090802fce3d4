using System.Globalization;
using System.Net;
using System.Text.Json;

namespace StreamerStudio.Domain.Platforms.Sync;

/// <summary>What one sync read from a platform for one channel, before it is written.</summary>
public sealed record ChannelReading(
    string PlatformChannelId,
    string Name,
    string? Handle,
    string? Url,
    string? AvatarUrl,
    string? Description,
    ChannelFigures Figures,
    IReadOnlyList<DailyFigures> History,
    IReadOnlyList<ContentReading> Content);

public sealed record ContentReading(
    ContentKind Kind,
    string PlatformContentId,
    string? Url,
    string Title,
    string? Description,
    string[] Tags,
    string? ThumbnailUrl,
    int? DurationSeconds,
    long? Views,
    long? Likes,
    long? Comments,
    DateTimeOffset? PublishedAt);

/// <summary>How a platform call went wrong, which decides when the sync tries again.</summary>
public enum ApiFailure
{
    /// <summary>401: the token was refused.</summary>
    Unauthorized,
    /// <summary>The grant lacks a permission the sync needs (TikTok scope_not_authorized): refreshing cannot help.</summary>
    MissingPermission,
    /// <summary>429: too many calls; <see cref="PlatformApiException.RetryAt"/> says when, if the platform did.</summary>
    RateLimited,
    /// <summary>YouTube's daily quota is used up; it resets at midnight Pacific.</summary>
    QuotaExhausted,
    /// <summary>5xx, a timeout, a dropped connection: worth trying again later.</summary>
    Unavailable,
    /// <summary>An answer we did not expect (another 4xx, a body that does not parse).</summary>
    Unexpected,
}

/// <summary>A refused or failed platform call. The message names the call and the status, never a token.</summary>
public sealed class PlatformApiException(Platform platform, ApiFailure failure, string detail, DateTimeOffset? retryAt = null)
    : Exception($"{platform}: {failure} ({detail})")
{
    public Platform Platform { get; } = platform;
    public ApiFailure Failure { get; } = failure;
    public DateTimeOffset? RetryAt { get; } = retryAt;
}

/// <summary>Sends one platform call and turns its status into a typed answer or a <see cref="PlatformApiException"/>.</summary>
internal static class PlatformHttp
{
    /// <summary>YouTube speaks camelCase (and quotes its counts); Twitch and TikTok speak snake_case.</summary>
    public static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web);
    public static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <param name="refusal">The platform's own reading of a failed answer (its error body), tried before the status codes.</param>
    public static async Task<T> ReadAsync<T>(HttpClient http, HttpRequestMessage request, Platform platform, JsonSerializerOptions json,
        TimeProvider clock, CancellationToken cancellationToken, Func<HttpStatusCode, string, PlatformApiException?>? refusal = null)
    {
        var call = $"{request.Method} {request.RequestUri?.AbsolutePath}";
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new PlatformApiException(platform, ApiFailure.Unavailable, $"{call}: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout, not ours.
            throw new PlatformApiException(platform, ApiFailure.Unavailable, $"{call}: timed out");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = response.StatusCode;
            if (refusal?.Invoke(status, body) is { } specific)
            {
                throw specific;
            }

            if (status == HttpStatusCode.Unauthorized)
            {
                throw new PlatformApiException(platform, ApiFailure.Unauthorized, $"{call}: 401");
            }

            if (status == HttpStatusCode.TooManyRequests)
            {
                throw new PlatformApiException(platform, ApiFailure.RateLimited, $"{call}: 429", RetryAt(response, clock));
            }

            if ((int)status >= 500)
            {
                throw new PlatformApiException(platform, ApiFailure.Unavailable, $"{call}: {(int)status}");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new PlatformApiException(platform, ApiFailure.Unexpected, $"{call}: {(int)status}");
            }

            try
            {
                return JsonSerializer.Deserialize<T>(body, json) ?? throw new JsonException("empty body");
            }
            catch (JsonException e)
            {
                throw new PlatformApiException(platform, ApiFailure.Unexpected, $"{call}: unreadable answer ({e.Message})");
            }
        }
    }

    /// <summary>When a 429 says we may call again: <c>Retry-After</c> (seconds or a date), else Twitch's <c>Ratelimit-Reset</c> (epoch seconds).</summary>
    public static DateTimeOffset? RetryAt(HttpResponseMessage response, TimeProvider clock)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta is { } delta ? clock.GetUtcNow() + delta : retryAfter.Date;
        }

        if (response.Headers.TryGetValues("Ratelimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var epochSeconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(epochSeconds);
        }

        return null;
    }

    public static string Join(string baseUrl, string path) => $"{baseUrl.TrimEnd('/')}/{path}";
}
