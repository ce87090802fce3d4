using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml;
using Microsoft.Extensions.Options;

namespace StreamerStudio.Domain.Platforms.Sync;

/// <summary>
/// YouTube Data API v3 and YouTube Analytics v2, read-only. The creator's channels come from
/// <c>channels.list mine=true</c>; their videos from the uploads playlist (<c>playlistItems.list</c>, 3 units a page)
/// and <c>videos.list</c>, never <c>search.list</c> (its own 100-call bucket); the daily series from
/// <c>reports.query</c>. A sync spends at most <see cref="YoutubeAppOptions.UnitsPerSync"/> of the daily 10,000.
/// </summary>
public sealed class YoutubeApi(HttpClient http, IOptions<PlatformsOptions> options, TimeProvider clock)
{
    private YoutubeAppOptions Settings => options.Value.Youtube;

    internal const string AnalyticsScope = "https://www.googleapis.com/auth/yt-analytics.readonly";

    /// <summary>Google resets the daily quota at midnight Pacific time.</summary>
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    /// <summary>
    /// The channels, their figures and uploads; the daily history only when the creator granted YouTube Analytics
    /// (unticking it on the consent screen turns the history off, not the sync).
    /// </summary>
    public async Task<IReadOnlyList<ChannelReading>> ReadAsync(string accessToken, IReadOnlyCollection<string> grantedScopes, int maxPages, int historyDays,
        CancellationToken cancellationToken)
    {
        var units = Settings.ChannelsListUnits;
        // contentDetails as well as the brief's snippet,statistics: it names the uploads playlist.
        var channels = await GetAsync<YoutubeList<YoutubeChannel>>(accessToken,
            PlatformHttp.Join(Settings.ApiBaseUrl, "channels?part=snippet,statistics,contentDetails&mine=true"), cancellationToken);
        var history = grantedScopes.Contains(AnalyticsScope) ? await DailyHistoryAsync(accessToken, historyDays, cancellationToken) : [];

        var readings = new List<ChannelReading>();
        foreach (var channel in channels.Items ?? [])
        {
            var content = new List<ContentReading>();
            string? pageToken = null;
            var seen = new HashSet<string>();
            for (var page = 0; page < maxPages && channel.ContentDetails?.RelatedPlaylists?.Uploads is { } uploads; page++)
            {
                if (units + Settings.PlaylistItemsListUnits + Settings.VideosListUnits > Settings.UnitsPerSync)
                {
                    break;
                }

                units += Settings.PlaylistItemsListUnits + Settings.VideosListUnits;
                var items = await GetAsync<YoutubeList<YoutubePlaylistItem>>(accessToken, PlatformHttp.Join(Settings.ApiBaseUrl,
                    $"playlistItems?part=contentDetails&maxResults=50&playlistId={Uri.EscapeDataString(uploads)}" +
                    (pageToken is null ? "" : $"&pageToken={Uri.EscapeDataString(pageToken)}")), cancellationToken);
                var ids = (items.Items ?? []).Select(i => i.ContentDetails?.VideoId).OfType<string>().ToList();
                if (ids.Count > 0)
                {
                    var videos = await GetAsync<YoutubeList<YoutubeVideo>>(accessToken, PlatformHttp.Join(Settings.ApiBaseUrl,
                        $"videos?part=snippet,statistics,contentDetails&id={string.Join(',', ids.Select(Uri.EscapeDataString))}"), cancellationToken);
                    content.AddRange((videos.Items ?? []).Select(Content));
                }

                pageToken = items.NextPageToken;
                if (string.IsNullOrEmpty(pageToken) || !seen.Add(pageToken))
                {
                    break;
                }
            }

            var snippet = channel.Snippet;
            var statistics = channel.Statistics;
            var figures = new ChannelFigures
            {
                Followers = statistics?.HiddenSubscriberCount == true ? null : statistics?.SubscriberCount,
                Views = statistics?.ViewCount,
                Videos = statistics?.VideoCount,
            };
            readings.Add(new ChannelReading(channel.Id, snippet?.Title ?? channel.Id, snippet?.CustomUrl,
                $"https://www.youtube.com/channel/{channel.Id}", snippet?.Thumbnails?.Best, snippet?.Description, figures,
                // channel==MINE reports on the channel the token was granted for: the first one listed.
                readings.Count == 0 ? history : [], content));
        }

        return readings;
    }

