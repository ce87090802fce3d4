using Microsoft.Playwright;
using SkiaSharp;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Web.Sandbox;
using static Microsoft.Playwright.Assertions;

namespace StreamerStudio.Tests.Platforms;

/// <summary>
/// A creator connects channels through the platform sandbox's consent page, refreshes their figures and searches their
/// videos, and disconnects again, in Chromium.
/// </summary>
public sealed class ChannelsBrowserTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    [Fact]
    public async Task A_creator_connects_twitch_in_the_sandbox_sees_the_card_and_disconnects_it()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await page.GotoAsync("/channels");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Channels", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("channels-empty")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Twitch (Sandbox)" }).ClickAsync();

        await Expect(page.GetByTestId("sandbox-consent")).ToContainTextAsync("Sandbox");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "channel:read:subscriptions" })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

        await Expect(page.GetByTestId("connect-outcome")).ToContainTextAsync("Twitch account PixelPilot connected.");
        var card = page.GetByTestId("channel-card");
        await Expect(card.GetByTestId("channel-name")).ToHaveTextAsync("PixelPilot");
        await Expect(card.GetByTestId("channel-status")).ToHaveTextAsync("Connected");
        await Expect(page.GetByTestId("connect-youtube").GetByRole(AriaRole.Button)).ToBeDisabledAsync();

        await page.WaitForCircuitAsync();
        await card.GetByTestId("disconnect").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();

        await Expect(page.GetByTestId("channel-card")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("channels-empty")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Refresh_now_shows_the_sandbox_figures_chart_and_videos_the_search_finds_one_and_a_second_refresh_is_refused()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await page.GotoAsync("/channels");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect YouTube (Sandbox)" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

        await Expect(page.GetByTestId("channel-card").GetByTestId("channel-name")).ToHaveTextAsync("PixelPilot Plays");
        await Expect(page.GetByTestId("sync-time")).ToContainTextAsync("Not synced yet");
        await Expect(page.GetByTestId("content-empty")).ToHaveTextAsync("No videos synced yet.");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh now" }).ClickAsync();

        await Expect(page.GetByTestId("figure-followers")).ToContainTextAsync("Subscribers");
        await Expect(page.GetByTestId("figure-followers").Locator("dd")).ToHaveTextAsync("48.2K");
        await Expect(page.GetByTestId("figure-views").Locator("dd")).ToHaveTextAsync("3.9M");
        await Expect(page.GetByTestId("sync-time")).ToContainTextAsync("Synced just now");
        await Expect(page.GetByTestId("growth-chart")).ToContainTextAsync("Daily views, last 30 days");
        await Expect(page.GetByTestId("growth-chart").Locator("svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("content-title")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("content-title").First).ToHaveTextAsync("I Beat Hollow Knight Without Taking Damage");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Thumbnail of I Beat Hollow Knight Without Taking Damage" })).ToBeVisibleAsync();

        var search = page.GetByLabel("Search PixelPilot Plays's videos");
        await search.FillAsync("strawberry");
        await search.PressAsync("Enter");
        await Expect(page.GetByTestId("content-title")).ToHaveTextAsync(["Celeste Chapter 9 — Every Golden Strawberry"]);
        await search.FillAsync("xylophonequasar");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("content-empty")).ToHaveTextAsync("No videos match “xylophonequasar”.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh now" }).ClickAsync();
        await Expect(page.GetByTestId("refresh-refused")).ToContainTextAsync("You can refresh it once every 5 minutes");
        await Expect(page.GetByTestId("figure-followers").Locator("dd")).ToHaveTextAsync("48.2K");
    }

    [Fact]
    public async Task A_creator_connects_youtube_sees_its_figures_puts_a_thumbnail_on_a_video_and_disconnects()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        var png = ChannelChangesTests.SolidPng(1280, 720, SKColors.DeepPink);
        var assetId = await ChannelChangesTests.SeedAssetAsync(app, creator.User.Id, png);
        var sandbox = app.Services.GetRequiredService<PlatformSandbox>();

        await page.GotoAsync("/channels");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect YouTube (Sandbox)" }).ClickAsync();
        await Expect(page.GetByTestId("sandbox-consent")).ToContainTextAsync("Sandbox");
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Expect(page.GetByTestId("channel-card").GetByTestId("channel-name")).ToHaveTextAsync("PixelPilot Plays");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh now" }).ClickAsync();
        await Expect(page.GetByTestId("figure-followers").Locator("dd")).ToHaveTextAsync("48.2K");

        await page.GotoAsync($"/gallery/{assetId}");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("put-open").ClickAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "I Beat Hollow Knight Without Taking Damage" }).CheckAsync();
        await Expect(page.GetByTestId("side-by-side").GetByTestId("new-thumbnail")).ToBeVisibleAsync();
        await page.GetByTestId("set-thumbnail").ClickAsync();
        await Expect(page.GetByTestId("put-success")).ToContainTextAsync("Thumbnail set on “I Beat Hollow Knight Without Taking Damage”.");
        Assert.Equal(png, sandbox.UploadedImage(Platform.Youtube, "dQw4sbx0001"));

        await page.GotoAsync("/channels");
        await page.WaitForCircuitAsync();
        var revokedBefore = sandbox.Revoked.Count(r => r.Platform == Platform.Youtube);
        await page.GetByTestId("channel-card").GetByTestId("disconnect").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();
        await Expect(page.GetByTestId("channel-card")).ToHaveCountAsync(0);
        Assert.Equal(revokedBefore + 1, sandbox.Revoked.Count(r => r.Platform == Platform.Youtube));
    }
}
