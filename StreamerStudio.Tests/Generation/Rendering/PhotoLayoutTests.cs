using SkiaSharp;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Tests.Generation.Rendering;

/// <summary>Layouts with a screenshot, a cut-out subject, or both.</summary>
public sealed class PhotoLayoutTests
{
    private readonly AssetRenderer _renderer = new();
    private static readonly IEnumerable<AssetSpec> Pictured = AssetCatalogue.All.Where(s => s.Type != AssetType.Overlay);

    public static TheoryData<string> Cases => new(["subject", "screenshot", "both"]);

    private static RenderRequest With(RenderRequest request, string pictures) => pictures switch
    {
        "subject" => request with { Subject = TestPictures.Figure },
        "screenshot" => request with { Background = TestPictures.Screenshot },
        _ => request with { Subject = TestPictures.Figure, Background = TestPictures.Screenshot },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_asset_type_but_overlays_has_picture_layouts_that_keep_text_legible_and_the_face_and_text_inside_the_safe_area(string pictures)
    {
        foreach (var spec in Pictured)
        {
            foreach (var layout in AssetRenderer.LayoutNames(spec, pictures: true))
            {
                var request = With(RenderKit.Request(spec, "Clutch or kick", format: AssetFormat.Png, seed: 3), pictures);
                var result = _renderer.RenderDetailed(request, layout);
                var name = $"{spec.Name} {layout} ({pictures})";

                Assert.All(result.Texts, t => Assert.True(t.Contrast >= 4.5, $"{name}: {t.Role} {t.Contrast:0.00}:1."));
                Assert.All(result.Texts, t => Assert.True(RenderKit.Inside(t.Bounds, spec.SafeArea), $"{name}: {t.Role} {t.Bounds} leaves {spec.SafeArea}."));
                Assert.Empty(result.Metrics.OutsideSafeArea);
                if (pictures != "screenshot")
                {
                    var key = result.Elements.Single(e => e.Role == ScoredElement.SubjectKey).Box;
                    Assert.True(RenderKit.Inside(key, spec.SafeArea), $"{name}: the face {key} leaves {spec.SafeArea}.");
                }

                using var bitmap = RenderKit.Decode(result.Asset.Bytes);
                var headline = result.Texts.Single(t => t.Role == "headline");
                var (contrast, samples) = RenderKit.MeasuredContrast(bitmap, headline.LineInk, headline.Fill);
                Assert.True(samples < 50 || contrast >= 4.5, $"{name}: the headline measures {contrast:0.00}:1.");
            }
        }
    }

    [Fact]
    public void Without_pictures_the_existing_layouts_are_used()
    {
        foreach (var spec in AssetCatalogue.All)
        {
            for (var seed = 0; seed < 6; seed++)
            {
                var layout = _renderer.Render(RenderKit.Request(spec, seed: seed)).Layout;
                Assert.Contains(layout, AssetRenderer.LayoutNames(spec));
            }
        }
    }

    [Fact]
    public void Seeds_vary_the_layout_the_side_and_the_scale_of_the_subject_not_only_colours()
    {
        var spec = AssetCatalogue.For(AssetType.Thumbnail);
        var looks = new HashSet<string>();
        for (var seed = 0; seed < 8; seed++)
        {
            var result = _renderer.RenderDetailed(With(RenderKit.Request(spec, "Clutch or kick", seed: seed), "both"));
            var subject = result.Elements.Single(e => e.Role == "subject").Box;
            looks.Add($"{result.Asset.Layout} {(subject.MidX > spec.Width / 2f ? "right" : "left")} {Math.Round(subject.Height / 60)}");
        }

        Assert.True(looks.Count >= 5, string.Join("; ", looks));
        Assert.Contains(looks, l => l.Contains(" left ", StringComparison.Ordinal));
        Assert.Contains(looks, l => l.Contains(" right ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_focal_point_of_a_screenshot_survives_the_crop_to_9_16()
    {
        // A wide picture, grey but for one red target near its right edge.
        using var wide = new SKBitmap(new SKImageInfo(1600, 900, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(wide))
        {
            canvas.Clear(new SKColor(0x60, 0x60, 0x60));
            using var red = new SKPaint { Color = SKColors.Red, IsAntialias = true };
            canvas.DrawCircle(1440, 450, 90, red);
            using var ring = new SKPaint { Color = SKColors.White, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 12 };
            canvas.DrawCircle(1440, 450, 120, ring);
        }

        using var data = wide.Encode(SKEncodedImageFormat.Png, 100);
        var estimated = Focus.OfPicture(wide);
        Assert.True(estimated.X > 0.7f, $"Estimated focus {estimated}.");

        var story = AssetCatalogue.For(AssetType.StoryGraphic);
        foreach (var focus in new FocalPoint?[] { null, new FocalPoint(0.9f, 0.5f) })
        {
            var request = RenderKit.Request(story, "Clutch", format: AssetFormat.Png, subline: null, badge: null) with { Background = data.ToArray(), BackgroundFocus = focus };
            using var bitmap = RenderKit.Decode(_renderer.Render(request).Bytes);
            var reddish = 0;
            for (var y = 0; y < bitmap.Height; y += 4)
            {
                for (var x = 0; x < bitmap.Width; x += 4)
                {
                    var c = RenderKit.Pixel(bitmap, x, y);
                    reddish += c.Red > 150 && c.Green < 50 && c.Blue < 50 ? 1 : 0;
                }
            }

            Assert.True(reddish > 100, $"Focus {focus?.ToString() ?? "estimated"}: the target is cropped away ({reddish} red samples).");
        }
    }

    [Fact]
    public void A_subject_that_is_not_an_image_is_refused_with_a_clear_message()
    {
        var request = RenderKit.Request(AssetCatalogue.For(AssetType.Thumbnail)) with { Subject = "not a picture"u8.ToArray() };

        var error = Assert.Throws<ArgumentException>(() => _renderer.Render(request));
        Assert.StartsWith("The subject is not a PNG, JPEG or WebP image.", error.Message, StringComparison.Ordinal);
    }
}
