using Microsoft.Playwright;
using SkiaSharp;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Tests.Gallery;

/// <summary>The gallery in Chromium: headlines on cards, typed dates, multi-select share (copied), ZIP and delete, and a phone's filters.</summary>
public sealed class GalleryMultiSelectBrowserTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private async Task SeedAsync(Guid userId, string prompt, DateTimeOffset createdAt)
    {
        using var bitmap = new SKBitmap(160, 90);
        bitmap.Erase(SKColors.MediumPurple);
        using var image = SKImage.FromBitmap(bitmap);
        var bytes = image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
        var key = StorageKeys.NewAssetKey(userId, "png");
        await app.Services.GetRequiredService<IAssetStorage>().PutAsync(key, bytes, "image/png");
        var spec = AssetCatalogue.For(AssetType.Thumbnail);
        var asset = new Asset
        {
            UserId = userId, AssetType = AssetType.Thumbnail, Width = spec.Width, Height = spec.Height, Format = AssetFormat.Png,
            FileSizeBytes = bytes.Length, StorageKey = key, PromptUsed = prompt, ViralScore = 80,
        };
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        db.Assets.Add(asset);
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlAsync($"UPDATE assets SET created_at = {createdAt} WHERE id = {asset.Id}");
    }

    [Fact]
    public async Task Type_dates_select_several_share_and_copy_download_and_delete_after_confirming()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await creator.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var now = DateTimeOffset.UtcNow;
        await SeedAsync(creator.User.Id, "Old season finale", now.AddDays(-40));
        await SeedAsync(creator.User.Id, "Road to Diamond with a headline far too long to fit on one card line", now.AddMinutes(-2));
        await SeedAsync(creator.User.Id, "Chill sunday", now.AddMinutes(-1));

        await page.GotoAsync("/gallery");
        await page.WaitForCircuitAsync();
        var cards = page.GetByTestId("gallery-card");
        await Assertions.Expect(cards).ToHaveCountAsync(3);
        await Assertions.Expect(cards.Nth(1).GetByTestId("card-headline"))
            .ToHaveAttributeAsync("title", "Road to Diamond with a headline far too long to fit on one card line");

        // Dates are typed; a bad one is said beside the field and the list keeps its last good filter.
        var from = page.GetByTestId("gallery-from");
        await from.FillAsync("2026-13-45");
        await from.PressAsync("Tab");
        await Assertions.Expect(page.GetByText("\"2026-13-45\" is not a date")).ToBeVisibleAsync();
        await Assertions.Expect(cards).ToHaveCountAsync(3);
        await from.FillAsync(now.AddDays(-7).ToString("yyyy-MM-dd"));
        await from.PressAsync("Tab");
        await Assertions.Expect(cards).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByText("is not a date")).ToHaveCountAsync(0);

        await cards.Nth(0).GetByRole(AriaRole.Checkbox).CheckAsync();
        await cards.Nth(1).GetByRole(AriaRole.Checkbox).CheckAsync();
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("2 selected");

        var zipHref = await page.GetByTestId("selection-zip").GetAttributeAsync("href");
        var zip = await creator.Http.GetAsync("/" + zipHref);
        Assert.Equal(200, zip.Status);
        Assert.Equal("application/zip", zip.Headers["content-type"]);

        await page.GetByTestId("selection-share").ClickAsync();
        await Assertions.Expect(page.GetByTestId("shared-link")).ToHaveCountAsync(2);
        await page.GetByTestId("shared-links").GetByTestId("copy-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("shared-links").GetByTestId("copy-link")).ToHaveTextAsync("Copied");
        var copied = await page.EvaluateAsync<string>("navigator.clipboard.readText()");
        Assert.Equal(2, copied.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("/s/")));

        // Delete asks first; Cancel keeps everything.
        await page.GetByTestId("selection-delete").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Delete 2 assets?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(cards).ToHaveCountAsync(2);

        await page.GetByTestId("selection-delete").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(cards).ToHaveCountAsync(0);
        await from.FillAsync("");
        await from.PressAsync("Tab");
        await Assertions.Expect(cards).ToHaveCountAsync(1);
        await Assertions.Expect(cards.First.GetByTestId("card-headline")).ToHaveTextAsync("Old season finale");

        // On a phone the filters wait behind a toggle.
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(page.GetByTestId("gallery-filters")).ToBeHiddenAsync();
        await page.GetByTestId("filters-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("gallery-filters")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("filters-toggle")).ToHaveAttributeAsync("aria-expanded", "true");
    }

    /// <summary>Seeds an asset a headline, a minute apart (the first oldest), and opens the gallery once its live cards are in.</summary>
    private async Task OpenGalleryWithLiveCardsAsync(SignedIn creator, params string[] headlines)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < headlines.Length; i++)
        {
            await SeedAsync(creator.User.Id, headlines[i], now.AddMinutes(i - headlines.Length));
        }

        await creator.Page.GotoAsync("/gallery");
        await creator.Page.WaitForCircuitAsync();
        await creator.Page.Locator("[data-testid=gallery-grid][data-cards=live]").WaitForAsync();
    }

    [Fact]
    public async Task A_ticked_box_keeps_its_focus_select_all_clear_and_a_crossing_tick_reach_every_card_and_a_made_up_card_selects_nothing()
    {
        // The cards are HTML the page sends to the browser, not Blazor's elements (GalleryCards.razor): their boxes reach
        // the server through one delegated event, and the server's own changes to the selection are sent back to them.
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await OpenGalleryWithLiveCardsAsync(creator, "First", "Second", "Third");
        var boxes = page.GetByTestId("card-select");
        await Assertions.Expect(boxes).ToHaveCountAsync(3);

        // By keyboard: the box stays ticked and keeps the focus after the server has heard of it.
        await boxes.Nth(1).FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("1 selected");
        await Assertions.Expect(boxes.Nth(1)).ToBeCheckedAsync();
        await Assertions.Expect(boxes.Nth(1)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByTestId("selection-bar")).ToHaveCountAsync(0);
        await Assertions.Expect(boxes.Nth(1)).Not.ToBeCheckedAsync();

        await page.GetByTestId("select-all").ClickAsync();
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("3 selected");
        for (var i = 0; i < 3; i++)
        {
            await Assertions.Expect(boxes.Nth(i)).ToBeCheckedAsync();
        }

        await page.GetByTestId("selection-clear").ClickAsync();
        await Assertions.Expect(page.GetByTestId("selection-bar")).ToHaveCountAsync(0);
        for (var i = 0; i < 3; i++)
        {
            await Assertions.Expect(boxes.Nth(i)).Not.ToBeCheckedAsync();
        }

        // A box changed while a tick from the server is on its way, which then lands on top of the change (played
        // here: the grid still says it applied an older tick, and the crossing tick re-ticks the box): the server
        // notices the older number and ticks the boxes again as the selection stands.
        await boxes.Nth(2).CheckAsync();
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("1 selected");
        await page.EvaluateAsync("""
            () => {
                const grid = document.querySelector('[data-testid=gallery-grid]');
                const box = grid.querySelectorAll('[data-testid=card-select]')[2];
                grid.dataset.seen = '0';
                box.click();
                box.checked = true;
            }
            """);
        await Assertions.Expect(page.GetByTestId("selection-bar")).ToHaveCountAsync(0);
        await Assertions.Expect(boxes.Nth(2)).Not.ToBeCheckedAsync();

        // A box the page never sent (another asset's id, or none) changes nothing; a real one still works after it.
        await page.EvaluateAsync("""
            () => {
                const grid = document.querySelector('[data-testid=gallery-grid]');
                for (const id of [crypto.randomUUID(), 'not-an-id']) {
                    const box = document.createElement('input');
                    box.type = 'checkbox';
                    box.dataset.assetId = id;
                    grid.append(box);
                    box.click();
                }
            }
            """);
        await boxes.Nth(0).CheckAsync();
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("1 selected");
    }

    [Fact]
    public async Task Delete_removes_what_its_dialog_named_even_if_a_box_is_ticked_while_it_is_open()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await OpenGalleryWithLiveCardsAsync(creator, "Keep me", "Delete one", "Delete two");
        var boxes = page.GetByTestId("card-select");
        await boxes.Nth(0).CheckAsync();
        await boxes.Nth(1).CheckAsync();
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("2 selected");

        await page.GetByTestId("selection-delete").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Delete 2 assets?");
        // The third card's box (newest first: "Keep me" is last) ticked behind the dialog.
        await page.EvaluateAsync("() => document.querySelectorAll('[data-testid=card-select]')[2].click()");
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("3 selected");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        var cards = page.GetByTestId("gallery-card");
        await Assertions.Expect(cards).ToHaveCountAsync(1);
        await Assertions.Expect(cards.First.GetByTestId("card-headline")).ToHaveTextAsync("Keep me");
        await Assertions.Expect(page.GetByText("2 assets deleted.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("1 selected");
        await Assertions.Expect(cards.First.GetByTestId("card-select")).ToBeCheckedAsync();
    }
}
