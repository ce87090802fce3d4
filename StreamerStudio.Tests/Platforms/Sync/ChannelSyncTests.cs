using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Domain.Platforms.Sync;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace StreamerStudio.Tests.Platforms.Sync;

/// <summary>
/// The stats and content sync against the platforms' APIs faked in their wire format, on a real PostgreSQL:
/// what is due, what a sync stores, and how each kind of failure is met.
/// </summary>
public sealed class ChannelSyncTests(SyncAppFixture app) : IClassFixture<SyncAppFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => app.RetireEarlierConnectionsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task New_channels_sync_at_once_paid_plans_hourly_and_free_daily()
    {
        var clock = Clocks.Now();
        var start = clock.GetUtcNow();
        var paid = await app.ConnectAsync(Platform.Twitch, SubscriptionTier.Pro);
        var free = await app.ConnectAsync(Platform.Twitch);
        app.TwitchChannel(paid.Token, "1001");
        app.TwitchChannel(free.Token, "1002");

        Assert.Equal(new SyncRun(2, 0), await app.SyncOn(clock).RunAsync());
        Assert.Equal(start + TimeSpan.FromHours(1), (await app.ConnectionAsync(paid.ConnectionId)).NextSyncAt);
        Assert.Equal(start + TimeSpan.FromDays(1), (await app.ConnectionAsync(free.ConnectionId)).NextSyncAt);
        Assert.Equal(new SyncRun(0, 0), await app.SyncOn(clock).RunAsync());

        clock.Advance(TimeSpan.FromHours(1));
        var added = await app.ConnectAsync(Platform.Twitch);
        app.TwitchChannel(added.Token, "1003");
        Assert.Equal(new SyncRun(2, 0), await app.SyncOn(clock).RunAsync());
        Assert.Equal(clock.GetUtcNow(), (await app.ConnectionAsync(paid.ConnectionId)).LastSyncedAt);
        Assert.Equal(clock.GetUtcNow(), (await app.ConnectionAsync(added.ConnectionId)).LastSyncedAt);
        Assert.Equal(start, (await app.ConnectionAsync(free.ConnectionId)).LastSyncedAt);

        // A day after the start: the free one again, the paid one as every hour, the one added (free) not yet.
        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(new SyncRun(2, 0), await app.SyncOn(clock).RunAsync());
        Assert.Equal(clock.GetUtcNow(), (await app.ConnectionAsync(free.ConnectionId)).LastSyncedAt);
        Assert.Equal(start + TimeSpan.FromHours(1), (await app.ConnectionAsync(added.ConnectionId)).LastSyncedAt);
    }

    [Fact]
    public async Task A_twitch_sync_stores_the_broadcaster_follower_total_vods_and_clips()
    {
        var clock = Clocks.Now();
        var creator = await app.ConnectAsync(Platform.Twitch);
        app.TwitchChannel(creator.Token, "2001", followers: 321);

        await app.SyncOn(clock).RunAsync();

        var connection = Assert.Single(await app.Stored.ChannelStatsAsync(creator.UserId));
        var channel = Assert.Single(connection.Channels);
        Assert.Equal(("PixelPilot", "pixelpilot", "https://www.twitch.tv/pixelpilot", true), (channel.Name, channel.Handle, channel.Url, channel.IsPrimary));
        Assert.Equal(321, channel.Figures.Followers);
        var today = Assert.Single(channel.History);
        Assert.Equal((DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), 321L), (today.Day, today.Followers));
        Assert.Null(connection.LastError);

        var content = (await app.Stored.SearchContentAsync(creator.UserId, null)).Items;
        var vod = Assert.Single(content, c => c.Kind == ContentKind.Vod);
        Assert.Equal(("Speedrun any% world record attempt", 3 * 3600 + 2 * 60 + 1, 1500L, "https://static-cdn.jtvnw.net/v1-640x360.jpg"),
            (vod.Title, vod.DurationSeconds!.Value, vod.ViewCount!.Value, vod.ThumbnailUrl!));
        var clip = Assert.Single(content, c => c.Kind == ContentKind.Clip);
        Assert.Equal(("Cozy farming fail", 28, 42L), (clip.Title, clip.DurationSeconds!.Value, clip.ViewCount!.Value));
        // Helix calls carry the app's client id as well as the creator's token.
        Assert.All(app.Fake.LogEntries.Where(e => e.RequestMessage.Headers!.TryGetValue("Authorization", out var bearer) && bearer.Contains($"Bearer {creator.Token}")),
            e => Assert.Equal("test-client-id", e.RequestMessage.Headers!["Client-Id"].Single()));

        // The next day's sync adds a point and counts the followers gained; content is updated, not duplicated.
        clock.Advance(TimeSpan.FromDays(1));
        app.TwitchChannel(creator.Token, "2001", followers: 350);
        await app.SyncOn(clock).RunAsync();
        var history = Assert.Single(Assert.Single(await app.Stored.ChannelStatsAsync(creator.UserId)).Channels).History;
        Assert.Equal([321L, 350L], history.Select(d => d.Followers!.Value));
        Assert.Equal(29, history[1].FollowersGained);
        Assert.Equal(2, (await app.Stored.SearchContentAsync(creator.UserId, null)).Items.Count);
    }

    [Fact]
    public async Task A_youtube_sync_reads_channels_analytics_and_the_uploads_playlist()
    {
        var clock = Clocks.Now();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var creator = await app.ConnectAsync(Platform.Youtube);
        app.Answer(creator.Token, "GET", "/youtube/v3/channels", new
        {
            kind = "youtube#channelListResponse",
            items = new[]
            {
                new
                {
                    kind = "youtube#channel", id = "UCpixel",
                    snippet = new { title = "Pixel Pilot", description = "Games", customUrl = "@pixelpilot",
                        thumbnails = new { high = new { url = "https://yt3.ggpht.com/high.jpg" } } },
                    // YouTube quotes its counts.
                    statistics = new { viewCount = "98765", subscriberCount = "1200", hiddenSubscriberCount = false, videoCount = "2" },
                    contentDetails = new { relatedPlaylists = new { uploads = "UUpixel" } },
                },
            },
        });
        app.Answer(creator.Token, "GET", "/v2/reports", new
        {
            kind = "youtubeAnalytics#resultTable",
            columnHeaders = new[]
            {
                new { name = "day", columnType = "DIMENSION", dataType = "STRING" },
                new { name = "views", columnType = "METRIC", dataType = "INTEGER" },
                new { name = "estimatedMinutesWatched", columnType = "METRIC", dataType = "INTEGER" },
                new { name = "subscribersGained", columnType = "METRIC", dataType = "INTEGER" },
                new { name = "likes", columnType = "METRIC", dataType = "INTEGER" },
            },
            rows = new[]
            {
                new object[] { today.AddDays(-2).ToString("yyyy-MM-dd"), 100, 250, 3, 9 },
                new object[] { today.AddDays(-1).ToString("yyyy-MM-dd"), 140, 300, 5, 12 },
            },
        });
        app.Answer(creator.Token, "GET", "/youtube/v3/playlistItems", new
        {
            items = new[] { new { contentDetails = new { videoId = "vidLong" } }, new { contentDetails = new { videoId = "vidShort" } } },
        }, match: r => SyncAppFixture.WithQuery(r, "playlistId", "UUpixel"));
        app.Answer(creator.Token, "GET", "/youtube/v3/videos", new
        {
            items = new object[]
            {
                new
                {
                    id = "vidLong",
                    snippet = new { title = "Building a castle", description = "Ten hours of stone", tags = new[] { "minecraft", "castle" },
                        publishedAt = "2026-11-01T12:00:00Z", thumbnails = new { maxres = new { url = "https://i.ytimg.com/vi/vidLong/maxres.jpg" } } },
                    statistics = new { viewCount = "5000", likeCount = "400", commentCount = "31" },
                    contentDetails = new { duration = "PT10M5S" },
                },
                new
                {
                    id = "vidShort",
                    snippet = new { title = "One block jump", description = "", tags = Array.Empty<string>(), publishedAt = "2026-11-02T12:00:00Z",
                        thumbnails = new { high = new { url = "https://i.ytimg.com/vi/vidShort/hq.jpg" } } },
                    statistics = new { viewCount = "90000", likeCount = "7000", commentCount = "120" },
                    contentDetails = new { duration = "PT45S" },
                },
            },
        });

        await app.SyncOn(clock).RunAsync();

        Assert.Null((await app.ConnectionAsync(creator.ConnectionId)).LastError);
        var channel = Assert.Single(Assert.Single(await app.Stored.ChannelStatsAsync(creator.UserId)).Channels);
        Assert.Equal(("Pixel Pilot", "@pixelpilot", "https://yt3.ggpht.com/high.jpg"), (channel.Name, channel.Handle, channel.AvatarUrl));
        Assert.Equal(new ChannelFigures { Followers = 1200, Views = 98765, Videos = 2 }, channel.Figures);
        Assert.Equal(3, channel.History.Count);
        Assert.Equal(new DailyFigures { Day = today.AddDays(-1), Views = 140, WatchMinutes = 300, FollowersGained = 5, Likes = 12 }, channel.History[1]);
        Assert.Equal((today, 1200L), (channel.History[2].Day, channel.History[2].Followers!.Value));

        var content = (await app.Stored.SearchContentAsync(creator.UserId, null)).Items;
        Assert.Equal(["vidShort", "vidLong"], content.Select(c => c.Url!.Split("v=")[1]));
        Assert.Equal((ContentKind.Short, 45), (content[0].Kind, content[0].DurationSeconds!.Value));
        Assert.Equal((ContentKind.Video, 605, 5000L, 400L, 31L), (content[1].Kind, content[1].DurationSeconds!.Value, content[1].ViewCount!.Value,
            content[1].LikeCount!.Value, content[1].CommentCount!.Value));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.Equal(["minecraft", "castle"], (await db.ContentItems.SingleAsync(c => c.PlatformContentId == "vidLong")).Tags);
        var report = app.Fake.LogEntries.Single(e => e.RequestMessage.Path == "/v2/reports" && e.RequestMessage.Headers!["Authorization"].Contains($"Bearer {creator.Token}"));
        Assert.Contains("ids=channel%3D%3DMINE", report.RequestMessage.Url);
        Assert.Contains("metrics=views,estimatedMinutesWatched,subscribersGained,likes&dimensions=day", report.RequestMessage.Url);
        // The uploads playlist, never search.list.
        Assert.Equal(0, app.Calls(creator.Token, "/youtube/v3/search"));
    }

    [Fact]
    public async Task A_tiktok_sync_reads_the_envelope_and_pages_the_video_list_by_cursor()
    {
        var clock = Clocks.Now();
        var creator = await app.ConnectAsync(Platform.Tiktok);
        app.Answer(creator.Token, "GET", "/v2/user/info/", new
        {
            data = new { user = new { open_id = "open-1", display_name = "Pixel Pilot", avatar_url = "https://p16.tiktokcdn.com/a.jpg",
                follower_count = 5400, likes_count = 120000, video_count = 3 } },
            error = new { code = "ok", message = "", log_id = "log-1" },
        });
        app.Answer(creator.Token, "POST", "/v2/video/list/", new
        {
            data = new
            {
                videos = new[] { new { id = "t1", title = "Speedrun in 60 seconds", video_description = "speedrun #gaming", create_time = 1764500000,
                    cover_image_url = "https://p16.tiktokcdn.com/t1.jpg", share_url = "https://www.tiktok.com/@pp/video/t1", view_count = 800,
                    like_count = 90, comment_count = 4, share_count = 1, duration = 58 } },
                cursor = 1764400000000, has_more = true,
            },
            error = new { code = "ok", message = "", log_id = "log-2" },
        }, match: r => SyncAppFixture.WithBodyContaining(r, "\"max_count\":20}"));
        app.Answer(creator.Token, "POST", "/v2/video/list/", new
        {
            data = new
            {
                videos = new[] { new { id = "t2", title = "", video_description = "cozy farm tour", create_time = 1764300000,
                    cover_image_url = "https://p16.tiktokcdn.com/t2.jpg", share_url = "https://www.tiktok.com/@pp/video/t2", view_count = 300,
                    like_count = 20, comment_count = 1, share_count = 0, duration = 30 } },
                cursor = 1764200000000, has_more = false,
            },
            error = new { code = "ok", message = "", log_id = "log-3" },
        }, priority: 1, match: r => SyncAppFixture.WithBodyContaining(r, "\"cursor\":1764400000000"));

        Assert.Equal(new SyncRun(1, 0), await app.SyncOn(clock).RunAsync());

        var channel = Assert.Single(Assert.Single(await app.Stored.ChannelStatsAsync(creator.UserId)).Channels);
        Assert.Equal(new ChannelFigures { Followers = 5400, Likes = 120000, Videos = 3 }, channel.Figures);
        var content = (await app.Stored.SearchContentAsync(creator.UserId, null)).Items;
        Assert.Equal(["Speedrun in 60 seconds", "cozy farm tour"], content.Select(c => c.Title));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764500000), content[0].PublishedAt);
        Assert.Equal(2, app.Calls(creator.Token, "/v2/video/list/"));
    }

    [Fact]
    public async Task A_refused_token_is_refreshed_once_at_the_token_endpoint_and_the_sync_goes_on_with_the_rotated_pair()
    {
        var creator = await app.ConnectAsync(Platform.Twitch);
        var fresh = $"token-{Guid.NewGuid():N}";
        app.Answer(creator.Token, "GET", "/helix/users", new { error = "Unauthorized", status = 401, message = "Invalid OAuth token" }, status: 401);
        app.RefreshGrants("refresh-" + creator.Token, fresh);
        app.TwitchChannel(fresh, "3001");

        Assert.Equal(new SyncRun(1, 0), await app.SyncOn(Clocks.Now()).RunAsync());

        Assert.Equal((fresh, "refresh-" + fresh), await app.StoredTokensAsync(creator.ConnectionId));
        Assert.Equal(1, app.Fake.LogEntries.Count(e => e.RequestMessage.Path == "/oauth2/token" && e.RequestMessage.Body!.Contains(creator.Token)));
        Assert.Single(Assert.Single(await app.Stored.ChannelStatsAsync(creator.UserId)).Channels);
    }

    [Fact]
    public async Task A_token_about_to_expire_is_refreshed_before_the_first_call()
    {
        var clock = Clocks.Now();
        var creator = await app.ConnectAsync(Platform.Twitch);
        var fresh = $"token-{Guid.NewGuid():N}";
        app.RefreshGrants("refresh-" + creator.Token, fresh);
        app.TwitchChannel(fresh, "3101");
        // The stored token expires in three minutes: inside the refresh margin.
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            await db.PlatformConnections.Where(c => c.Id == creator.ConnectionId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.TokenExpiresAt, clock.GetUtcNow().AddMinutes(3)));
        }

        Assert.Equal(new SyncRun(1, 0), await app.SyncOn(clock).RunAsync());
        Assert.Equal(0, app.Calls(creator.Token, "/helix/users"));
        Assert.Equal(fresh, (await app.StoredTokensAsync(creator.ConnectionId)).Access);
    }

    [Fact]
    public async Task A_401_mid_sync_with_a_refused_refresh_marks_the_channel_for_reconnecting_and_stores_nothing_of_it()
    {
        var clock = Clocks.Now();
        var creator = await app.ConnectAsync(Platform.Twitch);
        app.TwitchChannel(creator.Token, "4001");
        app.RefuseRefresh("refresh-" + creator.Token);
        app.Answer(creator.Token, "GET", "/helix/videos", new { error = "Unauthorized", status = 401, message = "Invalid OAuth token" }, status: 401, priority: 1);

        Assert.Equal(new SyncRun(0, 1), await app.SyncOn(clock).RunAsync());

        var connection = await app.ConnectionAsync(creator.ConnectionId);
        Assert.Equal(ConnectionStatus.NeedsReconnect, connection.Status);
        Assert.Equal("Twitch no longer accepts Streamer Studio's access to this channel. Reconnect it on the Channels page.", connection.LastError);
        Assert.Empty(Assert.Single(await app.Stored.ChannelStatsAsync(creator.UserId)).Channels);
        // No retry until reconnected, however late it gets.
        clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(new SyncRun(0, 0), await app.SyncOn(clock).RunAsync());
        Assert.Equal(1, app.Calls(creator.Token, "/helix/users"));
    }

    [Fact]
    public async Task A_token_endpoint_answering_5xx_backs_off_and_keeps_the_channel_connected()
    {
        var creator = await app.ConnectAsync(Platform.Twitch);
        app.Answer(creator.Token, "GET", "/helix/users", new { error = "Unauthorized", status = 401, message = "Invalid OAuth token" }, status: 401);
        app.Fake.Given(Request.Create().WithPath("/oauth2/token").UsingPost().WithBody(new WildcardMatcher($"*{creator.Token}*")))
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("upstream unavailable"));

        Assert.Equal(new SyncRun(0, 1), await app.SyncOn(Clocks.Now()).RunAsync());

        var connection = await app.ConnectionAsync(creator.ConnectionId);
        Assert.Equal((ConnectionStatus.Connected, 1), (connection.Status, connection.SyncFailures));
        Assert.StartsWith("Twitch is not answering right now", connection.LastError);
        Assert.Equal(creator.Token, (await app.StoredTokensAsync(creator.ConnectionId)).Access);
    }

    [Fact]
    public async Task A_claim_whose_sync_died_lapses_and_the_connection_is_synced_again()
    {
        var clock = Clocks.Now();
        var creator = await app.ConnectAsync(Platform.Twitch);
        app.TwitchChannel(creator.Token, "4501");
        // As a job server that claimed it and then died leaves it.
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            await db.PlatformConnections.Where(c => c.Id == creator.ConnectionId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SyncLeaseUntil, clock.GetUtcNow().AddSeconds(90)));
        }

        Assert.Equal(new SyncRun(0, 0), await app.SyncOn(clock).RunAsync());
        clock.Advance(TimeSpan.FromSeconds(91));
        Assert.Equal(new SyncRun(1, 0), await app.SyncOn(clock).RunAsync());
        Assert.Null((await app.ConnectionAsync(creator.ConnectionId)).SyncLeaseUntil);
    }

    [Fact]
    public async Task A_channel_disconnected_while_its_sync_reads_keeps_nothing_of_that_sync()
    {
        var creator = await app.ConnectAsync(Platform.Twitch);
        app.TwitchChannel(creator.Token, "4601");
        // The sync's last call answers slowly, so it is still reading when the creator disconnects.
        app.Answer(creator.Token, "GET", "/helix/clips", new { data = Array.Empty<object>(), pagination = new { } }, priority: 1,
            respond: r => r.WithDelay(3000));
        var run = app.SyncOn(Clocks.Now()).RunAsync();
        // Ready when the platform has been asked for the profile: the sync is between its claim and its write.
        while (app.Calls(creator.Token, "/helix/users") == 0 && !run.IsCompleted)
        {
            await Task.Yield();
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChannelConnections>().DisconnectAsync(creator.UserId, creator.ConnectionId);
        }

        Assert.Equal(new SyncRun(0, 1), await run);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.False(await db.Channels.AnyAsync(c => c.UserId == creator.UserId));
        Assert.False(await db.ContentItems.AnyAsync(c => c.UserId == creator.UserId));
    }

    [Fact]
    public async Task A_channel_over_the_plans_limit_is_not_synced_until_the_plan_grows()
    {
        var clock = Clocks.Now();
        var creator = await app.ConnectAsync(Platform.Twitch);
        var second = await app.AddConnectionAsync(creator.UserId, Platform.Youtube);
        app.TwitchChannel(creator.Token, "4701");

        // Free allows one channel: the older one syncs, the newer one waits a day and calls nothing.
        Assert.Equal(new SyncRun(1, 0, Skipped: 1), await app.SyncOn(clock).RunAsync());
        Assert.Equal(0, app.Fake.LogEntries.Count(e => e.RequestMessage.Headers!.TryGetValue("Authorization", out var bearer) &&
                                                       bearer.Contains($"Bearer {second.Token}")));
        Assert.Equal(clock.GetUtcNow().AddDays(1), (await app.ConnectionAsync(second.ConnectionId)).NextSyncAt);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", SyncAppFixture.Password, "Admin");
            await scope.ServiceProvider.GetRequiredService<StreamerStudio.Domain.Admin.AdminService>()
                .ChangeTierAsync(admin.Id, creator.UserId, SubscriptionTier.Pro);
        }

        Assert.True((await app.ConnectionAsync(second.ConnectionId)).NextSyncAt <= DateTimeOffset.UtcNow, "the upgrade should make it due at once");
    }

    [Fact]
    public async Task A_429_sets_the_next_sync_to_when_the_platform_allows_it()
    {
        var clock = Clocks.Now();
        var creator = await app.ConnectAsync(Platform.Twitch);
        app.TwitchChannel(creator.Token, "5001");
        app.Answer(creator.Token, "GET", "/helix/channels/followers", new { error = "Too Many Requests", status = 429, message = "" }, status: 429,
            priority: 1, respond: r => r.WithHeader("Retry-After", "120"));

        Assert.Equal(new SyncRun(0, 1), await app.SyncOn(clock).RunAsync());

        var connection = await app.ConnectionAsync(creator.ConnectionId);
        Assert.Equal((ConnectionStatus.Connected, 0, clock.GetUtcNow().AddSeconds(120)), (connection.Status, connection.SyncFailures, connection.NextSyncAt!.Value));
        Assert.StartsWith("Twitch asked Streamer Studio to slow down.", connection.LastError);
        Assert.DoesNotContain(creator.Token, connection.LastError);
    }

    [Fact]
    public async Task Youtube_quota_used_up_waits_for_midnight_pacific()
    {
        var clock = Clocks.Now();
        var creator = await app.ConnectAsync(Platform.Youtube);
        app.Answer(creator.Token, "GET", "/youtube/v3/channels", """
            {"error":{"code":403,"message":"The request cannot be completed because you have exceeded your quota.","errors":[{"message":"The request cannot be completed because you have exceeded your quota.","domain":"youtube.quota","reason":"quotaExceeded"}]}}
            """, status: 403);

        await app.SyncOn(clock).RunAsync();

        var next = (await app.ConnectionAsync(creator.ConnectionId)).NextSyncAt!.Value;
        var pacific = TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"));
        Assert.Equal(TimeSpan.Zero, pacific.TimeOfDay);
        Assert.InRange(next - clock.GetUtcNow(), TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task Server_errors_back_off_doubling_and_a_success_resets_the_count()
    {
        var clock = Clocks.Now();
        var creator = await app.ConnectAsync(Platform.Twitch);
        app.Answer(creator.Token, "GET", "/helix/users", new { error = "Service Unavailable", status = 503, message = "" }, status: 503);

        await app.SyncOn(clock).RunAsync();
        var first = await app.ConnectionAsync(creator.ConnectionId);
        Assert.Equal((1, clock.GetUtcNow().AddMinutes(5)), (first.SyncFailures, first.NextSyncAt!.Value));
        Assert.StartsWith("Twitch is not answering right now", first.LastError);

        clock.Advance(TimeSpan.FromMinutes(5));
        await app.SyncOn(clock).RunAsync();
        var second = await app.ConnectionAsync(creator.ConnectionId);
        Assert.Equal((2, clock.GetUtcNow().AddMinutes(10)), (second.SyncFailures, second.NextSyncAt!.Value));

        clock.Advance(TimeSpan.FromMinutes(10));
        app.TwitchChannel(creator.Token, "6001");
        app.Answer(creator.Token, "GET", "/helix/users", new
        {
            data = new[] { new { id = "6001", login = "pixelpilot", display_name = "PixelPilot", description = "", profile_image_url = "" } },
        }, priority: 1);
        await app.SyncOn(clock).RunAsync();
        var recovered = await app.ConnectionAsync(creator.ConnectionId);
        Assert.Equal((0, (string?)null), (recovered.SyncFailures, recovered.LastError));
    }

    [Fact]
    public async Task A_cursor_handed_back_twice_ends_the_list_instead_of_looping()
    {
        var creator = await app.ConnectAsync(Platform.Twitch);
        app.TwitchChannel(creator.Token, "7001");
        app.Answer(creator.Token, "GET", "/helix/videos", new
        {
            data = new[] { new { id = "loop", title = "Same page again", url = "https://www.twitch.tv/videos/loop", type = "upload", duration = "1m",
                created_at = "2026-11-01T00:00:00Z" } },
            pagination = new { cursor = "eyJiIjpudWxsfQ" },
        }, priority: 1);

        Assert.Equal(new SyncRun(1, 0), await app.SyncOn(Clocks.Now()).RunAsync());

        // The first page, then the cursor once: seen again, so done (the page limit here is 10).
        Assert.Equal(2, app.Calls(creator.Token, "/helix/videos"));
        Assert.Single((await app.Stored.SearchContentAsync(creator.UserId, "again")).Items);
    }

    [Fact]
    public async Task One_failing_creator_does_not_stop_the_others()
    {
        var broken = await app.ConnectAsync(Platform.Twitch);
        var fine = await app.ConnectAsync(Platform.Twitch);
        app.Answer(broken.Token, "GET", "/helix/users", "<html>Bad gateway</html>", status: 502);
        app.TwitchChannel(fine.Token, "8001");

        Assert.Equal(new SyncRun(1, 1), await app.SyncOn(Clocks.Now()).RunAsync());

        Assert.Single(Assert.Single(await app.Stored.ChannelStatsAsync(fine.UserId)).Channels);
        Assert.Equal(1, (await app.ConnectionAsync(broken.ConnectionId)).SyncFailures);
    }

    [Fact]
    public async Task Two_syncs_at_once_never_sync_one_connection_twice()
    {
        var creators = new List<Creator>();
        for (var i = 0; i < 6; i++)
        {
            var creator = await app.ConnectAsync(Platform.Twitch);
            // Slow answers keep each sync's lock held while the other run looks for work.
            app.TwitchChannel(creator.Token, $"90{i}", delayMs: 150);
            creators.Add(creator);
        }

        var clock = Clocks.Now();
        var runs = await Task.WhenAll(app.SyncOn(clock).RunAsync(), app.SyncOn(clock).RunAsync());

        Assert.Equal(6, runs.Sum(r => r.Synced));
        Assert.All(creators, c => Assert.Equal(1, app.Calls(c.Token, "/helix/users")));
        Assert.True(runs.All(r => r.Synced > 0), "both runs should have found work");
    }

    [Fact]
    public async Task Content_search_matches_words_newest_first_and_only_the_creators_own()
    {
        var creator = await app.ConnectAsync(Platform.Twitch);
        var other = await app.ConnectAsync(Platform.Twitch);
        app.TwitchChannel(creator.Token, "10001");
        app.TwitchChannel(other.Token, "10002");
        await app.SyncOn(Clocks.Now()).RunAsync();

        Assert.Equal(["Speedrun any% world record attempt"], (await app.Stored.SearchContentAsync(creator.UserId, "world record")).Items.Select(c => c.Title));
        Assert.Equal(["Cozy farming fail"], (await app.Stored.SearchContentAsync(creator.UserId, "cozy -speedrun")).Items.Select(c => c.Title));
        Assert.Equal(["Cozy farming fail", "Speedrun any% world record attempt"],
            (await app.Stored.SearchContentAsync(creator.UserId, "")).Items.Select(c => c.Title));
        Assert.Empty((await app.Stored.SearchContentAsync(creator.UserId, "castle")).Items);
        Assert.Empty((await app.Stored.SearchContentAsync(Guid.NewGuid(), "speedrun")).Items);
    }

    [Fact]
    public async Task Refresh_now_is_the_owners_only_and_at_most_every_five_minutes()
    {
        var clock = Clocks.Now();
        var creator = await app.ConnectAsync(Platform.Twitch);
        var stranger = await app.ConnectAsync(Platform.Twitch);
        app.TwitchChannel(creator.Token, "11001");
        var sync = app.SyncOn(clock);

        var notYours = await Assert.ThrowsAsync<RequestRefusedException>(() => sync.SyncNowAsync(stranger.UserId, creator.ConnectionId));
        Assert.Equal("That channel was not found.", notYours.Message);
        Assert.Empty(await app.Stored.ChannelStatsAsync(Guid.NewGuid()));
        Assert.DoesNotContain(await app.Stored.ChannelStatsAsync(stranger.UserId), c => c.ConnectionId == creator.ConnectionId);

        Assert.True((await sync.SyncNowAsync(creator.UserId, creator.ConnectionId)).Synced);
        clock.Advance(TimeSpan.FromMinutes(2));
        var tooSoon = await Assert.ThrowsAsync<RequestRefusedException>(() => sync.SyncNowAsync(creator.UserId, creator.ConnectionId));
        Assert.StartsWith("This channel was refreshed 2 minute(s) ago. You can refresh it once every 5 minutes", tooSoon.Message);

        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.True((await sync.SyncNowAsync(creator.UserId, creator.ConnectionId)).Synced);
        Assert.Equal(2, app.Calls(creator.Token, "/helix/users"));
    }
}