    /// <summary>Views, watch minutes, subscribers gained and likes per day over the kept window; recent days may be missing.</summary>
    private async Task<IReadOnlyList<DailyFigures>> DailyHistoryAsync(string accessToken, int historyDays, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var url = PlatformHttp.Join(Settings.AnalyticsBaseUrl,
            $"reports?ids=channel%3D%3DMINE&startDate={today.AddDays(1 - historyDays):yyyy-MM-dd}&endDate={today:yyyy-MM-dd}" +
            "&metrics=views,estimatedMinutesWatched,subscribersGained,likes&dimensions=day&sort=day");
        var report = await GetAsync<ResultTable>(accessToken, url, cancellationToken);
        var columns = report.ColumnHeaders.Select(h => h.Name).ToList();
        var day = columns.IndexOf("day");
        long? Metric(JsonElement[] row, string name) =>
            columns.IndexOf(name) is var i and >= 0 && row[i].ValueKind == JsonValueKind.Number ? (long)Math.Round(row[i].GetDouble()) : null;

        return (report.Rows ?? [])
            .Where(row => day >= 0 && row.Length == columns.Count)
            .Select(row => new DailyFigures
            {
                Day = DateOnly.ParseExact(row[day].GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Views = Metric(row, "views"),
                WatchMinutes = Metric(row, "estimatedMinutesWatched"),
                FollowersGained = Metric(row, "subscribersGained"),
                Likes = Metric(row, "likes"),
            })
            .ToList();
    }

    private static ContentReading Content(YoutubeVideo video)
    {
        var seconds = video.ContentDetails?.Duration is { } iso ? (int)XmlConvert.ToTimeSpan(iso).TotalSeconds : (int?)null;
        // The API does not say "Short"; a vertical video of up to three minutes is one, and length is all we can see.
        var kind = seconds is > 0 and <= 180 ? ContentKind.Short : ContentKind.Video;
        return new ContentReading(kind, video.Id, $"https://www.youtube.com/watch?v={video.Id}", video.Snippet?.Title ?? "",
            video.Snippet?.Description, video.Snippet?.Tags ?? [], video.Snippet?.Thumbnails?.Best, seconds,
            video.Statistics?.ViewCount, video.Statistics?.LikeCount, video.Statistics?.CommentCount, video.Snippet?.PublishedAt);
    }

    private Task<T> GetAsync<T>(string accessToken, string url, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return PlatformHttp.ReadAsync<T>(http, request, Platform.Youtube, PlatformHttp.CamelCase, clock, cancellationToken, Refusal);
    }

    /// <summary>
    /// Google's 403 reasons that mean something: quotaExceeded (or the older dailyLimitExceeded) — nothing works again
    /// before midnight Pacific; insufficientPermissions — the creator unticked a scope, so only reconnecting helps.
    /// </summary>
    private PlatformApiException? Refusal(HttpStatusCode status, string body) =>
        status != HttpStatusCode.Forbidden ? null
        : body.Contains("\"quotaExceeded\"") || body.Contains("\"dailyLimitExceeded\"")
            ? new PlatformApiException(Platform.Youtube, ApiFailure.QuotaExhausted, "403 quotaExceeded", NextPacificMidnight(clock.GetUtcNow()))
        : body.Contains("\"insufficientPermissions\"")
            ? new PlatformApiException(Platform.Youtube, ApiFailure.MissingPermission, "403 insufficientPermissions")
        : null;

    internal static DateTimeOffset NextPacificMidnight(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Pacific);
        var midnight = local.Date.AddDays(1);
        return new DateTimeOffset(midnight, Pacific.GetUtcOffset(midnight)).ToUniversalTime();
    }

    private sealed record YoutubeList<T>(List<T>? Items, string? NextPageToken);

    private sealed record YoutubeChannel(string Id, YoutubeSnippet? Snippet, YoutubeStatistics? Statistics, YoutubeChannelDetails? ContentDetails);

    private sealed record YoutubeSnippet(string? Title, string? Description, string? CustomUrl, string[]? Tags, DateTimeOffset? PublishedAt,
        YoutubeThumbnails? Thumbnails);

    private sealed record YoutubeThumbnails(YoutubeThumbnail? Default, YoutubeThumbnail? Medium, YoutubeThumbnail? High, YoutubeThumbnail? Maxres)
    {
        public string? Best => (Maxres ?? High ?? Medium ?? Default)?.Url;
    }

    private sealed record YoutubeThumbnail(string? Url);

    private sealed record YoutubeStatistics(long? ViewCount, long? SubscriberCount, bool? HiddenSubscriberCount, long? VideoCount, long? LikeCount,
        long? CommentCount);

    private sealed record YoutubeChannelDetails(YoutubePlaylists? RelatedPlaylists);

    private sealed record YoutubePlaylists(string? Uploads);

    private sealed record YoutubePlaylistItem(YoutubePlaylistItemDetails? ContentDetails);

    private sealed record YoutubePlaylistItemDetails(string? VideoId);

    private sealed record YoutubeVideo(string Id, YoutubeSnippet? Snippet, YoutubeStatistics? Statistics, YoutubeVideoDetails? ContentDetails);

    private sealed record YoutubeVideoDetails(string? Duration);

    private sealed record ResultTable(List<ColumnHeader> ColumnHeaders, List<JsonElement[]>? Rows);

    private sealed record ColumnHeader(string Name);
}
