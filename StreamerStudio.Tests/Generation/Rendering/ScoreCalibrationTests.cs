using SkiaSharp;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;
using Xunit.Abstractions;

namespace StreamerStudio.Tests.Generation.Rendering;

/// <summary>
/// The score against a fixed set of designs whose verdict is not in doubt. Good and middling ones come from the
/// real renderer; the bad ones it refuses to make (it guarantees fit, contrast and the safe area) are drawn here
/// and scored through the same entry point, <c>ViralScorer.Score</c>.
/// </summary>
public sealed class ScoreCalibrationTests(ITestOutputHelper output)
{
    private static readonly AssetSpec Thumbnail = AssetCatalogue.For(AssetType.Thumbnail);
    private static readonly BrandStyle Brand = RenderKit.Competitive;
    private readonly AssetRenderer _renderer = new();

    private int Rendered(string headline, int seed, byte[]? background = null, byte[]? subject = null, BrandStyle? brand = null, string? layout = null, AssetSpec? spec = null, string? subline = null)
    {
        var request = new RenderRequest(spec ?? Thumbnail, AssetFormat.Png, brand ?? Brand, headline, subline, null, seed, background, null, subject, null);
        var result = _renderer.RenderDetailed(request, layout);
        output.WriteLine($"      {headline} ({result.Asset.Layout}): {string.Join(", ", result.Metrics.Points.Select(p => $"{p.Key} {p.Value:0.#}"))}; cap {result.Metrics.SmallCapHeight:0.0} px");
        return result.Asset.Viral.Score;
    }

    /// <summary>Good: a subject, a short headline, strong contrast, made by the renderer.</summary>
    private IEnumerable<(string Name, int Score)> Good()
    {
        for (var seed = 0; seed < 3; seed++)
        {
            yield return ($"subject + screenshot + 3 words, seed {seed}", Rendered("CLUTCH OR KICK", seed, TestPictures.Screenshot, TestPictures.Figure));
            yield return ($"subject on brand + 2 words, seed {seed}", Rendered("HUGE WIN", seed, subject: TestPictures.Figure));
        }
    }

    /// <summary>Bad: each fails one thing a feed viewer notices.</summary>
    private IEnumerable<(string Name, int Score)> Bad()
    {
        // Through the renderer: it fits 14 words by making them small.
        yield return ("14-word headline", Rendered("I tried every single ranked strategy in the game so you never have to", 1));
        yield return ("14-word headline over a screenshot", Rendered("I tried every single ranked strategy in the game so you never have to", 2, TestPictures.Screenshot));
        // Drawn here: the renderer would not.
        yield return ("tiny text", TestDrawn.Score(Thumbnail, Brand, TestDrawn.Tiny));
        yield return ("low contrast", TestDrawn.Score(Thumbnail, Brand, TestDrawn.LowContrast));
        yield return ("headline and logo outside the safe area", TestDrawn.Score(Thumbnail, Brand, TestDrawn.OutsideSafeArea));
        yield return ("clutter", TestDrawn.Score(Thumbnail, Brand, TestDrawn.Clutter));
    }

    [Fact]
    public void Every_bad_design_scores_under_50_and_every_good_one_over_80()
    {
        var good = Good().ToList();
        var bad = Bad().ToList();
        foreach (var (name, score) in good.Concat(bad))
        {
            output.WriteLine($"{score,3}  {name}");
        }

        Assert.All(good, g => Assert.True(g.Score > 80, $"{g.Name}: {g.Score}"));
        Assert.All(bad, b => Assert.True(b.Score < 50, $"{b.Name}: {b.Score}"));
    }

    /// <summary>
    /// The written expectation, best first: a subject with a screenshot and 3 words; a text-only card with 3 words
    /// (tidy, but no face); the same card with 9 words; with 14 words; and every drawn failure below the tidy
    /// text-only card. The unreadable ones (tiny, low contrast, headline off the safe area) hit the cap.
    /// </summary>
    [Fact]
    public void Scores_fall_in_the_written_order()
    {
        var ranked = new (string Name, int Score)[]
        {
            ("subject + screenshot, 3 words", Rendered("CLUTCH OR KICK", 0, TestPictures.Screenshot, TestPictures.Figure)),
            ("text only, 3 words", Rendered("Ranked grind begins", 0, layout: "Big Type")),
            ("text only, 9 words", Rendered("I tried every ranked strategy so you never have", 0, layout: "Big Type")),
            ("text only, 14 words", Rendered("I tried every single ranked strategy in the game so you never have to", 0, layout: "Big Type")),
        };
        foreach (var (name, score) in ranked)
        {
            output.WriteLine($"{score,3}  {name}");
        }

        for (var i = 1; i < ranked.Length; i++)
        {
            Assert.True(ranked[i - 1].Score > ranked[i].Score, $"{ranked[i - 1].Name} ({ranked[i - 1].Score}) should beat {ranked[i].Name} ({ranked[i].Score}).");
        }

        Assert.True(TestDrawn.Score(Thumbnail, Brand, TestDrawn.Clutter) < ranked[1].Score);
        foreach (var unreadable in new[] { TestDrawn.Tiny, TestDrawn.LowContrast, TestDrawn.OutsideSafeArea })
        {
            Assert.True(TestDrawn.Score(Thumbnail, Brand, unreadable) <= ScoreRubric.UnreadableCap);
        }
    }

    [Fact]
    public void A_text_only_card_never_reaches_the_top_band()
    {
        foreach (var spec in AssetCatalogue.All.Where(s => s.Type != AssetType.Overlay))
        {
            foreach (var layout in AssetRenderer.LayoutNames(spec))
            {
                var score = Rendered("GG EZ", 3, spec: spec, layout: layout);
                Assert.True(score < 85, $"{spec.Name} {layout}: {score}");
            }
        }
    }

    [Fact]
    public void Scores_across_the_projects_own_layouts_spread_over_40_points()
    {
        var scores = new List<int>();
        foreach (var layout in AssetRenderer.LayoutNames(Thumbnail))
        {
            scores.Add(Rendered("Ranked grind day 30", 4, layout: layout, subline: "Road to Diamond"));
            scores.Add(Rendered("Every single ranked tip I learned this whole season explained", 4, layout: layout));
        }

        foreach (var layout in AssetRenderer.LayoutNames(Thumbnail, pictures: true))
        {
            scores.Add(Rendered("CLUTCH", 4, TestPictures.Screenshot, TestPictures.Figure, layout: layout));
            scores.Add(Rendered("Ranked grind day 30", 4, TestPictures.Screenshot, layout: layout));
        }

        output.WriteLine(string.Join(", ", scores));
        Assert.True(scores.Max() - scores.Min() >= 40, $"Spread {scores.Min()}–{scores.Max()}.");
    }
}

/// <summary>Designs the renderer refuses to make, drawn directly, with the text boxes the scorer reads.</summary>
internal static class TestDrawn
{
    public static int Score(AssetSpec spec, BrandStyle brand, Func<SKCanvas, AssetSpec, (string Headline, List<TextBox> Texts, List<ScoredElement> Elements)> draw)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(spec.Width, spec.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        var (headline, texts, elements) = draw(canvas, spec);
        canvas.Flush();
        return ViralScorer.Score(new ScoreInput(bitmap, spec, brand, headline, texts, elements)).Score.Score;
    }

    /// <summary>Three words at 24 px on a brand-coloured card: tidy, but a smudge at sidebar size.</summary>
    public static (string, List<TextBox>, List<ScoredElement>) Tiny(SKCanvas canvas, AssetSpec spec)
    {
        canvas.Clear(new SKColor(0x0B, 0x10, 0x20));
        return ("Ranked grind begins", [Text(canvas, "headline", "Ranked grind begins", 200, 360, 24, SKColors.White, new SKColor(0x0B, 0x10, 0x20))], []);
    }

    /// <summary>Grey on grey, large: the size is right, nobody can read it.</summary>
    public static (string, List<TextBox>, List<ScoredElement>) LowContrast(SKCanvas canvas, AssetSpec spec)
    {
        var ground = new SKColor(0x80, 0x80, 0x80);
        canvas.Clear(ground);
        return ("GG EZ", [Text(canvas, "headline", "GG EZ", 200, 420, 200, new SKColor(0x8E, 0x8E, 0x8E), ground)], []);
    }

    /// <summary>A big, clear headline half off the top edge and a logo in the duration corner.</summary>
    public static (string, List<TextBox>, List<ScoredElement>) OutsideSafeArea(SKCanvas canvas, AssetSpec spec)
    {
        var ground = new SKColor(0x0E, 0xA5, 0xE9);
        canvas.Clear(ground);
        var head = Text(canvas, "headline", "CLUTCH WIN", 20, 110, 190, SKColors.White, ground);
        using var logo = new SKPaint { Color = new SKColor(0xF4, 0x3F, 0x5E) };
        var logoBox = new SKRect(spec.Width - 200, spec.Height - 140, spec.Width - 20, spec.Height - 20);
        canvas.DrawRect(logoBox, logo);
        return ("CLUTCH WIN", [head], [new("logo", logoBox)]);
    }

    /// <summary>A six-word headline lost among stickers, arrows and emoji on a busy screenshot.</summary>
    public static (string, List<TextBox>, List<ScoredElement>) Clutter(SKCanvas canvas, AssetSpec spec)
    {
        using (var shot = SKBitmap.Decode(TestPictures.Screenshot))
        {
            canvas.DrawBitmap(shot, new SKRect(0, 0, spec.Width, spec.Height));
        }

        var elements = new List<ScoredElement>();
        using var sticker = new SKPaint { IsAntialias = true };
        var colours = new[] { SKColors.Red, SKColors.Yellow, SKColors.Lime, SKColors.Magenta, SKColors.Cyan, SKColors.White };
        for (var i = 0; i < 9; i++)
        {
            var box = new SKRect(90 + i % 3 * 380, 70 + i / 3 * 190, 90 + i % 3 * 380 + 150, 70 + i / 3 * 190 + 110);
            sticker.Color = colours[i % colours.Length];
            canvas.DrawOval(box, sticker);
            elements.Add(new("sticker", box));
        }

        var texts = new List<TextBox>
        {
            Text(canvas, "headline", "You will not believe this play", 120, 400, 60, SKColors.White, null),
            Text(canvas, "subline", "watch till the end!!!", 120, 520, 44, SKColors.Yellow, null),
        };
        return ("You will not believe this play", texts, elements);
    }

    private static TextBox Text(SKCanvas canvas, string role, string text, float x, float baseline, float size, SKColor fill, SKColor? ground)
    {
        using var font = new SKFont(FontLibrary.Get("Inter", true), size);
        using var paint = new SKPaint { Color = fill, IsAntialias = true };
        canvas.DrawText(text, x, baseline, font, paint);
        font.MeasureText(text, out var ink, paint);
        ink.Offset(x, baseline);
        var contrast = ground is { } g ? RenderKitContrast(fill, g) : 4.5;
        return new TextBox(role, text, ink, ink, [ink], fill, contrast, size, font.Metrics.CapHeight, 1, false, false);
    }

    private static double RenderKitContrast(SKColor a, SKColor b)
    {
        double la = RenderKit.Luminance(a), lb = RenderKit.Luminance(b);
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }
}
