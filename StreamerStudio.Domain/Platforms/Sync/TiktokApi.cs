using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace StreamerStudio.Domain.Platforms.Sync;

/// <summary>
/// TikTok Display API v2, read-only: the account (<c>GET /user/info/</c>) and its public videos
/// (<c>POST /video/list/</c>, 20 a page, newest first). Every answer comes in the envelope
/// <c>{"data":…,"error":{"code":"ok",…}}</c>; a code other than "ok" is a failure whatever the status.
/// </summary>
public sealed class TiktokApi(HttpClient http, IOptions<PlatformsOptions> options, TimeProvider clock)
{
    private PlatformAppOptions Settings => options.Value.Tiktok;

    /// <summary>TikTok's limit is a one-minute sliding window and it sends no Retry-After.</summary>
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    private const string VideoFields = "id,title,video_description,create_time,cover_image_url,share_url,view_count,like_count,comment_count,duration";

    /// <param name="grantedScopes">Asking for a field whose scope was not granted fails the whole call, so fields follow the grant.</param>
    public async Task<IReadOnlyList<ChannelReading>> ReadAsync(string accessToken, IReadOnlyCollection<string> grantedScopes, int maxPages,
        CancellationToken cancellationToken)
    {
        var scopes = grantedScopes.Count == 0 ? ["user.info.basic", "user.info.stats", "video.list"] : grantedScopes;
        var fields = new List<string> { "open_id", "avatar_url", "display_name" };
        if (scopes.Contains("user.info.profile"))
        {
            fields.AddRange(["username", "bio_description", "profile_deep_link"]);
        }

        if (scopes.Contains("user.info.stats"))
        {
            fields.AddRange(["follower_count", "likes_count", "video_count"]);
        }

        var info = await SendAsync<UserData>(accessToken, HttpMethod.Get, $"user/info/?fields={string.Join(',', fields)}", null, cancellationToken);
        var user = info.User;

        var content = new List<ContentReading>();
        if (scopes.Contains("video.list"))
        {
            long? cursor = null;
            var seen = new HashSet<long>();
            for (var page = 0; page < maxPages; page++)
            {
                var list = await SendAsync<VideoPage>(accessToken, HttpMethod.Post, $"video/list/?fields={VideoFields}",
                    cursor is null ? new { max_count = 20 } : new { max_count = 20, cursor }, cancellationToken);
                content.AddRange((list.Videos ?? []).Select(v => new ContentReading(ContentKind.Video, v.Id, v.ShareUrl,
                    string.IsNullOrWhiteSpace(v.Title) ? v.VideoDescription ?? "" : v.Title, v.VideoDescription, [], v.CoverImageUrl, v.Duration,
                    v.ViewCount, v.LikeCount, v.CommentCount, v.CreateTime is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null)));
                // A page may be short while has_more is true; a cursor handed back twice ends the list.
                if (list.HasMore != true || list.Cursor is not { } next || !seen.Add(next))
                {
                    break;
                }

                cursor = next;
            }
        }

        var figures = new ChannelFigures { Followers = user.FollowerCount, Likes = user.LikesCount, Videos = user.VideoCount };
        return
        [
            new ChannelReading(user.OpenId, user.DisplayName ?? user.Username ?? "TikTok", user.Username, user.ProfileDeepLink, user.AvatarUrl,
                user.BioDescription, figures, [], content),
        ];
    }

    private async Task<T> SendAsync<T>(string accessToken, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, PlatformHttp.Join(Settings.ApiBaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var envelope = await PlatformHttp.ReadAsync<Envelope<T>>(http, request, Platform.Tiktok, PlatformHttp.SnakeCase, clock, cancellationToken, Refusal);
        return envelope.Error?.Code is null or "ok" && envelope.Data is { } data
            ? data
            : throw new PlatformApiException(Platform.Tiktok, ApiFailure.Unexpected, $"{method} {path.Split('?')[0]}: {envelope.Error?.Code ?? "no data"}");
    }

    /// <summary>The envelope's error code says more than the status: a missing scope is not cured by a refresh.</summary>
    private PlatformApiException? Refusal(HttpStatusCode status, string body)
    {
        if (status == HttpStatusCode.OK)
        {
            return null;
        }

        string? code = null;
        try
        {
            code = JsonSerializer.Deserialize<Envelope<JsonElement>>(body, PlatformHttp.SnakeCase)?.Error?.Code;
        }
        catch (JsonException)
        {
            // Not TikTok's envelope (a proxy's error page): the status decides.
        }

        return code switch
        {
            "access_token_invalid" => new PlatformApiException(Platform.Tiktok, ApiFailure.Unauthorized, code),
            "scope_not_authorized" or "scope_permission_missed" => new PlatformApiException(Platform.Tiktok, ApiFailure.MissingPermission, code),
            "rate_limit_exceeded" => new PlatformApiException(Platform.Tiktok, ApiFailure.RateLimited, code, clock.GetUtcNow() + RateWindow),
            _ => null,
        };
    }

    private sealed record Envelope<T>(T? Data, EnvelopeError? Error);

    private sealed record EnvelopeError(string? Code, string? Message, string? LogId);

    private sealed record UserData(TiktokUser User);

    private sealed record TiktokUser(string OpenId, string? DisplayName, string? Username, string? AvatarUrl, string? BioDescription,
        string? ProfileDeepLink, long? FollowerCount, long? LikesCount, long? VideoCount);

    private sealed record VideoPage(List<TiktokVideo>? Videos, long? Cursor, bool? HasMore);

    private sealed record TiktokVideo(string Id, string? Title, string? VideoDescription, long? CreateTime, string? CoverImageUrl, string? ShareUrl,
        long? ViewCount, long? LikeCount, long? CommentCount, int? Duration);
}
