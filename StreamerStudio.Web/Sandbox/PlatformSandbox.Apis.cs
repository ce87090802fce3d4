using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Web.Sandbox;

/// <summary>One day of the sample YouTube channel's analytics: the same numbers for the same day on every run.</summary>
public sealed record SandboxDay(DateOnly Day, long Views, long WatchMinutes, long SubscribersGained, long Likes);

/// <summary>
/// The stats and content APIs the sync calls, in each platform's wire format and at the paths relative to the base URLs
/// <see cref="Configure"/> sets: Helix <c>users</c> (in the main part), <c>channels/followers</c>, <c>videos</c>,
/// <c>clips</c>; YouTube Data <c>channels</c>, <c>playlistItems</c>, <c>videos</c> and Analytics <c>reports</c>; TikTok
/// <c>user/info/</c> (in the main part) and <c>video/list/</c>. They answer from <see cref="SandboxSamples"/>,
/// <see cref="PageSize"/> items a page so that the sync's paging runs, and refuse a bad token or a missing scope the
/// way the platform does.
/// </summary>
public sealed partial class PlatformSandbox
{
    /// <summary>Items per page of every list, whatever the caller asks for (the platforms allow 20 to 100).</summary>
    public const int PageSize = 2;

    /// <summary>Days of YouTube Analytics rows the sample channel has, ending on the report's end date.</summary>
    public const int HistoryDays = 30;

    private const string YoutubeReadonly = "https://www.googleapis.com/auth/youtube.readonly";
    private const string YoutubeAnalytics = "https://www.googleapis.com/auth/yt-analytics.readonly";

    /// <summary>The sample YouTube channel's figures for one day (a weekly rhythm with weekend peaks, no randomness).</summary>
    public static SandboxDay YoutubeDay(DateOnly day)
    {
        var n = day.DayNumber;
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var views = 7_500 + n * 7_919 % 2_500 + (weekend ? 3_000 : 0);
        return new SandboxDay(day, views, views * 4 + n % 97, 35 + n * 31 % 40, views / 24);
    }

    /// <summary>YouTube's uploads playlist id: the channel id with "UU" for "UC".</summary>
    public static string UploadsPlaylist(SandboxAccount account) => "UU" + account.Id[2..];

    partial void MapApis(WebApplication app)
    {
        MapTwitch(app);
        MapYoutube(app);
        MapTiktok(app);
    }

    private void MapTwitch(WebApplication app)
    {
        app.MapGet("/twitch/helix/channels/followers", (HttpRequest request) =>
        {
            if (TwitchRefusal(request) is { } refused)
            {
                return refused;
            }

            var account = SandboxSamples.Twitch;
            return request.Query["broadcaster_id"].ToString() is not { Length: > 0 } broadcaster
                ? TwitchError(400, "Bad Request", "Missing required parameter \"broadcaster_id\"")
                : Json(new JsonObject
                {
                    ["total"] = broadcaster == account.Id ? account.Followers : 0,
                    // The list itself needs moderator:read:followers, which the app does not ask for: only the total.
                    ["data"] = new JsonArray(),
                    ["pagination"] = new JsonObject(),
                });
        });

        app.MapGet("/twitch/helix/videos", (HttpRequest request) =>
        {
            if (TwitchRefusal(request) is { } refused)
            {
                return refused;
            }

            var account = SandboxSamples.Twitch;
            var videos = request.Query["user_id"] == account.Id ? SandboxSamples.Videos(Platform.Twitch) : [];
            return TwitchPage(request, videos, video => new JsonObject
            {
                ["id"] = video.Id, ["stream_id"] = $"4{video.Id}", ["user_id"] = account.Id, ["user_login"] = account.Login,
                ["user_name"] = account.DisplayName, ["title"] = video.Title, ["description"] = video.Description,
                ["created_at"] = Timestamp(video.PublishedAt), ["published_at"] = Timestamp(video.PublishedAt),
                ["url"] = $"https://www.twitch.tv/videos/{video.Id}", ["thumbnail_url"] = ImageUrl(Platform.Twitch, video.Id),
                ["viewable"] = "public", ["view_count"] = video.Views, ["language"] = "en", ["type"] = "archive",
                ["duration"] = TwitchDuration(video.DurationSeconds), ["muted_segments"] = null,
            });
        });

        // The sample account has no clips: an empty list, as Helix answers for a channel without any.
        app.MapGet("/twitch/helix/clips", (HttpRequest request) =>
            TwitchRefusal(request) ?? TwitchPage<SandboxVideo>(request, [], _ => new JsonObject()));
    }

    /// <summary>A bad token or a Client-Id other than the sandbox app's, in Helix's words; null when the call may go on.</summary>
    private IResult? TwitchRefusal(HttpRequest request) =>
        Authorized(request, Platform.Twitch) is null ? TwitchError(401, "Unauthorized", "Invalid OAuth token")
        : request.Headers["Client-Id"] != ClientId(Platform.Twitch) ? TwitchError(401, "Unauthorized", "Client ID and OAuth token do not match")
        : null;

