using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Platforms;

/// <summary>
/// Connecting channels against the platform sandbox the app starts in Development: every bad callback fails closed
/// with nothing stored, tokens are refreshed by one caller at a time, the plan's limit holds, and another creator's
/// connection is "not connected".
/// </summary>
public sealed class ChannelConnectionTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private PlatformSandbox Sandbox => app.Services.GetRequiredService<PlatformSandbox>();

    private ChannelConnections Connections => app.Services.CreateScope().ServiceProvider.GetRequiredService<ChannelConnections>();

    private static string CallbackUrl(Platform platform) => $"http://127.0.0.1/channels/callback/{platform.ToString().ToLowerInvariant()}";

    private async Task<Guid> NewCreatorAsync() => (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;

    /// <summary>Start, consent in the sandbox (Allow unless told), and the query of the platform's redirect back.</summary>
    private async Task<(ConnectStart Start, Dictionary<string, StringValues> Back)> ConsentAsync(Guid userId, Platform platform, bool allow = true,
        params string[] untick)
    {
        var start = await Connections.StartAsync(userId, platform, CallbackUrl(platform));
        var back = new Uri(Sandbox.Decide(start.AuthorizeUrl, allow, untick));
        return (start, QueryHelpers.ParseQuery(back.Query));
    }

    private async Task<string> ConnectAsync(Guid userId, Platform platform, params string[] untick)
    {
        var (start, back) = await ConsentAsync(userId, platform, true, untick);
        return await Connections.CallbackAsync(userId, platform, start.BrowserValue, back["state"], back["code"], null);
    }

    private async Task<int> ConnectionCountAsync(Guid userId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.PlatformConnections.CountAsync(c => c.UserId == userId);
    }

    private async Task SetPlanAsync(Guid userId, SubscriptionTier tier, int platforms)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.Subscriptions.Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Tier, tier).SetProperty(x => x.PlatformsLimit, platforms));
    }

    private async Task ExpireSoonAsync(Guid connectionId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.PlatformConnections.Where(c => c.Id == connectionId).ExecuteUpdateAsync(s => s.SetProperty(c => c.TokenExpiresAt, DateTimeOffset.UtcNow.AddMinutes(2)));
    }

    private async Task<Guid> OnlyConnectionAsync(Guid userId) => Assert.Single((await Connections.OverviewAsync(userId)).Channels).ConnectionId;

    [Fact]
    public async Task Connecting_twitch_stores_the_account_encrypted_tokens_the_channel_and_an_audit_entry()
    {
        var userId = await NewCreatorAsync();

        var message = await ConnectAsync(userId, Platform.Twitch);

        Assert.Equal("Twitch account PixelPilot connected.", message);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var connection = await db.PlatformConnections.SingleAsync(c => c.UserId == userId);
        Assert.Equal((SandboxSamples.Twitch.Id, "PixelPilot", "pixelpilot", ConnectionStatus.Connected),
            (connection.PlatformUserId, connection.DisplayName, connection.PlatformUsername, connection.Status));
        Assert.Equal(["channel:read:subscriptions"], connection.Scopes);
        Assert.DoesNotContain("twitch-access", connection.AccessTokenEncrypted);
        Assert.DoesNotContain("twitch-refresh", connection.RefreshTokenEncrypted);
        Assert.StartsWith("twitch-access-", await Connections.AccessTokenAsync(userId, connection.Id));
        var channel = await db.Channels.SingleAsync(c => c.ConnectionId == connection.Id);
        Assert.Equal(("PixelPilot", "https://www.twitch.tv/pixelpilot", true), (channel.Name, channel.Url, channel.IsPrimary));
        Assert.True(await db.Set<AuditEntry>().AnyAsync(a => a.UserId == userId && a.Action == ChannelConnections.ConnectedAction && a.EntityId == connection.Id));
        Assert.NotNull((await db.ChannelAuthorizations.SingleAsync(a => a.UserId == userId)).UsedAt);
    }

    [Fact]
    public async Task Youtube_connects_with_pkce_and_a_refresh_keeps_the_refresh_token_google_does_not_rotate()
    {
        var userId = await NewCreatorAsync();
        var (start, back) = await ConsentAsync(userId, Platform.Youtube);
        Assert.Contains("code_challenge_method=S256", start.AuthorizeUrl);
        Assert.Contains("access_type=offline", start.AuthorizeUrl);
        Assert.Contains("prompt=consent", start.AuthorizeUrl);

        var message = await Connections.CallbackAsync(userId, Platform.Youtube, start.BrowserValue, back["state"], back["code"], null);
        Assert.Equal("YouTube account PixelPilot Plays connected.", message);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var connection = await db.PlatformConnections.AsNoTracking().SingleAsync(c => c.UserId == userId);
        await ExpireSoonAsync(connection.Id);
        var refreshes = Sandbox.Refreshes(Platform.Youtube);

        var token = await Connections.AccessTokenAsync(userId, connection.Id);

        Assert.Equal(refreshes + 1, Sandbox.Refreshes(Platform.Youtube));
        var after = await db.PlatformConnections.AsNoTracking().SingleAsync(c => c.Id == connection.Id);
        Assert.Equal(connection.RefreshTokenEncrypted, after.RefreshTokenEncrypted);
        Assert.True(after.TokenExpiresAt > DateTimeOffset.UtcNow.AddMinutes(30));
        Assert.StartsWith("youtube-access-", token);
    }

    [Fact]
    public async Task A_tampered_state_is_refused_and_nothing_is_stored()
    {
        var userId = await NewCreatorAsync();
        var (start, back) = await ConsentAsync(userId, Platform.Twitch);

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Connections.CallbackAsync(userId, Platform.Twitch, start.BrowserValue, back["state"] + "x", back["code"], null));

        Assert.StartsWith("This connect link is not one we started for you.", error.Message);
        Assert.Equal(0, await ConnectionCountAsync(userId));
    }

    [Fact]
    public async Task A_replayed_state_is_refused_the_second_time()
    {
        var userId = await NewCreatorAsync();
        var (start, back) = await ConsentAsync(userId, Platform.Twitch);
        await Connections.CallbackAsync(userId, Platform.Twitch, start.BrowserValue, back["state"], back["code"], null);

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Connections.CallbackAsync(userId, Platform.Twitch, start.BrowserValue, back["state"], back["code"], null));

        Assert.StartsWith("This connect link was used already.", error.Message);
    }

    [Fact]
    public async Task Five_callbacks_with_the_same_state_at_once_connect_once()
    {
        var userId = await NewCreatorAsync();
        var (start, back) = await ConsentAsync(userId, Platform.Twitch);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            try
            {
                await Connections.CallbackAsync(userId, Platform.Twitch, start.BrowserValue, back["state"], back["code"], null);
                return true;
            }
            catch (RequestRefusedException)
            {
                return false;
            }
        }));

        Assert.Single(results, r => r);
        Assert.Equal(1, await ConnectionCountAsync(userId));
    }

    [Fact]
    public async Task An_expired_state_is_refused()
    {
        var userId = await NewCreatorAsync();
        var (start, back) = await ConsentAsync(userId, Platform.Twitch);
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            await db.ChannelAuthorizations.Where(a => a.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Connections.CallbackAsync(userId, Platform.Twitch, start.BrowserValue, back["state"], back["code"], null));

        Assert.StartsWith("This connect took longer than 10 minutes.", error.Message);
        Assert.Equal(0, await ConnectionCountAsync(userId));
    }

    [Fact]
    public async Task Another_browsers_cookie_or_none_is_refused()
    {
        var userId = await NewCreatorAsync();
        var (_, back) = await ConsentAsync(userId, Platform.Twitch);
        var other = await Connections.StartAsync(userId, Platform.Twitch, CallbackUrl(Platform.Twitch));

        var wrong = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Connections.CallbackAsync(userId, Platform.Twitch, other.BrowserValue, back["state"], back["code"], null));
        var none = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Connections.CallbackAsync(userId, Platform.Twitch, null, back["state"], back["code"], null));

        Assert.StartsWith("This connect was started in another browser.", wrong.Message);
        Assert.StartsWith("This connect was started in another browser.", none.Message);
        Assert.Equal(0, await ConnectionCountAsync(userId));
    }

    [Fact]
    public async Task Another_creators_state_is_refused_like_an_unknown_one_and_does_not_burn_it()
    {
        var owner = await NewCreatorAsync();
        var stranger = await NewCreatorAsync();
        var (start, back) = await ConsentAsync(owner, Platform.Twitch);

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Connections.CallbackAsync(stranger, Platform.Twitch, start.BrowserValue, back["state"], back["code"], null));

        Assert.StartsWith("This connect link is not one we started for you.", error.Message);
        Assert.Equal(0, await ConnectionCountAsync(stranger));
        await Connections.CallbackAsync(owner, Platform.Twitch, start.BrowserValue, back["state"], back["code"], null);
        Assert.Equal(1, await ConnectionCountAsync(owner));
    }

    [Fact]
    public async Task A_code_used_twice_is_refused_by_the_platform_and_nothing_is_stored()
    {
        var first = await NewCreatorAsync();
        var (start, back) = await ConsentAsync(first, Platform.Tiktok);
        await Connections.CallbackAsync(first, Platform.Tiktok, start.BrowserValue, back["state"], back["code"], null);
        var second = await NewCreatorAsync();
        var (secondStart, secondBack) = await ConsentAsync(second, Platform.Tiktok);

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Connections.CallbackAsync(second, Platform.Tiktok, secondStart.BrowserValue, secondBack["state"], back["code"], null));

        Assert.Equal("TikTok did not accept this sign-in (it may have been used already). Start again from the Channels page; nothing was connected.", error.Message);
        Assert.Equal(0, await ConnectionCountAsync(second));
    }

    [Fact]
    public async Task Cancelling_on_the_platform_says_so_and_connects_nothing()
    {
        var userId = await NewCreatorAsync();
        var (start, back) = await ConsentAsync(userId, Platform.Twitch, allow: false);

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Connections.CallbackAsync(userId, Platform.Twitch, start.BrowserValue, back["state"], back.GetValueOrDefault("code"), back["error"]));

        Assert.Equal("You cancelled on Twitch; nothing was connected.", error.Message);
        Assert.Equal(0, await ConnectionCountAsync(userId));
    }

    [Fact]
    public async Task Unticked_scopes_connect_and_say_which_features_are_off()
    {
        var userId = await NewCreatorAsync();

        var message = await ConnectAsync(userId, Platform.Tiktok, "video.list", "user.info.profile");

        Assert.Equal("TikTok account PixelPilot Clips connected. You did not allow your @handle and profile link, your public videos, so those are off. " +
                     "Reconnect to turn them on.", message);
        var card = Assert.Single((await Connections.OverviewAsync(userId)).Channels);
        Assert.Equal(["your @handle and profile link", "your public videos"], card.FeaturesOff);
        Assert.Null(card.Handle);
    }

    [Theory]
    [InlineData(SandboxTokenFailure.ServerError)]
    [InlineData(SandboxTokenFailure.MalformedJson)]
    public async Task A_token_endpoint_that_fails_or_answers_garbage_connects_nothing(SandboxTokenFailure failure)
    {
        var userId = await NewCreatorAsync();
        var (start, back) = await ConsentAsync(userId, Platform.Youtube);
        Sandbox.FailNextTokenRequest(failure);

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Connections.CallbackAsync(userId, Platform.Youtube, start.BrowserValue, back["state"], back["code"], null));

        Assert.Equal("YouTube is not answering properly right now; nothing was connected. Try again in a few minutes.", error.Message);
        Assert.Equal(0, await ConnectionCountAsync(userId));
    }

    [Fact]
    public async Task Another_creators_connection_is_not_connected_for_disconnect_reconnect_and_token()
    {
        var owner = await NewCreatorAsync();
        await ConnectAsync(owner, Platform.Twitch);
        var connectionId = await OnlyConnectionAsync(owner);
        var stranger = await NewCreatorAsync();

        var disconnect = await Assert.ThrowsAsync<RequestRefusedException>(() => Connections.DisconnectAsync(stranger, connectionId));
        var reconnect = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Connections.StartAsync(stranger, Platform.Twitch, CallbackUrl(Platform.Twitch), reconnecting: connectionId));
        var token = await Assert.ThrowsAsync<RequestRefusedException>(() => Connections.AccessTokenAsync(stranger, connectionId));

        Assert.All(new[] { disconnect, reconnect, token }, e => Assert.Equal("That channel is not connected.", e.Message));
        Assert.Equal(1, await ConnectionCountAsync(owner));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.False(await db.ChannelAuthorizations.AnyAsync(a => a.UserId == stranger));
    }

    [Fact]
    public async Task Two_syncs_refreshing_a_rotating_tiktok_token_at_once_refresh_once_and_keep_the_newest_refresh_token()
    {
        var userId = await NewCreatorAsync();
        await ConnectAsync(userId, Platform.Tiktok);
        var connectionId = await OnlyConnectionAsync(userId);
        await ExpireSoonAsync(connectionId);
        var refreshes = Sandbox.Refreshes(Platform.Tiktok);

        var tokens = await Task.WhenAll(Connections.AccessTokenAsync(userId, connectionId), Connections.AccessTokenAsync(userId, connectionId));

        Assert.Equal(tokens[0], tokens[1]);
        Assert.Equal(refreshes + 1, Sandbox.Refreshes(Platform.Tiktok));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var stored = await db.PlatformConnections.AsNoTracking().SingleAsync(c => c.Id == connectionId);
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(ChannelConnections.TokenPurpose);
        Assert.Equal(Sandbox.CurrentRefreshToken(Platform.Tiktok), protector.Unprotect(stored.RefreshTokenEncrypted!));
        Assert.NotNull(stored.RefreshTokenExpiresAt);
        // The rotated refresh token is the one that works next time.
        await ExpireSoonAsync(connectionId);
        Assert.NotEqual(tokens[0], await Connections.AccessTokenAsync(userId, connectionId));
    }

    [Fact]
    public async Task A_refused_refresh_marks_the_connection_needs_reconnect_and_the_sync_gets_a_specific_exception()
    {
        var userId = await NewCreatorAsync();
        await ConnectAsync(userId, Platform.Twitch);
        var connectionId = await OnlyConnectionAsync(userId);
        await ExpireSoonAsync(connectionId);
        Sandbox.RevokeEverything(Platform.Twitch);

        var error = await Assert.ThrowsAsync<ChannelNeedsReconnectException>(() => Connections.AccessTokenAsync(userId, connectionId));

        Assert.Equal(connectionId, error.ConnectionId);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var stored = await db.PlatformConnections.AsNoTracking().SingleAsync(c => c.Id == connectionId);
        Assert.Equal(ConnectionStatus.NeedsReconnect, stored.Status);
        Assert.Contains("Reconnect", stored.LastError);
        Assert.DoesNotContain("twitch-", stored.LastError);
        Assert.Equal(ConnectionStatus.NeedsReconnect, Assert.Single((await Connections.OverviewAsync(userId)).Channels).Status);

        // Reconnecting the same platform is always allowed and puts it back in order.
        await ConnectAsync(userId, Platform.Twitch);
        Assert.Equal(ConnectionStatus.Connected, (await db.PlatformConnections.AsNoTracking().SingleAsync(c => c.Id == connectionId)).Status);
    }

    [Fact]
    public async Task Free_connects_one_channel_refuses_a_second_with_a_way_to_billing_and_reconnecting_the_first_is_fine()
    {
        var userId = await NewCreatorAsync();
        await ConnectAsync(userId, Platform.Twitch);

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() => Connections.StartAsync(userId, Platform.Youtube, CallbackUrl(Platform.Youtube)));
        await ConnectAsync(userId, Platform.Twitch);

        Assert.Equal("Your Free plan connects up to 1 channel and you have 1. Disconnect one, or upgrade on the Billing page.", error.Message);
        Assert.Equal(WayOut.Billing, error.WayOut);
        Assert.Equal(1, await ConnectionCountAsync(userId));
        var overview = await Connections.OverviewAsync(userId);
        Assert.True(overview.Choices.Single(c => c.Platform == Platform.Youtube).OverLimit);
        Assert.Null(overview.Choices.Single(c => c.Platform == Platform.Twitch).Unavailable);
    }

    [Fact]
    public async Task A_plan_full_by_the_time_the_creator_comes_back_connects_nothing()
    {
        var userId = await NewCreatorAsync();
        var (start, back) = await ConsentAsync(userId, Platform.Youtube);
        await ConnectAsync(userId, Platform.Twitch);

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Connections.CallbackAsync(userId, Platform.Youtube, start.BrowserValue, back["state"], back["code"], null));

        Assert.Equal(WayOut.Billing, error.WayOut);
        Assert.Equal(1, await ConnectionCountAsync(userId));
    }

    [Fact]
    public async Task After_a_downgrade_the_connections_beyond_the_limit_are_read_only_and_none_is_added()
    {
        var userId = await NewCreatorAsync();
        await SetPlanAsync(userId, SubscriptionTier.Pro, 3);
        await ConnectAsync(userId, Platform.Twitch);
        await ConnectAsync(userId, Platform.Youtube);

        await SetPlanAsync(userId, SubscriptionTier.Free, 1);

        var overview = await Connections.OverviewAsync(userId);
        Assert.Equal([(Platform.Twitch, false), (Platform.Youtube, true)], overview.Channels.Select(c => (c.Platform, c.IsReadOnly)));
        var error = await Assert.ThrowsAsync<RequestRefusedException>(() => Connections.StartAsync(userId, Platform.Tiktok, CallbackUrl(Platform.Tiktok)));
        Assert.Contains("you have 2", error.Message);
        await ConnectAsync(userId, Platform.Youtube);
        Assert.Equal(2, await ConnectionCountAsync(userId));
    }

    [Fact]
    public async Task Studio_connects_all_three()
    {
        var userId = await NewCreatorAsync();
        await SetPlanAsync(userId, SubscriptionTier.Studio, TierLimits.Unlimited);

        foreach (var platform in Enum.GetValues<Platform>())
        {
            await ConnectAsync(userId, platform);
        }

        var overview = await Connections.OverviewAsync(userId);
        Assert.Equal(3, overview.Channels.Count);
        Assert.All(overview.Channels, c => Assert.False(c.IsReadOnly));
    }

    [Fact]
    public async Task Disconnect_revokes_at_the_platform_deletes_the_connection_and_its_channels_and_audits()
    {
        var userId = await NewCreatorAsync();
        await ConnectAsync(userId, Platform.Tiktok);
        var connectionId = await OnlyConnectionAsync(userId);
        var token = await Connections.AccessTokenAsync(userId, connectionId);

        await Connections.DisconnectAsync(userId, connectionId);

        Assert.Contains((Platform.Tiktok, token), Sandbox.Revoked);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.False(await db.PlatformConnections.AnyAsync(c => c.Id == connectionId));
        Assert.False(await db.Channels.AnyAsync(c => c.ConnectionId == connectionId));
        Assert.True(await db.Set<AuditEntry>().AnyAsync(a => a.UserId == userId && a.Action == ChannelConnections.DisconnectedAction && a.EntityId == connectionId));
    }

    [Fact]
    public async Task Disconnect_goes_ahead_when_the_platform_refuses_the_revoke()
    {
        var userId = await NewCreatorAsync();
        await ConnectAsync(userId, Platform.Twitch);
        var connectionId = await OnlyConnectionAsync(userId);
        Sandbox.RevokeEverything(Platform.Twitch);

        await Connections.DisconnectAsync(userId, connectionId);

        Assert.Equal(0, await ConnectionCountAsync(userId));
    }

    [Fact]
    public void The_sealed_outcome_opens_only_for_its_creator()
    {
        var owner = Guid.NewGuid();
        var sealedOutcome = Connections.SealOutcome(owner, new ConnectOutcome(true, "Twitch account PixelPilot connected."));

        Assert.Equal("Twitch account PixelPilot connected.", Connections.OpenOutcome(owner, sealedOutcome)?.Message);
        Assert.Null(Connections.OpenOutcome(Guid.NewGuid(), sealedOutcome));
        Assert.Null(Connections.OpenOutcome(owner, "You won a prize, call us"));
    }
}
