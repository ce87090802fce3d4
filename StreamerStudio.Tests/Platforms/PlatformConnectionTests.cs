using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Tests.Platforms;

/// <summary>Connected channels within the plan's limit, tokens encrypted at rest, nothing deleted on a downgrade.</summary>
public sealed class PlatformConnectionTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private PlatformConnectionService Channels => app.Services.CreateScope().ServiceProvider.GetRequiredService<PlatformConnectionService>();

    private static ChannelGrant Grant(Platform platform) =>
        new(platform, $"{platform}-42", "pixelpilot", $"access-{platform}-secret", "refresh-secret", DateTimeOffset.UtcNow.AddHours(1));

    [Fact]
    public async Task Free_connects_one_channel_refuses_a_second_and_reconnecting_the_same_one_is_fine()
    {
        var userId = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret")).Id;

        await Channels.ConnectAsync(userId, Grant(Platform.Twitch));
        var error = await Assert.ThrowsAsync<RequestRefusedException>(() => Channels.ConnectAsync(userId, Grant(Platform.Youtube)));
        await Channels.ConnectAsync(userId, Grant(Platform.Twitch) with { Username = "renamed" });

        Assert.Equal("Your Free plan connects up to 1 channel and you have 1. Disconnect one, or upgrade on the Billing page.", error.Message);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var connection = await db.PlatformConnections.SingleAsync(c => c.UserId == userId);
        Assert.Equal((Platform.Twitch, "renamed"), (connection.Platform, connection.PlatformUsername));
    }

    [Fact]
    public async Task Tokens_are_stored_encrypted_and_read_back_decrypted()
    {
        var userId = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret")).Id;

        await Channels.ConnectAsync(userId, Grant(Platform.Tiktok));

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var stored = await db.PlatformConnections.SingleAsync(c => c.UserId == userId);
        Assert.DoesNotContain("secret", stored.AccessTokenEncrypted);
        Assert.DoesNotContain("secret", stored.RefreshTokenEncrypted);
        Assert.Equal("access-Tiktok-secret", await Channels.AccessTokenAsync(userId, Platform.Tiktok));
    }

    [Fact]
    public async Task After_a_downgrade_existing_channels_stay_but_no_new_one_is_added()
    {
        var userId = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret")).Id;
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.Subscriptions.Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Tier, SubscriptionTier.Pro).SetProperty(x => x.PlatformsLimit, 3));
        await Channels.ConnectAsync(userId, Grant(Platform.Twitch));
        await Channels.ConnectAsync(userId, Grant(Platform.Youtube));

        await db.Subscriptions.Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Tier, SubscriptionTier.Free).SetProperty(x => x.PlatformsLimit, 1));
        var error = await Assert.ThrowsAsync<RequestRefusedException>(() => Channels.ConnectAsync(userId, Grant(Platform.Tiktok)));

        Assert.Contains("you have 2", error.Message);
        Assert.Equal(2, await db.PlatformConnections.CountAsync(c => c.UserId == userId));
        await Channels.DisconnectAsync(userId, Platform.Youtube);
        Assert.Equal(1, await db.PlatformConnections.CountAsync(c => c.UserId == userId));
    }
}
