using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Tests.Platforms;

namespace StreamerStudio.Tests.Gallery;

/// <summary>A creator finds an asset, checks it where it will live, shares it, and a stranger opens the link.</summary>
[Collection(JobServerCollection.Name)]
public sealed class GalleryBrowserTests(StudioAppFixture app) : IClassFixture<StudioAppFixture>
{
    [Fact]
    public async Task Filter_open_preview_share_and_open_the_public_link_logged_out_then_make_it_private()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = await app.CreateUserAsync(email, "Sup3r!Secret");
        using (var scope = app.Services.CreateScope())
        {
            // Real assets: rendered by the app's own job server.
            await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(user.Id, new GenerationRequest
            {
                JobType = JobType.Batch,
                AssetTypes = [AssetType.Thumbnail, AssetType.StoryGraphic, AssetType.Banner],
                Headline = "Road to Diamond",
            });
        }

        await using var creator = await Browser.NewContextAsync(app.BaseUrl);
        var page = await creator.NewPageAsync();
        await page.LogInAsync(email, "Sup3r!Secret");
        await page.GotoAsync("/jobs");
        await Assertions.Expect(page.GetByTestId("job").First).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });

        await page.GotoAsync("/gallery");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("gallery-card")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("expires").First).ToContainTextAsync("expires in 30 days");
        var preview = page.GetByTestId("gallery-card").First.Locator("img");
        await Assertions.Expect(preview).ToHaveAttributeAsync("src", new Regex("/preview$"));
        await Assertions.Expect(preview).Not.ToHaveJSPropertyAsync("naturalWidth", 0);

        await page.GetByTestId("gallery-type").SelectOptionAsync(new SelectOptionValue { Label = "YouTube thumbnail" });
        await Assertions.Expect(page.GetByTestId("gallery-card")).ToHaveCountAsync(1);
        await page.GetByTestId("gallery-card").ClickAsync();

        await page.WaitForURLAsync(new Regex("/gallery/[0-9a-f-]+$"));
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("asset-prompt")).ToHaveTextAsync("Road to Diamond");
        await Assertions.Expect(page.GetByTestId("asset-image")).ToHaveJSPropertyAsync("naturalWidth", 1280);
        await Assertions.Expect(page.GetByTestId("preview-sidebar")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("preview-search")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("preview-home").GetByTestId("duration-badge")).ToBeVisibleAsync();
        await page.GetByTestId("dark-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("preview-sidebar")).ToHaveClassAsync(new Regex("yt-dark"));

        await page.GetByTestId("share-switch").ClickAsync();
        var shareUrl = await page.GetByTestId("share-url").InputValueAsync();
        Assert.Matches("/s/[0-9a-f]{32}$", shareUrl);

        await using var stranger = await Browser.NewContextAsync(app.BaseUrl);
        var publicPage = await stranger.NewPageAsync();
        var response = await publicPage.GotoAsync(shareUrl);
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(publicPage.GetByTestId("shared-asset").Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 1280);
        await Assertions.Expect(publicPage.Locator("meta[property='og:image']")).ToHaveAttributeAsync("content", new Regex("/s/[0-9a-f]{32}/image$"));
        await Assertions.Expect(publicPage.Locator("meta[name='twitter:card']")).ToHaveAttributeAsync("content", "summary_large_image");

        await page.GetByTestId("share-switch").ClickAsync();
        await Assertions.Expect(page.GetByTestId("share-url")).ToHaveCountAsync(0);
        var gone = await publicPage.GotoAsync(shareUrl);
        Assert.Equal(404, gone!.Status);
        var imageGone = await stranger.APIRequest.GetAsync(shareUrl + "/image");
        Assert.Equal(404, imageGone.Status);
    }

    [Fact]
    public async Task A_prompt_that_looks_like_html_shows_as_text_on_its_card()
    {
        // The cards are HTML made by the page (GalleryCards.CardsHtml), not elements Blazor encodes: it must encode.
        const string prompt = "<b>Boss</b> & \"friends\" <img src=x onerror=alert(1)>";
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = await app.CreateUserAsync(email, "Sup3r!Secret");
        var assetId = await ChannelChangesTests.SeedAssetAsync(app, user.Id, ChannelChangesTests.SolidPng(64, 36, SkiaSharp.SKColors.Teal));
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            await db.Assets.Where(a => a.Id == assetId).ExecuteUpdateAsync(u => u.SetProperty(a => a.PromptUsed, prompt));
        }

        await using var creator = await Browser.NewContextAsync(app.BaseUrl);
        var page = await creator.NewPageAsync();
        await page.LogInAsync(email, "Sup3r!Secret");
        await page.GotoAsync("/gallery");
        await page.WaitForCircuitAsync();

        var card = page.GetByTestId("gallery-card");
        await Assertions.Expect(card.GetByTestId("card-headline")).ToHaveTextAsync(prompt);
        await Assertions.Expect(card.GetByTestId("card-headline")).ToHaveAttributeAsync("title", prompt);
        await Assertions.Expect(card.Locator("b")).ToHaveCountAsync(0);
        await Assertions.Expect(card.Locator("img")).ToHaveCountAsync(1);
        await Assertions.Expect(card.GetByTestId("card-select")).ToHaveAttributeAsync("aria-label", $"Select {prompt}");
    }
}
