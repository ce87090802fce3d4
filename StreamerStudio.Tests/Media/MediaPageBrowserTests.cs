using System.Text;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SkiaSharp;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Domain.Media;
using StreamerStudio.Tests.BrandKits;

namespace StreamerStudio.Tests.Media;

/// <summary>
/// The Media page as a person uses it, keyboard included: the focal point, the description, the library's cap. The
/// real app without a job server (nothing here renders an asset), headless Chromium.
/// </summary>
public sealed class MediaPageBrowserTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>, IAsyncLifetime
{
    private SignedIn _creator = default!;
    private IPage Page => _creator.Page;
    private Guid UserId => _creator.User.Id;

    public async Task InitializeAsync() => _creator = await app.SignInNewUserAsync();

    public async Task DisposeAsync() => await _creator.DisposeAsync();

    private MediaLibrary Library => app.Services.CreateScope().ServiceProvider.GetRequiredService<MediaLibrary>();

    private async Task<MediaCard> AddPictureAsync(string fileName = "boss_fight-02.png") =>
        (await Library.UploadAsync(UserId, new MemoryStream(LogoSamples.TwoTone(480, 270, SKEncodedImageFormat.Png)), fileName, MediaKind.Screenshot)).Item;

    private async Task OpenMediaAsync()
    {
        await Page.GotoAsync("/media");
        await Page.WaitForCircuitAsync();
        await Assertions.Expect(Page.GetByTestId("media-usage")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_focal_point_is_moved_with_the_arrow_keys_in_five_percent_steps_read_out_and_saved_with_enter()
    {
        var picture = await AddPictureAsync();
        await OpenMediaAsync();
        var card = Page.GetByTestId("media-card");
        var text = card.GetByTestId("focus-text");
        await Assertions.Expect(text).ToHaveTextAsync("Focus: not set, crops keep the middle");
        await Assertions.Expect(text).ToHaveAttributeAsync("role", "status");
        await Assertions.Expect(card.GetByTestId("focus-mark")).ToHaveCountAsync(0);

        // Found by role and label, as a screen reader finds them.
        var across = card.GetByRole(AriaRole.Slider, new() { Name = "Across" });
        await across.FocusAsync();
        await Page.Keyboard.PressAsync("ArrowLeft");
        await Page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(text).ToHaveTextAsync("Focus: 40% across, 50% down (not saved yet)");
        // The mark follows before saving: 40 % of the 240 px preview, 50 % of its 135 px height.
        await Assertions.Expect(card.GetByTestId("focus-mark")).ToHaveAttributeAsync("style", "left:96px;top:67.5px");

        await Page.Keyboard.PressAsync("Tab");
        var down = card.GetByRole(AriaRole.Slider, new() { Name = "Down" });
        await Assertions.Expect(down).ToBeFocusedAsync();
        for (var i = 0; i < 4; i++)
        {
            await Page.Keyboard.PressAsync("ArrowLeft");
        }

        await Assertions.Expect(text).ToHaveTextAsync("Focus: 40% across, 30% down (not saved yet)");
        Assert.Null((await Library.GetAsync(UserId, picture.Id))!.Focus);

        await Page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Save the focal point of boss_fight-02" })).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(text).ToHaveTextAsync("Focus: 40% across, 30% down");

        var saved = (await Library.GetAsync(UserId, picture.Id))!.Focus!.Value;
        Assert.Equal(0.40f, saved.X, 0.0001f);
        Assert.Equal(0.30f, saved.Y, 0.0001f);

        // Home goes to the left edge; a fresh page starts from what was saved.
        await across.FocusAsync();
        await Page.Keyboard.PressAsync("Home");
        await Assertions.Expect(text).ToHaveTextAsync("Focus: 0% across, 30% down (not saved yet)");
        await OpenMediaAsync();
        await Assertions.Expect(across).ToHaveValueAsync("40");
        await Assertions.Expect(down).ToHaveValueAsync("30");
        await Assertions.Expect(text).ToHaveTextAsync("Focus: 40% across, 30% down");
    }

    [Fact]
    public async Task The_description_is_edited_on_the_card_refused_next_to_the_field_when_too_long_and_is_the_alt_text_here_and_in_the_picker()
    {
        var picture = await AddPictureAsync();
        await OpenMediaAsync();
        var card = Page.GetByTestId("media-card");
        var field = card.GetByRole(AriaRole.Textbox, new() { Name = "Description (alt text)" });
        await Assertions.Expect(field).ToHaveValueAsync("Boss fight 02");
        await Assertions.Expect(card.GetByTestId("media-preview")).ToHaveAttributeAsync("alt", "Boss fight 02");

        await field.FillAsync(new string('x', MediaLibrary.MaxDescription + 1));
        await card.GetByRole(AriaRole.Button, new() { Name = "Save the description of boss_fight-02" }).ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync($"Keep the description to {MediaLibrary.MaxDescription} characters or fewer; this one has {MediaLibrary.MaxDescription + 1}.");
        Assert.Equal("Boss fight 02", (await Library.GetAsync(UserId, picture.Id))!.Description);

        await field.FillAsync("Me shouting at the final boss");
        await field.PressAsync("Enter");
        await Assertions.Expect(card.GetByTestId("media-preview")).ToHaveAttributeAsync("alt", "Me shouting at the final boss");
        await Assertions.Expect(card).Not.ToContainTextAsync("Keep the description");
        Assert.Equal("Me shouting at the final boss", (await Library.GetAsync(UserId, picture.Id))!.Description);

        await Page.GotoAsync("/generate");
        await Page.WaitForCircuitAsync();
        await Page.GetByTestId("pick-background").GetByTestId("media-select").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "boss_fight-02" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("pick-background").GetByTestId("picked-preview")).ToHaveAttributeAsync("alt", "Me shouting at the final boss");
    }

    [Fact]
    public async Task Usage_is_shown_and_an_upload_past_the_plan_s_bytes_is_refused_on_the_page_with_nothing_stored()
    {
        await AddPictureAsync();
        await OpenMediaAsync();
        var usage = await Library.UsageAsync(UserId);
        await Assertions.Expect(Page.GetByTestId("media-usage")).ToHaveTextAsync($"Your library: {usage.Describe()} on the Free plan.");
        Assert.StartsWith("1 of 50 pictures, ", usage.Describe());

        // Fill the rest of the plan's bytes, less than a picture's worth.
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            var key = $"u/{UserId:N}/media/held-{Guid.NewGuid():N}.jpg";
            db.MediaItems.Add(new MediaItem
            {
                Id = Guid.CreateVersion7(), UserId = UserId, Kind = MediaKind.Screenshot, Name = "held", Description = "Held picture",
                Width = 64, Height = 64, Format = AssetFormat.Jpeg, FileSizeBytes = TierLimits.For(SubscriptionTier.Free).MediaBytes - usage.Bytes - 10,
                StorageKey = key, PreviewKey = key + ".webp",
            });
            await db.SaveChangesAsync();
        }

        await OpenMediaAsync();
        await Assertions.Expect(Page.GetByTestId("media-usage")).ToHaveTextAsync("Your library: 2 of 50 pictures, 250 MB of 250 MB on the Free plan.");
        await Page.GetByTestId("media-input").SetInputFilesAsync(new FilePayload
        {
            Name = "another.png", MimeType = "image/png", Buffer = LogoSamples.TwoTone(480, 270, SKEncodedImageFormat.Png),
        });

        await Assertions.Expect(Page.GetByTestId("media-error")).ToContainTextAsync("has 10 B left of the 250 MB your Free plan keeps");
        await Assertions.Expect(Page.GetByTestId("media-error")).ToContainTextAsync("or upgrade to Pro on the Billing page for 5 GB.");
        await Assertions.Expect(Page.GetByTestId("media-card")).ToHaveCountAsync(2);
        Assert.Equal(2, (await Library.ListAsync(UserId)).Count);
        // The first picture's file and preview; the refused one left nothing behind.
        var folder = Path.Combine(app.DataFolder, "assets", "u", UserId.ToString("N"), "media");
        Assert.Equal(2, Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length);
    }

    [Theory]
    [InlineData(Theme.Light)]
    [InlineData(Theme.Dark)]
    public async Task The_page_with_pictures_has_no_serious_accessibility_violations(Theme theme)
    {
        var picture = await AddPictureAsync();
        await AddPictureAsync("face.png");
        await Library.SetFocusAsync(UserId, picture.Id, new FocalPoint(0.3f, 0.6f));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountService>().SetThemeAsync(UserId, theme);
        }

        var problems = new StringBuilder();
        foreach (var width in new[] { 1280, 390 })
        {
            await Page.SetViewportSizeAsync(width, 844);
            await OpenMediaAsync();
            await Assertions.Expect(Page.GetByTestId("media-card")).ToHaveCountAsync(2);
            var results = await Page.RunAxe();
            foreach (var violation in results.Violations.Where(v => v.Impact is "serious" or "critical"))
            {
                problems.AppendLine($"{theme}, {width}px: {violation.Id} [{violation.Impact}] {violation.Help}: " +
                                    string.Join(" | ", violation.Nodes.Take(5).Select(n => n.Target?.ToString())));
            }
        }

        Assert.True(problems.Length == 0, "\n" + problems);
    }
}
