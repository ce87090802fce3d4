using Microsoft.Playwright;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Tests.Notifications;

/// <summary>The bell in a real browser: a pack finishes while the creator is elsewhere, and the bell says so live.</summary>
[Collection(JobServerCollection.Name)]
public sealed class NotificationBrowserTests(StudioAppFixture app) : IClassFixture<StudioAppFixture>
{
    [Fact]
    public async Task A_pack_that_finishes_while_the_creator_is_on_another_page_raises_the_bells_count_without_a_reload()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await page.GotoAsync("/brand-kits");
        await page.WaitForCircuitAsync();
        var bell = page.GetByTestId("bell");
        await Assertions.Expect(bell).ToHaveAttributeAsync("aria-label", "Notifications, none unread");
        // Marks this document: a reload or navigation would replace it and lose the mark.
        await page.EvaluateAsync("() => window.__sameDocument = true");

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(creator.User.Id, new GenerationRequest
            {
                JobType = JobType.Batch,
                AssetTypes = [AssetType.Thumbnail, AssetType.ClipCover],
                Headline = "Pack while away",
            });
        }

        await Assertions.Expect(bell).ToHaveAttributeAsync("aria-label", "Notifications, 1 unread", new() { Timeout = 60_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        Assert.EndsWith("/brand-kits", new Uri(page.Url).AbsolutePath);

        await bell.ClickAsync();
        var item = page.GetByTestId("bell-item");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToContainTextAsync("Your pack is ready");
        await item.GetByText("Mark read").ClickAsync();
        await Assertions.Expect(bell).ToHaveAttributeAsync("aria-label", "Notifications, none unread");
    }
}
