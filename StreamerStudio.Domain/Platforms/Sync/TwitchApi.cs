using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace StreamerStudio.Domain.Platforms.Sync;

/// <summary>
/// Twitch Helix, read-only: the broadcaster (<c>GET /users</c>), their follower total
/// (<c>GET /channels/followers</c>), their VODs and uploads (<c>GET /videos</c>) and clips (<c>GET /clips</c>).
/// Every call carries <c>Client-Id</c> and the creator's bearer token; lists page with <c>after</c> cursors.
/// </summary>
public sealed partial class TwitchApi(HttpClient http, IOptions<PlatformsOptions> options, TimeProvider clock)
{
    private PlatformAppOptions Settings => options.Value.Twitch;

    public async Task<IReadOnlyList<ChannelReading>> ReadAsync(string accessToken, int maxPages, CancellationToken cancellationToken)
    {
        var users = await GetAsync<HelixList<HelixUser>>(accessToken, "users", cancellationToken);
        var user = users.Data.FirstOrDefault()
                   ?? throw new PlatformApiException(Platform.Twitch, ApiFailure.Unexpected, "GET /users: no user for the token");
        var followers = await GetAsync<HelixList<HelixFollower>>(accessToken, $"channels/followers?broadcaster_id={Uri.EscapeDataString(user.Id)}&first=1", cancellationToken);

        var content = new List<ContentReading>();
        await foreach (var video in PagesAsync<HelixVideo>(accessToken, $"videos?user_id={Uri.EscapeDataString(user.Id)}&first=100", maxPages, cancellationToken))
        {
            content.Add(new ContentReading(video.Type == "archive" ? ContentKind.Vod : ContentKind.Video, video.Id, video.Url, video.Title,
                video.Description, [], Thumbnail(video.ThumbnailUrl), DurationSeconds(video.Duration), video.ViewCount, null, null,
                video.PublishedAt ?? video.CreatedAt));
        }

        await foreach (var clip in PagesAsync<HelixClip>(accessToken, $"clips?broadcaster_id={Uri.EscapeDataString(user.Id)}&first=100", maxPages, cancellationToken))
        {
            content.Add(new ContentReading(ContentKind.Clip, clip.Id, clip.Url, clip.Title, null, [], clip.ThumbnailUrl,
                clip.Duration is { } seconds ? (int)Math.Round(seconds) : null, clip.ViewCount, null, null, clip.CreatedAt));
        }

        var figures = new ChannelFigures { Followers = followers.Total };
        return
        [
            new ChannelReading(user.Id, user.DisplayName ?? user.Login, user.Login, $"https://www.twitch.tv/{user.Login}", user.ProfileImageUrl,
                user.Description, figures, [], content),
        ];
    }

    /// <summary>
    /// Every item of a Helix list, following <c>pagination.cursor</c> for at most <paramref name="maxPages"/> pages.
    /// Helix lists change while paged and may hand back a cursor already seen: that ends the list rather than loop.
    /// </summary>
    private async IAsyncEnumerable<T> PagesAsync<T>(string accessToken, string path, int maxPages,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>();
        string? cursor = null;
        for (var page = 0; page < maxPages; page++)
        {
            var list = await GetAsync<HelixList<T>>(accessToken, cursor is null ? path : $"{path}&after={Uri.EscapeDataString(cursor)}", cancellationToken);
            foreach (var item in list.Data)
            {
                yield return item;
            }

            cursor = list.Pagination?.Cursor;
            if (string.IsNullOrEmpty(cursor) || !seen.Add(cursor))
            {
                yield break;
            }
        }
    }

    private Task<T> GetAsync<T>(string accessToken, string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, PlatformHttp.Join(Settings.ApiBaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Add("Client-Id", Settings.ClientId ?? "");
        return PlatformHttp.ReadAsync<T>(http, request, Platform.Twitch, PlatformHttp.SnakeCase, clock, cancellationToken);
    }

    /// <summary>VOD thumbnails are templates (<c>%{width}x%{height}</c>); an empty one means still processing.</summary>
    private static string? Thumbnail(string? template) =>
        string.IsNullOrEmpty(template) ? null : template.Replace("%{width}", "640").Replace("%{height}", "360");

    /// <summary>Helix video durations read "1h2m3s".</summary>
    internal static int? DurationSeconds(string? duration)
    {
        var match = duration is null ? null : DurationPattern().Match(duration);
        if (match is not { Success: true })
        {
            return null;
        }

        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        return Part("h") * 3600 + Part("m") * 60 + Part("s");
    }

    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$")]
    private static partial Regex DurationPattern();

    private sealed record HelixList<T>(List<T> Data, HelixPagination? Pagination, long? Total);

    private sealed record HelixPagination(string? Cursor);

    private sealed record HelixUser(string Id, string Login, string? DisplayName, string? Description, string? ProfileImageUrl);

    private sealed record HelixFollower(string UserId);

    private sealed record HelixVideo(string Id, string Title, string? Description, string? Url, string? ThumbnailUrl, long? ViewCount, string? Type,
        string? Duration, DateTimeOffset? CreatedAt, DateTimeOffset? PublishedAt);

    private sealed record HelixClip(string Id, string Title, string? Url, string? ThumbnailUrl, long? ViewCount, double? Duration, DateTimeOffset? CreatedAt);
}
