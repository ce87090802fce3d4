using Microsoft.Playwright;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Web.Sandbox;
using static Microsoft.Playwright.Assertions;

namespace StreamerStudio.Tests.Platforms;

/// <summary>A creator with a synced sandbox YouTube channel puts a suggested title on a video from /copy, in Chromium, and undoes it.</summary>
public sealed class ApplyToVideoBrowserTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private const string CelesteTitle = "Celeste Chapter 9 — Every Golden Strawberry";

    private PlatformSandbox Sandbox => app.Services.GetRequiredService<PlatformSandbox>();

    [Fact]
    public async Task Copy_suggestions_apply_a_title_to_a_synced_video_and_undo_it()
    {
        Sandbox.ResetYoutubeVideos();
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await ChannelChangesTests.ConnectYoutubeWithVideosAsync(app, Sandbox, creator.User.Id);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BrandKitService>()
                .CreateAsync(creator.User.Id, new BrandKitDraft { Name = "Pilot", Tone = Tone.Casual });
        }

        await page.GotoAsync("/copy");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Brief: what happens in the video or stream" })
            .FillAsync("every golden strawberry in celeste chapter 9 in one sitting");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suggest" }).ClickAsync();
        await Expect(page.GetByTestId("title-suggestion").First).ToBeVisibleAsync();
        // A synced channel is the keyword source for the SEO notes.
        await Expect(page.GetByTestId("title-suggestion").First.GetByTestId("seo-score")).ToContainTextAsync("SEO ");
        await Expect(page.GetByTestId("title-suggestion").First.GetByTestId("seo-trending")).ToContainTextAsync("Trending on your channel:");
        await Expect(page.GetByTestId("title-suggestion").First.GetByTestId("seo-trending")).ToContainTextAsync("hollow");

        await page.GetByTestId("apply-open").ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Find a video" }).FillAsync("celeste");
        await Expect(page.GetByTestId("apply-video")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Radio, new() { Name = CelesteTitle }).CheckAsync();
        await Expect(page.GetByTestId("apply-current-title")).ToHaveTextAsync(CelesteTitle);
        var newTitle = await page.GetByRole(AriaRole.Textbox, new() { Name = "New title" }).InputValueAsync();
        Assert.False(string.IsNullOrWhiteSpace(newTitle));

        await page.GetByTestId("apply-go").ClickAsync();

        await Expect(page.GetByTestId("apply-success")).ToContainTextAsync("New title on");
        Assert.Equal(newTitle, Sandbox.YoutubeSnippet("dQw4sbx0002")["title"]!.GetValue<string>());
        // The synced video now says the new title: the list and the comparison read it back from our copy.
        await Expect(page.GetByTestId("apply-current-title")).ToHaveTextAsync(newTitle);

        await page.GetByTestId("apply-undo").ClickAsync();

        await Expect(page.GetByTestId("apply-success")).ToContainTextAsync($"The previous title is back on “{CelesteTitle}”.");
        Assert.Equal(CelesteTitle, Sandbox.YoutubeSnippet("dQw4sbx0002")["title"]!.GetValue<string>());
        await Expect(page.GetByTestId("apply-current-title")).ToHaveTextAsync(CelesteTitle);
    }

    [Fact]
    public async Task Without_a_youtube_channel_it_says_connect_one()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BrandKitService>()
                .CreateAsync(creator.User.Id, new BrandKitDraft { Name = "Pilot", Tone = Tone.Casual });
        }

        await page.GotoAsync("/copy");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Brief: what happens in the video or stream" }).FillAsync("a cozy farming stream");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suggest" }).ClickAsync();
        await Expect(page.GetByTestId("title-suggestion").First.GetByTestId("seo-trending")).ToContainTextAsync("Trending keywords: none");
        await page.GetByTestId("apply-open").ClickAsync();

        await Expect(page.GetByTestId("apply-connect").GetByRole(AriaRole.Link, new() { Name = "Connect a YouTube channel" })).ToHaveAttributeAsync("href", "channels");
    }
}
