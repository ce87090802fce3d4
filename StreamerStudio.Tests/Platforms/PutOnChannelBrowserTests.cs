using Microsoft.Playwright;
using SkiaSharp;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Web.Sandbox;
using static Microsoft.Playwright.Assertions;

namespace StreamerStudio.Tests.Platforms;

/// <summary>A creator puts a thumbnail on a YouTube video from the asset page, in Chromium, and undoes it.</summary>
public sealed class PutOnChannelBrowserTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private PlatformSandbox Sandbox => app.Services.GetRequiredService<PlatformSandbox>();

    [Fact]
    public async Task Asset_page_put_on_channel_pick_a_video_compare_set_and_undo()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await ChannelChangesTests.ConnectYoutubeWithVideosAsync(app, Sandbox, creator.User.Id);
        var png = ChannelChangesTests.SolidPng(1280, 720, SKColors.DeepPink);
        var assetId = await ChannelChangesTests.SeedAssetAsync(app, creator.User.Id, png);
        using var http = new HttpClient();
        var before = await http.GetByteArrayAsync(Sandbox.ImageUrl(Platform.Youtube, "dQw4sbx0002"));

        await page.GotoAsync($"/gallery/{assetId}");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("put-open").ClickAsync();

        await Expect(page.GetByTestId("video-choice")).ToHaveCountAsync(4);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Celeste Chapter 9 — Every Golden Strawberry" }).CheckAsync();
        var compare = page.GetByTestId("side-by-side");
        await Expect(compare.GetByRole(AriaRole.Img, new() { Name = "Current thumbnail of “Celeste Chapter 9 — Every Golden Strawberry”" })).ToBeVisibleAsync();
        await Expect(compare.GetByTestId("new-thumbnail")).ToBeVisibleAsync();

        await page.GetByTestId("set-thumbnail").ClickAsync();

        await Expect(page.GetByTestId("put-success")).ToContainTextAsync("Thumbnail set on “Celeste Chapter 9 — Every Golden Strawberry”.");
        Assert.Equal(png, Sandbox.UploadedImage(Platform.Youtube, "dQw4sbx0002"));
        await Expect(page.GetByTestId("put-history")).ToContainTextAsync("Thumbnail set");

        await page.GetByTestId("undo-change").ClickAsync();

        await Expect(page.GetByTestId("put-success")).ToContainTextAsync("The previous thumbnail is back");
        Assert.Equal(before, Sandbox.UploadedImage(Platform.Youtube, "dQw4sbx0002"));
    }

    [Fact]
    public async Task Without_a_channel_the_panel_links_to_channels()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        var assetId = await ChannelChangesTests.SeedAssetAsync(app, creator.User.Id, ChannelChangesTests.SolidPng(1280, 720, SKColors.SlateGray));

        await page.GotoAsync($"/gallery/{assetId}");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("put-open").ClickAsync();

        await Expect(page.GetByTestId("put-empty").GetByRole(AriaRole.Link, new() { Name = "Connect a channel" })).ToHaveAttributeAsync("href", "channels");
    }
}
