using Microsoft.Playwright;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Tests.Platforms;
using StreamerStudio.Web.Sandbox;
using static Microsoft.Playwright.Assertions;

namespace StreamerStudio.Tests.Copy;

/// <summary>A creator with a synced sandbox YouTube channel picks past titles as voice samples on /copy, in Chromium.</summary>
public sealed class SamplePickerBrowserTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    [Fact]
    public async Task Synced_titles_are_picked_as_samples_and_marked_once_they_are()
    {
        var sandbox = app.Services.GetRequiredService<PlatformSandbox>();
        sandbox.ResetYoutubeVideos();
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await ChannelChangesTests.ConnectYoutubeWithVideosAsync(app, sandbox, creator.User.Id);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BrandKitService>()
                .CreateAsync(creator.User.Id, new BrandKitDraft { Name = "Pilot", Tone = Tone.Casual });
        }

        await page.GotoAsync("/copy");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("picker-open").ClickAsync();
        await Expect(page.GetByTestId("picker-item")).ToHaveCountAsync(4);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "I Beat Hollow Knight Without Taking Damage" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Celeste Chapter 9 — Every Golden Strawberry" }).CheckAsync();

        await page.GetByTestId("picker-add").ClickAsync();

        await Expect(page.GetByTestId("picker-added")).ToHaveTextAsync("Added 2 samples.");
        await Expect(page.GetByTestId("sample-count")).ToHaveTextAsync("2 samples");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "I Beat Hollow Knight Without Taking Damage" })).ToBeDisabledAsync();
        await Expect(page.GetByTestId("picker-item").Filter(new() { HasText = "already a sample" })).ToHaveCountAsync(2);
    }
}
