using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StreamerStudio.Web;

namespace StreamerStudio.Tests.Media;

/// <summary>A creator adds a cut-out on the Media page and puts it on a thumbnail: the real app, its job server, headless Chromium.</summary>
[Collection(JobServerCollection.Name)]
public sealed class MediaBrowserTests(StudioAppFixture app) : IClassFixture<StudioAppFixture>, IAsyncLifetime
{
    private IBrowserContext _browser = default!;
    private IPage _page = default!;

    public async Task InitializeAsync()
    {
        _browser = await Browser.NewContextAsync(app.BaseUrl);
        _page = await _browser.NewPageAsync();
        var email = $"{Guid.NewGuid():N}@example.com";
        await app.CreateUserAsync(email, "Sup3r!Secret");
        await _page.LogInAsync(email, "Sup3r!Secret");
        await Assertions.Expect(_page.GetByTestId("greeting")).ToBeVisibleAsync();
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task A_cut_out_uploaded_on_the_media_page_is_picked_on_generate_and_the_job_completes()
    {
        await _page.GotoAsync("/media");
        await _page.WaitForCircuitAsync();
        await Assertions.Expect(_page.GetByTestId("media-empty")).ToBeVisibleAsync();

        await _page.GetByText("Cut-out (transparent background)").ClickAsync();
        await _page.GetByTestId("media-input").SetInputFilesAsync(new FilePayload
        {
            Name = "face.png", MimeType = "image/png", Buffer = MediaLibraryTests.CutOut(),
        });

        await Assertions.Expect(_page.GetByTestId("media-verdict")).ToContainTextAsync("has transparency");
        var card = _page.GetByTestId("media-card");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.GetByTestId("has-transparency")).ToBeVisibleAsync();
        var preview = card.GetByTestId("media-preview");
        await Assertions.Expect(preview).ToHaveAttributeAsync("alt", "Face");
        await Assertions.Expect(preview).Not.ToHaveJSPropertyAsync("naturalWidth", 0);

        // One click sets the focal point; its mark appears where it was clicked.
        await preview.ClickAsync(new() { Position = new() { X = 60, Y = 180 } });
        await Assertions.Expect(card.GetByTestId("focus-mark")).ToHaveAttributeAsync("style", "left:60px;top:180px");

        await _page.GotoAsync("/generate");
        await _page.WaitForCircuitAsync();
        await _page.GetByTestId("headline").FillAsync("Road to Grandmaster");
        await _page.GetByTestId("pick-subject").GetByTestId("media-select").ClickAsync();
        await _page.GetByRole(AriaRole.Option, new() { Name = "face" }).ClickAsync();
        await Assertions.Expect(_page.GetByTestId("pick-subject").GetByTestId("picked-preview")).ToHaveAttributeAsync("alt", "Face");
        // The live preview is rendered again with the cut-out (its key ends with the picture's id).
        await Assertions.Expect(_page.GetByTestId("generate-preview")).ToHaveAttributeAsync("data-key", new Regex("\\|[0-9a-f-]{36}$"));
        await _page.GetByTestId("generate-submit").ClickAsync();

        var job = _page.GetByTestId("job").First;
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        await Assertions.Expect(job.GetByTestId("job-asset")).ToHaveCountAsync(1);
    }
}
