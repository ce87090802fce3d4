using Microsoft.Playwright;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Tests.Copy;

/// <summary>The Copy studio as a creator uses it, in headless Chromium on the real app (no job server: nothing renders here).</summary>
public sealed class CopyPageBrowserTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>, IAsyncLifetime
{
    private SignedIn _creator = default!;
    private IPage Page => _creator.Page;

    public async Task InitializeAsync() => _creator = await app.SignInNewUserAsync();

    public async Task DisposeAsync() => await _creator.DisposeAsync();

    [Fact]
    public async Task Samples_become_a_fingerprint_and_a_brief_gets_suggestions_with_voice_scores_and_limits()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BrandKitService>()
                .CreateAsync(_creator.User.Id, new BrandKitDraft { Name = "Moss", Tone = Tone.Casual, AvoidWords = ["cringe"] });
        }

        await Page.GotoAsync("/copy");
        await Page.WaitForCircuitAsync();
        await Assertions.Expect(Page.GetByTestId("samples-empty")).ToBeVisibleAsync();

        // A blank paste is refused next to the field.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add samples" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("Paste at least one past title or description, one per line.")).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Past titles, one per line" }).FillAsync(string.Join("\n", VoiceCorpora.Cozy));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add samples" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("sample-count")).ToHaveTextAsync("25 samples");
        await Assertions.Expect(Page.GetByTestId("voice-status")).ToContainTextAsync("Good");
        await Assertions.Expect(Page.GetByRole(AriaRole.Textbox, new() { Name = "Summary (yours to edit)" })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("lower case"));

        // The live score for a line the creator types.
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Type a title to score it" }).FillAsync("INSANE CLUTCH!! 🔥");
        await Assertions.Expect(Page.GetByTestId("live-score")).ToContainTextAsync("Off voice");

        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Brief: what happens in the video or stream" })
            .FillAsync("a rainy evening in stardew valley, planting pumpkins and drinking tea with chat");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Suggest" }).ClickAsync();

        await Assertions.Expect(Page.GetByTestId("engine-name")).ToContainTextAsync("Built-in engine");
        var titles = Page.GetByTestId("title-suggestion");
        await Assertions.Expect(titles.First).ToBeVisibleAsync();
        Assert.True(await titles.CountAsync() >= 5);
        for (var i = 0; i < await titles.CountAsync(); i++)
        {
            await Assertions.Expect(titles.Nth(i).GetByTestId("voice-score")).ToContainTextAsync("Voice ");
            await Assertions.Expect(titles.Nth(i).GetByTestId("title-length")).ToContainTextAsync("/ 100");
        }

        await Assertions.Expect(Page.GetByTestId("description")).ToContainTextAsync("Chapters");
        await Assertions.Expect(Page.GetByTestId("tags-length")).ToContainTextAsync("/ 500 characters");
        await Assertions.Expect(Page.GetByTestId("twitch-title")).ToContainTextAsync("/ 140");
        await Assertions.Expect(Page.GetByTestId("go-live")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_brief_at_the_limit_is_written_for_and_one_character_more_is_refused_in_words()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BrandKitService>()
                .CreateAsync(_creator.User.Id, new BrandKitDraft { Name = "Moss", Tone = Tone.Casual });
        }

        await Page.GotoAsync("/copy");
        await Page.WaitForCircuitAsync();
        var brief = Page.GetByRole(AriaRole.Textbox, new() { Name = "Brief: what happens in the video or stream" });
        // Past SignalR's default 32 KB message once the field sends its value: this used to drop the circuit, and the
        // page then answered as if the brief were empty.
        var words = string.Concat(Enumerable.Repeat("pumpkin harvest with chat ", 1_000));
        await brief.FillAsync(words[..(StreamerStudio.Domain.Copy.PlatformLimits.MaxBrief + 1)]);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Suggest" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("Keep the brief to 20,000 characters or fewer; this one has 20,001.")).ToBeVisibleAsync();
        Assert.Equal(0, await Page.GetByTestId("title-suggestion").CountAsync());

        await brief.FillAsync(words[..StreamerStudio.Domain.Copy.PlatformLimits.MaxBrief]);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Suggest" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("title-suggestion").First).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("ai-allowance")).ToContainTextAsync("1 of 20 AI generations used this month");
    }

    [Fact]
    public async Task A_streamed_suggestion_is_starred_kept_in_favourites_and_history_and_makes_a_thumbnail_with_its_title()
    {
        Guid kitId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            kitId = await scope.ServiceProvider.GetRequiredService<BrandKitService>()
                .CreateAsync(_creator.User.Id, new BrandKitDraft { Name = "Moss", Tone = Tone.Casual });
        }

        await Page.GotoAsync("/copy");
        await Page.WaitForCircuitAsync();
        await Assertions.Expect(Page.GetByTestId("ai-allowance")).ToContainTextAsync("0 of 20 AI generations used this month");
        await Assertions.Expect(Page.GetByTestId("history-empty")).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Past titles, one per line" }).FillAsync(string.Join("\n", VoiceCorpora.Cozy));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add samples" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("voice-status")).ToContainTextAsync("Good");

        // A template fills the brief; the creator then writes their own.
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Templates" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use template Tier list" }).ClickAsync();
        var brief = Page.GetByRole(AriaRole.Textbox, new() { Name = "Brief: what happens in the video or stream" });
        await Assertions.Expect(brief).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("S to F tier"));
        await brief.FillAsync("a rainy evening in stardew valley, planting pumpkins and drinking tea with chat");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Suggest" }).ClickAsync();

        var titles = Page.GetByTestId("title-suggestion");
        await Assertions.Expect(titles.First).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("engine-name")).ToContainTextAsync("Built-in engine");
        await Assertions.Expect(Page.GetByTestId("ai-allowance")).ToContainTextAsync("1 of 20 AI generations used this month");
        var link = await titles.First.GetByTestId("make-thumbnail").GetAttributeAsync("href");
        var title = Uri.UnescapeDataString(link!.Split("headline=")[1].Split('&')[0]);

        var star = titles.First.GetByTestId("star-title");
        await star.ClickAsync();
        await Assertions.Expect(star).ToHaveAttributeAsync("aria-pressed", "true");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Favourites" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("favourite")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.GetByTestId("favourite")).ToContainTextAsync(title);
        await Page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("history-entry")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.GetByTestId("history-entry")).ToContainTextAsync(title);

        await titles.First.GetByTestId("make-thumbnail").ClickAsync();
        await Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/generate\\?headline="));
        await Page.WaitForCircuitAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Textbox, new() { Name = "Headline" })).ToHaveValueAsync(title);
        Assert.Contains($"kit={kitId}", Page.Url);
    }
}
