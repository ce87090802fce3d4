using System.Globalization;
using Microsoft.Playwright;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Tests.Gallery;

/// <summary>
/// A creator opens a rendered asset and asks why it scored what it did: the page shows the score and suggestions the
/// worker stored for that asset, and the rubric the scorer weighs with. The real app, its job server, headless Chromium.
/// </summary>
[Collection(JobServerCollection.Name)]
public sealed class ScoreExplanationBrowserTests(StudioAppFixture app) : IClassFixture<StudioAppFixture>
{
    [Fact]
    public async Task Why_this_score_shows_the_stored_score_and_suggestions_and_the_rubric_the_scorer_uses()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        using (var scope = app.Services.CreateScope())
        {
            // Ten words on a thumbnail (allowance 3) lose most of the length points, so the scorer has something to say.
            await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(creator.User.Id, new GenerationRequest
            {
                AssetTypes = [AssetType.Thumbnail],
                Headline = "How I climbed from Bronze to Diamond in a week",
            });
        }

        await page.GotoAsync("/jobs");
        await Assertions.Expect(page.GetByTestId("job").First).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var asset = await db.Assets.AsNoTracking().SingleAsync(a => a.UserId == creator.User.Id);
        Assert.NotNull(asset.ViralScore);
        Assert.Contains(asset.ViralSuggestions, s => s.Contains("Shorten the headline", StringComparison.Ordinal));

        await page.GotoAsync($"/gallery/{asset.Id}");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("viral-score")).ToHaveTextAsync(asset.ViralScore.Value.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("suggestions").Locator("li")).ToHaveTextAsync(asset.ViralSuggestions);

        // Folded until asked for.
        var rubric = page.GetByTestId("score-rubric");
        var rows = rubric.GetByTestId("rubric-row");
        await Assertions.Expect(rows.First).Not.ToBeVisibleAsync();
        await rubric.GetByText("Why this score").ClickAsync();
        await Assertions.Expect(rows.First).ToBeVisibleAsync();

        // Every criterion the scorer awards, with its points and what earns them, and nothing else; together 100.
        await Assertions.Expect(rows).ToHaveCountAsync(ScoreRubric.All.Count);
        for (var i = 0; i < ScoreRubric.All.Count; i++)
        {
            var criterion = ScoreRubric.All[i];
            await Assertions.Expect(rows.Nth(i).Locator("td")).ToHaveTextAsync([criterion.Name, criterion.Weight.ToString(CultureInfo.InvariantCulture), criterion.Earns]);
        }

        Assert.Equal(100, ScoreRubric.All.Sum(c => c.Weight));
        await Assertions.Expect(rubric).ToContainTextAsync(ScoreRubric.Cap);
    }
}
