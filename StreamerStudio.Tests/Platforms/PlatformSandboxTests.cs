using Microsoft.AspNetCore.Builder;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Platforms;

public sealed class PlatformSandboxTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task The_sandbox_never_starts_outside_development(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });

        Assert.Null(await PlatformSandbox.StartInDevelopmentAsync(builder));
    }

    [Fact]
    public async Task In_development_with_every_platform_configured_the_sandbox_stays_off()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        foreach (var platform in Enum.GetValues<Platform>())
        {
            builder.Configuration[$"Platforms:{platform}:ClientId"] = "id";
            builder.Configuration[$"Platforms:{platform}:ClientSecret"] = "secret";
        }

        Assert.Null(await PlatformSandbox.StartInDevelopmentAsync(builder));
    }

    [Fact]
    public void Half_a_registration_or_a_relative_url_is_a_start_up_problem()
    {
        Assert.Null(new PlatformsOptions().Problem());
        Assert.Equal("Platforms:Twitch: set both ClientId and ClientSecret, or neither.", new PlatformsOptions { Twitch = { ClientId = "id" } }.Problem());
        Assert.Equal("Platforms:Tiktok:TokenUrl must be an absolute http(s) URL.", new PlatformsOptions { Tiktok = { TokenUrl = "/token" } }.Problem());
    }

    [Fact]
    public void Each_platform_parses_its_own_scope_format()
    {
        var now = DateTimeOffset.UnixEpoch;
        static System.Text.Json.JsonElement Json(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement;

        var twitch = PlatformProvider.For(Platform.Twitch).ParseToken(Json("""{"access_token":"a","expires_in":100,"refresh_token":"r","scope":["x:y","z"],"token_type":"bearer"}"""), now);
        var google = PlatformProvider.For(Platform.Youtube).ParseToken(Json("""{"access_token":"a","expires_in":3599,"scope":"https://a/1 https://a/2","token_type":"Bearer"}"""), now);
        var tiktok = PlatformProvider.For(Platform.Tiktok).ParseToken(Json("""{"access_token":"a","expires_in":86400,"open_id":"o","refresh_token":"r","refresh_expires_in":100,"scope":"user.info.basic,video.list","token_type":"Bearer"}"""), now);

        Assert.Equal(["x:y", "z"], twitch!.Scopes);
        Assert.Equal(["https://a/1", "https://a/2"], google!.Scopes);
        Assert.Null(google.RefreshToken);
        Assert.Equal(["user.info.basic", "video.list"], tiktok!.Scopes);
        Assert.Equal(("o", now.AddSeconds(100)), (tiktok.PlatformUserId, tiktok.RefreshExpiresAt));
        Assert.Null(PlatformProvider.For(Platform.Twitch).ParseToken(Json("""{"status":400,"message":"Invalid"}"""), now));
    }

    [Fact]
    public void The_authorize_urls_use_each_platforms_parameters()
    {
        var app = new PlatformAppOptions { ClientId = "cid", ClientSecret = "s", AuthorizeUrl = "https://www.tiktok.com/v2/auth/authorize/" };

        var tiktok = PlatformProvider.For(Platform.Tiktok).AuthorizeUrl(app, "st", "https://studio.example/channels/callback/tiktok", null);

        Assert.StartsWith("https://www.tiktok.com/v2/auth/authorize/?client_key=cid&", tiktok);
        Assert.Contains("scope=user.info.basic%2Cuser.info.profile%2Cuser.info.stats%2Cvideo.list", tiktok);
        Assert.DoesNotContain("code_challenge", tiktok);
    }
}
