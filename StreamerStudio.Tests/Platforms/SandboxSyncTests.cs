using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Domain.Platforms.Sync;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Platforms;

/// <summary>
/// The stats and content sync against the platform sandbox the app starts in Development (not WireMock): a creator
/// connects through the sandbox's consent, "Refresh now" reads the sandbox's APIs, and the stored figures, history and
/// content are the sandbox's samples.
/// </summary>
public sealed class SandboxSyncTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private PlatformSandbox Sandbox => app.Services.GetRequiredService<PlatformSandbox>();

    private SyncedChannels Stored => app.Services.GetRequiredService<SyncedChannels>();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>A new creator who connected <paramref name="platform"/> through the sandbox's consent page (minus <paramref name="untick"/>).</summary>
    private async Task<(Guid UserId, Guid ConnectionId)> ConnectAsync(Platform platform, params string[] untick)
    {
        var userId = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;
        await using var scope = app.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ChannelConnections>();
        var callback = $"http://127.0.0.1/channels/callback/{platform.ToString().ToLowerInvariant()}";
        var start = await connections.StartAsync(userId, platform, callback);
        var back = QueryHelpers.ParseQuery(new Uri(Sandbox.Decide(start.AuthorizeUrl, true, untick)).Query);
        await connections.CallbackAsync(userId, platform, start.BrowserValue, back["state"], back["code"], null);
        return (userId, Assert.Single((await connections.OverviewAsync(userId)).Channels).ConnectionId);
    }

    private async Task<(ConnectionStats Connection, ChannelStats Channel)> SyncNowAsync(Guid userId, Guid connectionId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<ChannelSync>().SyncNowAsync(userId, connectionId);
        Assert.True(outcome.Synced, outcome.Error);
        var connection = Assert.Single(await Stored.ChannelStatsAsync(userId));
        return (connection, Assert.Single(connection.Channels));
    }

    [Fact]
    public async Task A_twitch_sync_reads_the_sandbox_followers_and_every_page_of_videos()
    {
        var (userId, connectionId) = await ConnectAsync(Platform.Twitch);

        var (connection, channel) = await SyncNowAsync(userId, connectionId);

        Assert.Null(connection.LastError);
        Assert.NotNull(connection.LastSyncedAt);
        Assert.Equal(("PixelPilot", "pixelpilot"), (channel.Name, channel.Handle));
        Assert.Equal(new ChannelFigures { Followers = 12_480 }, channel.Figures);
        Assert.Equal(12_480, Assert.Single(channel.History, d => d.Day == Today).Followers);
        // Three videos at two a page: the cursor was followed.
        var content = (await Stored.SearchContentAsync(userId, null)).Items;
        Assert.Equal(SandboxSamples.Videos(Platform.Twitch).Select(v => v.Title), content.Select(c => c.Title));
        var nohit = content.Single(c => c.Title == "Hollow Knight no-hit attempts (it happened!)");
        Assert.Equal((ContentKind.Vod, 5_884L, 18_020, "https://www.twitch.tv/videos/2279301002", Sandbox.ImageUrl(Platform.Twitch, "2279301002")),
            (nohit.Kind, nohit.ViewCount!.Value, nohit.DurationSeconds!.Value, nohit.Url, nohit.ThumbnailUrl));
    }

    [Fact]
    public async Task A_youtube_sync_reads_the_sandbox_channel_thirty_days_of_analytics_and_the_uploads_playlist()
    {
        var (userId, connectionId) = await ConnectAsync(Platform.Youtube);

        var (connection, channel) = await SyncNowAsync(userId, connectionId);

        Assert.Null(connection.LastError);
        Assert.Equal(("PixelPilot Plays", "@pixelpilot"), (channel.Name, channel.Handle));
        Assert.Equal(new ChannelFigures { Followers = 48_200, Views = 3_912_044, Videos = 187 }, channel.Figures);
        Assert.Equal(PlatformSandbox.HistoryDays, channel.History.Count);
        Assert.Equal((Today.AddDays(1 - PlatformSandbox.HistoryDays), Today), (channel.History[0].Day, channel.History[^1].Day));
        var day = PlatformSandbox.YoutubeDay(Today.AddDays(-3));
        Assert.Equal(new DailyFigures { Day = day.Day, Views = day.Views, WatchMinutes = day.WatchMinutes, FollowersGained = day.SubscribersGained, Likes = day.Likes },
            channel.History[^4]);
        Assert.Equal(48_200, channel.History[^1].Followers);

        // Four uploads at two a page, read through playlistItems and videos.list.
        var content = (await Stored.SearchContentAsync(userId, null)).Items;
        Assert.Equal(SandboxSamples.Videos(Platform.Youtube).Select(v => v.Title), content.Select(c => c.Title));
        var first = content[0];
        Assert.Equal((ContentKind.Video, 184_220L, 9_410L, 612L, 1_934, "https://www.youtube.com/watch?v=dQw4sbx0001", Sandbox.ImageUrl(Platform.Youtube, "dQw4sbx0001")),
            (first.Kind, first.ViewCount!.Value, first.LikeCount!.Value, first.CommentCount!.Value, first.DurationSeconds!.Value, first.Url, first.ThumbnailUrl));
        Assert.Equal(["Celeste Chapter 9 — Every Golden Strawberry"], (await Stored.SearchContentAsync(userId, "strawberry")).Items.Select(c => c.Title));
    }

    [Fact]
    public async Task A_tiktok_sync_reads_the_sandbox_stats_and_video_list()
    {
        var (userId, connectionId) = await ConnectAsync(Platform.Tiktok);

        var (connection, channel) = await SyncNowAsync(userId, connectionId);

        Assert.Null(connection.LastError);
        Assert.Equal(("PixelPilot Clips", "pixelpilot.clips"), (channel.Name, channel.Handle));
        Assert.Equal(new ChannelFigures { Followers = 91_300, Likes = 1_204_551, Videos = 243 }, channel.Figures);
        Assert.Equal(91_300, Assert.Single(channel.History, d => d.Day == Today).Followers);
        var content = (await Stored.SearchContentAsync(userId, null)).Items;
        Assert.Equal(["the no-hit moment #hollowknight", "when the golden strawberry finally drops"], content.Select(c => c.Title));
        Assert.Equal((402_118L, 61_204L, 34, "https://www.tiktok.com/@pixelpilot.clips/video/7311000000000000001", Sandbox.ImageUrl(Platform.Tiktok, "7311000000000000001")),
            (content[0].ViewCount!.Value, content[0].LikeCount!.Value, content[0].DurationSeconds!.Value, content[0].Url, content[0].ThumbnailUrl));
    }

    [Theory]
    [InlineData("GET", "/twitch/helix/videos?user_id=141981764&first=100", "{\"error\":\"Unauthorized\",\"status\":401,\"message\":\"Invalid OAuth token\"}")]
    [InlineData("GET", "/google/youtube/v3/playlistItems?part=contentDetails&playlistId=UU_x5XG1OV2P6uZZ5FSM9Ttw", "\"status\":\"UNAUTHENTICATED\"")]
    [InlineData("GET", "/google/youtubeanalytics/v2/reports?ids=channel%3D%3DMINE&startDate=2026-11-01&endDate=2026-11-30&metrics=views&dimensions=day", "\"status\":\"UNAUTHENTICATED\"")]
    [InlineData("POST", "/tiktok/v2/video/list/?fields=id,title", "\"code\":\"access_token_invalid\"")]
    public async Task The_sandbox_apis_refuse_a_bad_token_in_the_platforms_error_shape(string method, string path, string expected)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), Sandbox.BaseUrl + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        request.Headers.Add("Client-Id", PlatformSandbox.ClientId(Platform.Twitch));
        if (method == "POST")
        {
            request.Content = new StringContent("{\"max_count\":20}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_the_analytics_scope_the_reports_call_is_google_permission_error()
    {
        var (userId, connectionId) = await ConnectAsync(Platform.Youtube, "https://www.googleapis.com/auth/yt-analytics.readonly");
        await using var scope = app.Services.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<ChannelConnections>().AccessTokenAsync(userId, connectionId);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var reports = await http.GetAsync(Sandbox.BaseUrl +
            "/google/youtubeanalytics/v2/reports?ids=channel%3D%3DMINE&startDate=2026-11-01&endDate=2026-11-30&metrics=views&dimensions=day");
        using var uploads = await http.GetAsync(Sandbox.BaseUrl + "/google/youtube/v3/playlistItems?part=contentDetails&playlistId=UU_x5XG1OV2P6uZZ5FSM9Ttw");

        Assert.Equal(HttpStatusCode.Forbidden, reports.StatusCode);
        using var error = JsonDocument.Parse(await reports.Content.ReadAsStringAsync());
        Assert.Equal("insufficientPermissions", error.RootElement.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, uploads.StatusCode);
    }

    [Fact]
    public async Task A_youtube_channel_without_analytics_syncs_figures_and_videos_but_no_daily_history()
    {
        var (userId, connectionId) = await ConnectAsync(Platform.Youtube, "https://www.googleapis.com/auth/yt-analytics.readonly");

        var (connection, channel) = await SyncNowAsync(userId, connectionId);

        Assert.Null(connection.LastError);
        Assert.Equal(48_200, channel.Figures.Followers);
        // Only today's point, from the header figures: no Analytics call was made.
        Assert.Equal([(Today, (long?)48_200, (long?)null)], channel.History.Select(d => (d.Day, d.Followers, d.Views)));
        Assert.Equal(4, (await Stored.SearchContentAsync(userId, null)).Items.Count);
    }

    [Fact]
    public async Task A_youtube_channel_without_read_access_asks_to_reconnect_instead_of_retrying()
    {
        var (userId, connectionId) = await ConnectAsync(Platform.Youtube, "https://www.googleapis.com/auth/youtube.readonly");
        await using var scope = app.Services.CreateAsyncScope();

        var outcome = await scope.ServiceProvider.GetRequiredService<ChannelSync>().SyncNowAsync(userId, connectionId);

        Assert.False(outcome.Synced);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var connection = await db.PlatformConnections.SingleAsync(c => c.Id == connectionId);
        Assert.Equal(ConnectionStatus.NeedsReconnect, connection.Status);
        Assert.StartsWith("YouTube did not give Streamer Studio permission to read this channel's stats and videos.", connection.LastError);
    }

    [Fact]
    public async Task Content_search_never_returns_another_creators_items()
    {
        var (mine, myConnection) = await ConnectAsync(Platform.Twitch);
        var (theirs, theirConnection) = await ConnectAsync(Platform.Twitch);
        await SyncNowAsync(mine, myConnection);
        var (_, theirChannel) = await SyncNowAsync(theirs, theirConnection);

        // Both synced the same sample account: each sees only their own copy of "castle".
        var found = Assert.Single((await Stored.SearchContentAsync(mine, "castle")).Items);
        Assert.NotEqual(theirChannel.ChannelId, found.ChannelId);
        Assert.Empty((await Stored.SearchContentAsync(mine, "castle", channelId: theirChannel.ChannelId)).Items);
        Assert.Empty((await Stored.SearchContentAsync(mine, null, channelId: theirChannel.ChannelId)).Items);
        Assert.Equal(3, (await Stored.SearchContentAsync(theirs, null, channelId: theirChannel.ChannelId)).Items.Count);
    }
}