    private static IResult TwitchError(int status, string error, string message) =>
        Json(new JsonObject { ["error"] = error, ["status"] = status, ["message"] = message }, status);

    /// <summary>One Helix page: <c>first</c> (capped at <see cref="PageSize"/>), <c>after</c> an opaque cursor, <c>pagination.cursor</c> while more follow.</summary>
    private static IResult TwitchPage<T>(HttpRequest request, IReadOnlyList<T> all, Func<T, JsonObject> item)
    {
        if (!TryOffset(request.Query["after"].ToString(), out var offset))
        {
            return TwitchError(400, "Bad Request", "Invalid cursor");
        }

        var first = int.TryParse(request.Query["first"], CultureInfo.InvariantCulture, out var asked) ? Math.Clamp(asked, 1, PageSize) : PageSize;
        var page = all.Skip(offset).Take(first).ToList();
        var pagination = new JsonObject();
        if (offset + page.Count < all.Count)
        {
            pagination["cursor"] = Cursor(offset + page.Count);
        }

        return Json(new JsonObject { ["data"] = new JsonArray([.. page.Select(p => (JsonNode)item(p))]), ["pagination"] = pagination });
    }

    private static string TwitchDuration(int seconds)
    {
        var (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return h > 0 ? $"{h}h{m}m{s}s" : m > 0 ? $"{m}m{s}s" : $"{s}s";
    }

    private void MapYoutube(WebApplication app)
    {
        // The same route as the profile call in the main part, ordered before it: this one also answers
        // part=contentDetails (the uploads playlist the sync pages through). Like the profile call, it asks no scope.
        app.MapGet("/google/youtube/v3/channels", (HttpRequest request) =>
        {
            if (Authorized(request, Platform.Youtube) is not { } grant)
            {
                return Unauthenticated();
            }

            var parts = Parts(request);
            if (parts.Contains("brandingSettings"))
            {
                return ListBranding(request);
            }

            var a = grant.Account;
            var channel = new JsonObject { ["kind"] = "youtube#channel", ["etag"] = Etag(a.Id), ["id"] = a.Id };
            if (parts.Contains("snippet"))
            {
                var thumbnail = new JsonObject { ["url"] = a.AvatarUrl, ["width"] = 88, ["height"] = 88 };
                channel["snippet"] = new JsonObject
                {
                    ["title"] = a.DisplayName, ["description"] = a.Description, ["customUrl"] = a.Login, ["publishedAt"] = Timestamp(a.CreatedAt),
                    ["thumbnails"] = new JsonObject { ["default"] = thumbnail, ["medium"] = thumbnail.DeepClone(), ["high"] = thumbnail.DeepClone() },
                };
            }

            if (parts.Contains("statistics"))
            {
                // The Data API writes counts as strings.
                channel["statistics"] = new JsonObject
                {
                    ["viewCount"] = Count(a.Views), ["subscriberCount"] = Count(a.Followers), ["hiddenSubscriberCount"] = false, ["videoCount"] = Count(a.Videos),
                };
            }

            if (parts.Contains("contentDetails"))
            {
                channel["contentDetails"] = new JsonObject { ["relatedPlaylists"] = new JsonObject { ["likes"] = "", ["uploads"] = UploadsPlaylist(a) } };
            }

            return Json(new JsonObject
            {
                ["kind"] = "youtube#channelListResponse", ["etag"] = Etag("channels"),
                ["pageInfo"] = new JsonObject { ["totalResults"] = 1, ["resultsPerPage"] = 5 },
                ["items"] = new JsonArray(channel),
            });
        });

        app.MapGet("/google/youtube/v3/playlistItems", (HttpRequest request) =>
        {
            if (GoogleRefusal(request, YoutubeReadonly) is { } refused)
            {
                return refused;
            }

            var account = SandboxSamples.Youtube;
            if (request.Query["playlistId"] != UploadsPlaylist(account))
            {
                return GoogleError(404, "NOT_FOUND", "playlistNotFound", "global", "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.");
            }

            if (!TryOffset(request.Query["pageToken"].ToString(), out var offset))
            {
                return GoogleError(400, "INVALID_ARGUMENT", "invalidPageToken", "global", "The request specifies an invalid page token.");
            }

            var videos = SandboxSamples.Videos(Platform.Youtube);
            var size = int.TryParse(request.Query["maxResults"], CultureInfo.InvariantCulture, out var asked) ? Math.Clamp(asked, 1, PageSize) : PageSize;
            var page = videos.Skip(offset).Take(size).ToList();
            var body = new JsonObject
            {
                ["kind"] = "youtube#playlistItemListResponse", ["etag"] = Etag($"playlist-{offset}"),
                ["items"] = new JsonArray([.. page.Select((v, i) => (JsonNode)new JsonObject
                {
                    ["kind"] = "youtube#playlistItem", ["etag"] = Etag(v.Id), ["id"] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{UploadsPlaylist(account)}.{v.Id}")),
                    ["contentDetails"] = new JsonObject { ["videoId"] = v.Id, ["videoPublishedAt"] = Timestamp(v.PublishedAt) },
                })]),
                ["pageInfo"] = new JsonObject { ["totalResults"] = videos.Count, ["resultsPerPage"] = size },
            };
            if (offset + page.Count < videos.Count)
            {
                body["nextPageToken"] = Cursor(offset + page.Count);
            }

            if (offset > 0)
            {
                body["prevPageToken"] = Cursor(Math.Max(0, offset - size));
            }

            return Json(body);
        });

        app.MapGet("/google/youtube/v3/videos", (HttpRequest request) =>
        {
            if (GoogleRefusal(request, YoutubeReadonly) is { } refused)
            {
                return refused;
            }

            var parts = Parts(request);
            var account = SandboxSamples.Youtube;
            var ids = request.Query["id"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
            var byId = SandboxSamples.Videos(Platform.Youtube).ToDictionary(v => v.Id);
            var items = ids.Where(byId.ContainsKey).Select(id => byId[id]).Select(v =>
            {
                var video = new JsonObject { ["kind"] = "youtube#video", ["etag"] = Etag(v.Id), ["id"] = v.Id };
                if (parts.Contains("snippet"))
                {
                    var url = ImageUrl(Platform.Youtube, v.Id);
                    JsonObject words;
                    lock (_lock)
                    {
                        words = (JsonObject)Snippet(v).DeepClone();
                    }

                    video["snippet"] = new JsonObject
                    {
                        ["publishedAt"] = Timestamp(v.PublishedAt), ["channelId"] = account.Id, ["title"] = words["title"]!.DeepClone(),
                        ["description"] = words["description"]!.DeepClone(),
                        ["thumbnails"] = new JsonObject
                        {
                            ["default"] = new JsonObject { ["url"] = url, ["width"] = 120, ["height"] = 90 },
                            ["medium"] = new JsonObject { ["url"] = url, ["width"] = 320, ["height"] = 180 },
                            ["high"] = new JsonObject { ["url"] = url, ["width"] = 480, ["height"] = 360 },
                        },
                        ["channelTitle"] = account.DisplayName, ["tags"] = words["tags"]!.DeepClone(),
                        ["categoryId"] = words["categoryId"]!.DeepClone(), ["liveBroadcastContent"] = "none",
                    };
                }

                if (parts.Contains("statistics"))
                {
                    video["statistics"] = new JsonObject
                    {
                        ["viewCount"] = Count(v.Views), ["likeCount"] = Count(v.Likes), ["favoriteCount"] = "0", ["commentCount"] = Count(v.Comments),
                    };
                }

                if (parts.Contains("contentDetails"))
                {
                    video["contentDetails"] = new JsonObject
                    {
                        ["duration"] = XmlConvert.ToString(TimeSpan.FromSeconds(v.DurationSeconds)), ["dimension"] = "2d", ["definition"] = "hd",
                        ["caption"] = "false", ["licensedContent"] = false, ["projection"] = "rectangular",
                    };
                }

                return (JsonNode)video;
            });
            var list = new JsonArray([.. items]);
            return Json(new JsonObject
            {
                ["kind"] = "youtube#videoListResponse", ["etag"] = Etag("videos"), ["items"] = list,
                ["pageInfo"] = new JsonObject { ["totalResults"] = list.Count, ["resultsPerPage"] = list.Count },
            });
        });

        app.MapGet("/google/youtubeanalytics/v2/reports", (HttpRequest request) =>
        {
            if (GoogleRefusal(request, YoutubeAnalytics) is { } refused)
            {
                return refused;
            }

            var query = request.Query;
            if (query["ids"] != "channel==MINE" || query["dimensions"] != "day"
                || !DateOnly.TryParseExact(query["startDate"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !DateOnly.TryParseExact(query["endDate"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end) || end < start)
            {
                return GoogleError(400, "INVALID_ARGUMENT", "badRequest", "global", "Could not parse the query: ids, startDate, endDate and dimensions=day are required.");
            }

            Dictionary<string, Func<SandboxDay, long>> known = new()
            {
                ["views"] = d => d.Views, ["estimatedMinutesWatched"] = d => d.WatchMinutes, ["subscribersGained"] = d => d.SubscribersGained, ["likes"] = d => d.Likes,
            };
            var metrics = query["metrics"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
            var unknown = metrics.FirstOrDefault(m => !known.ContainsKey(m));
            if (metrics.Length == 0 || unknown is not null)
            {
                return GoogleError(400, "INVALID_ARGUMENT", "badRequest", "global", $"Unknown identifier ({unknown}) given in field parameters.metrics.");
            }

            var first = new[] { start, end.AddDays(1 - HistoryDays) }.Max();
            var days = Enumerable.Range(0, end.DayNumber - first.DayNumber + 1).Select(i => YoutubeDay(first.AddDays(i)));
            var columns = new JsonArray((JsonNode)new JsonObject { ["name"] = "day", ["columnType"] = "DIMENSION", ["dataType"] = "STRING" });
            foreach (var metric in metrics)
            {
                columns.Add(new JsonObject { ["name"] = metric, ["columnType"] = "METRIC", ["dataType"] = "INTEGER" });
            }

            return Json(new JsonObject
            {
                ["kind"] = "youtubeAnalytics#resultTable",
                ["columnHeaders"] = columns,
                ["rows"] = new JsonArray([.. days.Select(d => (JsonNode)new JsonArray(
                    [(JsonNode)d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), .. metrics.Select(m => (JsonNode)known[m](d))]))]),
            });
        });
    }

    /// <summary>A bad token (401) or a grant without <paramref name="scope"/> (403), in Google's error shape; null when the call may go on.</summary>
    private IResult? GoogleRefusal(HttpRequest request, string scope) =>
        Authorized(request, Platform.Youtube) is not { } grant ? Unauthenticated()
        : !grant.Scopes.Contains(scope) ? InsufficientScopes()
        : null;

    private static HashSet<string> Parts(HttpRequest request) => [.. request.Query["part"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries)];

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Etag(string of) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"sandbox-{of}"));

    private void MapTiktok(WebApplication app)
    {
        app.MapPost("/tiktok/v2/video/list/", async (HttpRequest request) =>
        {
            if (Authorized(request, Platform.Tiktok) is not { } grant)
            {
                return TiktokError("access_token_invalid", "The access token is invalid or not found in the request.", 401);
            }

            if (!grant.Scopes.Contains("video.list"))
            {
                return TiktokError("scope_not_authorized", "The user did not authorize the scope required for completing this request.", 401);
            }

            long? cursor = null;
            var maxCount = 20;
            try
            {
                var body = await JsonNode.ParseAsync(request.Body);
                cursor = body?["cursor"]?.GetValue<long>();
                maxCount = body?["max_count"]?.GetValue<int>() ?? 20;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                return TiktokError("invalid_params", "The request body is not valid JSON.", 400);
            }

            // TikTok's cursor is a creation time in milliseconds: the next page holds the videos made before it.
            var fields = SplitScopes(request.Query["fields"].ToString()).ToHashSet();
            var older = SandboxSamples.Videos(Platform.Tiktok).Where(v => cursor is null || v.PublishedAt.ToUnixTimeMilliseconds() < cursor).ToList();
            var page = older.Take(Math.Clamp(maxCount, 1, PageSize)).ToList();
            var account = grant.Account;
            var videos = new JsonArray([.. page.Select(v =>
            {
                var all = new Dictionary<string, JsonNode?>
                {
                    ["id"] = v.Id, ["title"] = v.Title, ["video_description"] = v.Description, ["create_time"] = v.PublishedAt.ToUnixTimeSeconds(),
                    ["cover_image_url"] = ImageUrl(Platform.Tiktok, v.Id), ["share_url"] = $"https://www.tiktok.com/@{account.Login}/video/{v.Id}",
                    ["view_count"] = v.Views, ["like_count"] = v.Likes, ["comment_count"] = v.Comments, ["share_count"] = v.Comments / 3,
                    ["duration"] = v.DurationSeconds, ["height"] = 1920, ["width"] = 1080,
                };
                var video = new JsonObject();
                foreach (var field in fields.Where(all.ContainsKey))
                {
                    video[field] = all[field]?.DeepClone();
                }

                return (JsonNode)video;
            })]);

            return Json(new JsonObject
            {
                ["data"] = new JsonObject
                {
                    ["videos"] = videos,
                    ["cursor"] = page.Count > 0 ? page[^1].PublishedAt.ToUnixTimeMilliseconds() : cursor ?? 0,
                    ["has_more"] = older.Count > page.Count,
                },
                ["error"] = new JsonObject { ["code"] = "ok", ["message"] = "", ["log_id"] = LogId() },
            });
        });
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>An opaque page cursor, as the platforms hand out (here it holds an offset).</summary>
    private static string Cursor(int offset) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"offset:{offset}"));

    private static bool TryOffset(string cursor, out int offset)
    {
        offset = 0;
        if (cursor.Length == 0)
        {
            return true;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text["offset:".Length..], CultureInfo.InvariantCulture, out offset) && offset >= 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
