using Microsoft.AspNetCore.DataProtection;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Domain.Platforms.Sync;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace StreamerStudio.Tests.Platforms.Sync;

/// <summary>
/// The app without a job server, its platform APIs pointed at a fake on 127.0.0.1 that answers in the platforms' wire
/// format. Each test's creators get their own bearer tokens, and the fake answers per token.
/// </summary>
public sealed class SyncAppFixture : StudioAppFixture
{
    public WireMockServer Fake { get; } = WireMockServer.Start();

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Generation:RunWorkerInWeb=false",
        $"--Platforms:Twitch:ApiBaseUrl={Fake.Url}/helix",
        $"--Platforms:Twitch:TokenUrl={Fake.Url}/oauth2/token",
        "--Platforms:Twitch:ClientId=test-client-id",
        "--Platforms:Twitch:ClientSecret=test-client-secret",
        // Every platform registered, so the Development sandbox stays off and these URLs are the ones used.
        $"--Platforms:Youtube:ApiBaseUrl={Fake.Url}/youtube/v3",
        $"--Platforms:Youtube:AnalyticsBaseUrl={Fake.Url}/v2",
        "--Platforms:Youtube:ClientId=test-client-id",
        "--Platforms:Youtube:ClientSecret=test-client-secret",
        $"--Platforms:Tiktok:ApiBaseUrl={Fake.Url}/v2",
        "--Platforms:Tiktok:ClientId=test-client-id",
        "--Platforms:Tiktok:ClientSecret=test-client-secret",
        "--Platforms:Sync:MaxContentPages=10",
        "--Platforms:Sync:Concurrency=2",
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Fake.Stop();
    }

    /// <summary>The sync on a fake clock, its platform clients and its token refresh on the same clock.</summary>
    public ChannelSync SyncOn(TimeProvider clock)
    {
        var http = Services.GetRequiredService<IHttpClientFactory>();
        var options = Services.GetRequiredService<IOptions<PlatformsOptions>>();
        var scope = Services.CreateScope().ServiceProvider;
        return ActivatorUtilities.CreateInstance<ChannelSync>(scope,
            new TwitchApi(http.CreateClient(), options, clock),
            new YoutubeApi(http.CreateClient(), options, clock),
            new TiktokApi(http.CreateClient(), options, clock),
            ActivatorUtilities.CreateInstance<ChannelConnections>(scope, clock),
            clock);
    }

    /// <summary>The fake Twitch token endpoint trades <paramref name="refreshToken"/> for a new pair (Twitch may rotate the refresh token).</summary>
    public void RefreshGrants(string refreshToken, string accessToken) =>
        Fake.Given(Request.Create().WithPath("/oauth2/token").UsingPost().WithBody(new WildcardMatcher($"*refresh_token={refreshToken}*")))
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new
            {
                access_token = accessToken, refresh_token = "refresh-" + accessToken, expires_in = 14400, scope = new[] { "channel:read:subscriptions" },
                token_type = "bearer",
            })));

    /// <summary>The fake Twitch token endpoint refuses <paramref name="refreshToken"/> as Twitch does a revoked one.</summary>
    public void RefuseRefresh(string refreshToken) =>
        Fake.Given(Request.Create().WithPath("/oauth2/token").UsingPost().WithBody(new WildcardMatcher($"*refresh_token={refreshToken}*")))
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{"status":400,"message":"Invalid refresh token"}"""));

    /// <summary>The connection's stored tokens, decrypted.</summary>
    public async Task<(string Access, string Refresh)> StoredTokensAsync(Guid connectionId)
    {
        var connection = await ConnectionAsync(connectionId);
        var tokens = Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(ChannelConnections.TokenPurpose);
        return (tokens.Unprotect(connection.AccessTokenEncrypted!), tokens.Unprotect(connection.RefreshTokenEncrypted!));
    }

    public SyncedChannels Stored => Services.GetRequiredService<SyncedChannels>();

    /// <summary>A new creator on <paramref name="tier"/> with one connection through the real connect path; its token is unique.</summary>
    public async Task<Creator> ConnectAsync(Platform platform, SubscriptionTier tier = SubscriptionTier.Free)
    {
        var user = await CreateUserAsync($"{Guid.NewGuid():N}@example.com", Password);
        if (tier != SubscriptionTier.Free)
        {
            await using var db = TestPostgres.CreateContext(ConnectionString);
            await db.Subscriptions.Where(s => s.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Tier, tier));
        }

        return await AddConnectionAsync(user.Id, platform);
    }

    /// <summary>Another connection for an existing creator, made after the ones it has; its token is unique.</summary>
    public async Task<Creator> AddConnectionAsync(Guid userId, Platform platform)
    {
        var token = $"token-{Guid.NewGuid():N}";
        // As a finished OAuth callback leaves it (ChannelConnectionTests drive that path itself): tokens encrypted.
        var tokens = Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(ChannelConnections.TokenPurpose);
        var connection = new PlatformConnection
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Platform = platform,
            PlatformUserId = $"{platform}-{userId:N}",
            PlatformUsername = "pixelpilot",
            Scopes = [.. PlatformProvider.For(platform).Scopes.Select(s => s.Name)],
            AccessTokenEncrypted = tokens.Protect(token),
            RefreshTokenEncrypted = tokens.Protect("refresh-" + token),
            // Far enough out for the tests that move the clock by days; refresh tests set their own expiry.
            TokenExpiresAt = DateTimeOffset.UtcNow.AddDays(30),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var db = TestPostgres.CreateContext(ConnectionString);
        db.PlatformConnections.Add(connection);
        await db.SaveChangesAsync();
        return new Creator(userId, connection.Id, token);
    }

    public async Task<PlatformConnection> ConnectionAsync(Guid connectionId)
    {
        await using var db = TestPostgres.CreateContext(ConnectionString);
        return await db.PlatformConnections.AsNoTracking().SingleAsync(c => c.Id == connectionId);
    }

    /// <summary>Every connection of earlier tests out of the way, so a run syncs only this test's.</summary>
    public async Task RetireEarlierConnectionsAsync()
    {
        await using var db = TestPostgres.CreateContext(ConnectionString);
        await db.PlatformConnections.ExecuteUpdateAsync(s => s.SetProperty(c => c.IsActive, false));
    }

    /// <summary>Calls the fake received for <paramref name="path"/> with this bearer token.</summary>
    public int Calls(string token, string path) => Fake.LogEntries.Count(e =>
        e.RequestMessage.Path == path && e.RequestMessage.Headers is { } headers
        && headers.TryGetValue("Authorization", out var values) && values.Contains($"Bearer {token}"));

    public void Answer(string token, string method, string path, object body, int status = 200, int priority = 10,
        Action<IRequestBuilder>? match = null, Action<IResponseBuilder>? respond = null)
    {
        var request = Request.Create().WithPath(path).UsingMethod(method).WithHeader("Authorization", $"Bearer {token}");
        match?.Invoke(request);
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
            .WithBody(body as string ?? JsonSerializer.Serialize(body));
        respond?.Invoke(response);
        Fake.Given(request).AtPriority(priority).RespondWith(response);
    }

    public static void WithQuery(IRequestBuilder request, string name, string value) => request.WithParam(name, value);

    public static void WithBodyContaining(IRequestBuilder request, string text) => request.WithBody(new WildcardMatcher($"*{text}*"));

    /// <summary>A Twitch broadcaster with a follower total, one VOD and one clip.</summary>
    public void TwitchChannel(string token, string userId, long followers = 321, int delayMs = 0)
    {
        Action<IResponseBuilder>? slow = delayMs == 0 ? null : r => r.WithDelay(delayMs);
        Answer(token, "GET", "/helix/users", new
        {
            data = new[] { new { id = userId, login = "pixelpilot", display_name = "PixelPilot", type = "", broadcaster_type = "affiliate",
                description = "Speedruns and cozy games", profile_image_url = "https://static-cdn.jtvnw.net/pp.png", offline_image_url = "",
                view_count = 0, created_at = "2020-01-01T00:00:00Z" } },
        }, respond: slow);
        Answer(token, "GET", "/helix/channels/followers", new { total = followers, data = Array.Empty<object>(), pagination = new { } });
        Answer(token, "GET", "/helix/videos", new
        {
            data = new[] { new { id = "v1", stream_id = "s1", user_id = userId, user_login = "pixelpilot", user_name = "PixelPilot",
                title = "Speedrun any% world record attempt", description = "", created_at = "2026-11-20T18:00:00Z",
                published_at = "2026-11-20T18:00:00Z", url = "https://www.twitch.tv/videos/v1",
                thumbnail_url = "https://static-cdn.jtvnw.net/v1-%{width}x%{height}.jpg", viewable = "public", view_count = 1500,
                language = "en", type = "archive", duration = "3h2m1s", muted_segments = (object?)null } },
            pagination = new { },
        });
        Answer(token, "GET", "/helix/clips", new
        {
            data = new[] { new { id = "c1", url = "https://clips.twitch.tv/c1", embed_url = "", broadcaster_id = userId, broadcaster_name = "PixelPilot",
                creator_id = "9", creator_name = "fan", video_id = "v1", game_id = "1", language = "en", title = "Cozy farming fail",
                view_count = 42, created_at = "2026-11-21T10:00:00Z", thumbnail_url = "https://clips.twitch.tv/c1.jpg", duration = 27.6,
                vod_offset = 100 } },
            pagination = new { },
        });
    }
}

public sealed record Creator(Guid UserId, Guid ConnectionId, string Token);

internal static class Clocks
{
    /// <summary>Now, to the whole second: PostgreSQL keeps microseconds, .NET ticks.</summary>
    public static FakeTimeProvider Now() => new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
}
