using SkiaSharp;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Tests.Generation.Rendering;

public sealed class AssetRendererTests
{
    private readonly AssetRenderer _renderer = new();

    public static TheoryData<int, string, AssetFormat> EverySpecLayoutAndFormat()
    {
        var data = new TheoryData<int, string, AssetFormat>();
        for (var i = 0; i < AssetCatalogue.All.Count; i++)
        {
            var spec = AssetCatalogue.All[i];
            foreach (var layout in AssetRenderer.LayoutNames(spec))
            {
                foreach (var format in spec.Formats)
                {
                    data.Add(i, layout, format);
                }
            }
        }

        return data;
    }

    public static TheoryData<int, string> EverySpecAndLayout()
    {
        var data = new TheoryData<int, string>();
        for (var i = 0; i < AssetCatalogue.All.Count; i++)
        {
            foreach (var layout in AssetRenderer.LayoutNames(AssetCatalogue.All[i]))
            {
                data.Add(i, layout);
            }
        }

        return data;
    }

    [Fact]
    public void Every_spec_offers_at_least_three_layouts()
    {
        foreach (var spec in AssetCatalogue.All)
        {
            Assert.True(AssetRenderer.LayoutNames(spec).Distinct().Count() >= 3, $"{spec.Name} has fewer than three layouts.");
        }
    }

    [Theory]
    [MemberData(nameof(EverySpecLayoutAndFormat))]
    public void Renders_at_the_specs_size_and_format_under_its_byte_limit(int specIndex, string layout, AssetFormat format)
    {
        var spec = AssetCatalogue.All[specIndex];
        var result = _renderer.RenderDetailed(RenderKit.Request(spec, format: format), layout);

        Assert.Equal(layout, result.Asset.Layout);
        Assert.Equal(format, result.Asset.Format);
        Assert.Equal(format, ImageSniffer.Detect(result.Asset.Bytes));
        Assert.True(result.Asset.Bytes.Length <= spec.MaxBytes, $"{result.Asset.Bytes.Length} bytes is over {spec.MaxBytes}.");
        using var codec = SKCodec.Create(new SKMemoryStream(result.Asset.Bytes));
        Assert.Equal(spec.Width, codec.Info.Width);
        Assert.Equal(spec.Height, codec.Info.Height);
        Assert.Equal((spec.Width, spec.Height), (result.Asset.Width, result.Asset.Height));
        Assert.InRange(result.Asset.Viral.Score, 0, 100);
    }

    [Theory]
    [MemberData(nameof(EverySpecAndLayout))]
    public void A_one_word_headline_fits_whole_inside_the_safe_area(int specIndex, string layout)
    {
        var spec = AssetCatalogue.All[specIndex];
        var result = _renderer.RenderDetailed(RenderKit.Request(spec, "Victory"), layout);

        var headline = Assert.Single(result.Texts, t => t.Role == "headline");
        Assert.False(headline.Truncated);
        Assert.Equal(1, headline.Lines);
        Assert.Contains("VICTORY", headline.Text, StringComparison.OrdinalIgnoreCase);
        foreach (var text in result.Texts)
        {
            Assert.True(RenderKit.Inside(text.Bounds, spec.SafeArea), $"{text.Role} {text.Bounds} leaves the safe area {spec.SafeArea}.");
            Assert.True(text.Bounds.Contains(text.Ink), $"{text.Role}: ink {text.Ink} is outside its box {text.Bounds}.");
        }

        Assert.True(result.Logo is null || RenderKit.Inside(result.Logo.Value, spec.SafeArea), $"Logo {result.Logo} leaves the safe area.");
    }

    [Theory]
    [MemberData(nameof(EverySpecAndLayout))]
    public void A_very_long_headline_wraps_to_three_lines_or_fewer_inside_the_safe_area(int specIndex, string layout)
    {
        var spec = AssetCatalogue.All[specIndex];
        var headline = string.Join(' ', Enumerable.Repeat("Unbelievable comeback in the grand final of the season", 5));
        var result = _renderer.RenderDetailed(RenderKit.Request(spec, headline, RenderKit.Comedic), layout);

        var text = Assert.Single(result.Texts, t => t.Role == "headline");
        Assert.InRange(text.Lines, 1, 4);
        Assert.True(RenderKit.Inside(text.Bounds, spec.SafeArea), $"{text.Bounds} leaves the safe area {spec.SafeArea}.");
        Assert.True(text.Bounds.Contains(text.Ink));
        Assert.True(text.FontSize >= 12, $"Set at {text.FontSize} px.");
        // Either the whole headline is there, or the cut is flagged and ends in an ellipsis.
        Assert.True(text.Truncated ? text.Text.EndsWith('…') : text.Text.Length == headline.Length, text.Text);
    }

    [Fact]
    public void The_same_request_gives_identical_bytes()
    {
        foreach (var spec in AssetCatalogue.All)
        {
            foreach (var format in spec.Formats)
            {
                var request = RenderKit.Request(spec, format: format, seed: 42);
                Assert.Equal(_renderer.Render(request).Bytes, _renderer.Render(request).Bytes);
            }
        }
    }

    [Fact]
    public void A_different_seed_gives_a_visibly_different_image_even_with_the_same_layout()
    {
        foreach (var spec in AssetCatalogue.All)
        {
            var count = AssetRenderer.LayoutNames(spec).Count;
            var first = _renderer.Render(RenderKit.Request(spec, format: AssetFormat.Png, seed: 3));
            var second = _renderer.Render(RenderKit.Request(spec, format: AssetFormat.Png, seed: 3 + count));
            Assert.Equal(first.Layout, second.Layout);
            Assert.NotEqual(first.Bytes, second.Bytes);
            using var a = RenderKit.Decode(first.Bytes);
            using var b = RenderKit.Decode(second.Bytes);
            var difference = RenderKit.MeanDifference(a, b);
            Assert.True(difference > 4, $"{spec.Name}: seeds differ by only {difference:0.00} per channel on average.");
        }
    }

    [Theory]
    [MemberData(nameof(EverySpecAndLayout))]
    public void Text_reaches_4_5_to_1_contrast_in_the_pixels_even_with_a_grey_on_grey_brand(int specIndex, string layout)
    {
        var spec = AssetCatalogue.All[specIndex];
        var result = _renderer.RenderDetailed(RenderKit.Request(spec, "Grey day grind", RenderKit.LowContrast, format: AssetFormat.Png, badge: "NEW"), layout);
        using var bitmap = RenderKit.Decode(result.Asset.Bytes);

        foreach (var text in result.Texts)
        {
            Assert.True(text.Contrast >= 4.5, $"{text.Role} reports {text.Contrast:0.00}:1.");
            var (contrast, samples) = RenderKit.MeasuredContrast(bitmap, text.LineInk, text.Fill);
            if (samples >= 50)
            {
                Assert.True(contrast >= 4.5, $"{layout} {text.Role} \"{text.Text}\" measures {contrast:0.00}:1 over {samples} pixels.");
            }
        }

        Assert.Contains(result.Texts, t => t.Role == "headline" && RenderKit.MeasuredContrast(bitmap, t.LineInk, t.Fill).Samples >= 50);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Overlays_are_transparent_pngs_with_the_centre_left_clear(int seed)
    {
        var spec = AssetCatalogue.For(AssetType.Overlay);
        foreach (var layout in AssetRenderer.LayoutNames(spec))
        {
            var result = _renderer.RenderDetailed(RenderKit.Request(spec, seed: seed, brand: seed % 2 == 0 ? RenderKit.Comedic : RenderKit.Competitive), layout);
            Assert.Equal(AssetFormat.Png, ImageSniffer.Detect(result.Asset.Bytes));
            using var bitmap = RenderKit.Decode(result.Asset.Bytes);
            var opaqueInCentre = 0;
            // The play area: the middle 40% of the width and 40% of the height.
            for (var y = (int)(spec.Height * 0.28); y < spec.Height * 0.68; y += 4)
            {
                for (var x = (int)(spec.Width * 0.3); x < spec.Width * 0.7; x += 4)
                {
                    opaqueInCentre += RenderKit.Pixel(bitmap, x, y).Alpha > 0 ? 1 : 0;
                }
            }

            Assert.Equal(0, opaqueInCentre);
            Assert.True(RenderKit.Pixel(bitmap, spec.Width / 2, spec.Height / 2).Alpha == 0);
            // And it is not empty: the frame, bars and text are drawn.
            Assert.NotEmpty(result.Texts);
        }
    }

    [Theory]
    [InlineData("Café crème: Ærøskøbing à Ñandú", false)]
    [InlineData("日本語のゲーム実況", false)]
    [InlineData("مرحبا بالعالم", false)]
    [InlineData("שלום עולם", false)]
    [InlineData("GG 🔥😂 next round", true)]
    [InlineData("🎮🏆🔥", true)]
    public void Headlines_in_any_script_render_with_real_glyphs(string headline, bool emoji)
    {
        var spec = AssetCatalogue.For(AssetType.Thumbnail);
        foreach (var layout in AssetRenderer.LayoutNames(spec))
        {
            var result = _renderer.RenderDetailed(RenderKit.Request(spec, headline, RenderKit.Educational, format: AssetFormat.Png, badge: null), layout);
            var text = Assert.Single(result.Texts, t => t.Role == "headline");
            Assert.False(text.MissingGlyphs, $"{layout}: some of \"{headline}\" had no font (tofu).");
            Assert.False(text.Truncated);
            Assert.False(text.Ink.IsEmpty);

            using var bitmap = RenderKit.Decode(result.Asset.Bytes);
            var (inText, colours) = Ink(bitmap, text);
            if (headline.Any(char.IsLetter))
            {
                Assert.True(inText > 0.04, $"{layout}: only {inText:P1} of the text box is drawn in the text colour.");
            }

            if (emoji)
            {
                Assert.True(colours > 40, $"{layout}: {colours} distinct colours in the text box; colour emoji are missing.");
            }
        }
    }

    [Fact]
    public void An_ai_background_is_drawn_under_the_text_and_text_stays_legible()
    {
        var spec = AssetCatalogue.For(AssetType.Thumbnail);
        var photo = RenderKit.NoisyPhoto(900, 600, 7);
        var plain = _renderer.RenderDetailed(RenderKit.Request(spec, format: AssetFormat.Png, seed: 5));
        var withPhoto = _renderer.RenderDetailed(RenderKit.Request(spec, format: AssetFormat.Png, seed: 5, background: photo));

        Assert.NotEqual(plain.Asset.Bytes, withPhoto.Asset.Bytes);
        Assert.All(withPhoto.Texts, t => Assert.True(t.Contrast >= 4.5, $"{t.Role}: {t.Contrast:0.00}:1 over the photo."));
        using var bitmap = RenderKit.Decode(withPhoto.Asset.Bytes);
        var headline = withPhoto.Texts.Single(t => t.Role == "headline");
        var (contrast, samples) = RenderKit.MeasuredContrast(bitmap, headline.LineInk, headline.Fill);
        Assert.True(samples < 50 || contrast >= 4.5, $"Over the photo the headline measures {contrast:0.00}:1.");
    }

    [Fact]
    public void A_background_that_is_not_an_image_is_refused_with_a_clear_message()
    {
        var request = RenderKit.Request(AssetCatalogue.For(AssetType.Thumbnail), background: "<html>not an image</html>"u8.ToArray());

        var error = Assert.Throws<ArgumentException>(() => _renderer.Render(request));
        Assert.Contains("not a PNG, JPEG or WebP", error.Message);
    }

    [Fact]
    public void Lossy_formats_step_quality_down_to_meet_a_tight_byte_limit()
    {
        var spec = AssetCatalogue.For(AssetType.Thumbnail);
        var photo = RenderKit.NoisyPhoto(1280, 720, 3);
        foreach (var format in (AssetFormat[])[AssetFormat.Jpeg, AssetFormat.Webp])
        {
            var best = _renderer.Render(RenderKit.Request(spec, format: format, background: photo)).Bytes.Length;
            var tight = spec with { MaxBytes = best * 6 / 10 };

            var result = _renderer.Render(RenderKit.Request(tight, format: format, background: photo));

            Assert.True(result.Bytes.Length <= tight.MaxBytes, $"{format}: {result.Bytes.Length} bytes over {tight.MaxBytes}.");
            Assert.Equal(format, ImageSniffer.Detect(result.Bytes));
        }
    }

    [Fact]
    public void A_png_that_cannot_meet_the_limit_fails_with_advice_instead_of_breaking_the_limit()
    {
        var tiny = AssetCatalogue.For(AssetType.Thumbnail) with { MaxBytes = 20 * 1024 };
        var request = RenderKit.Request(tiny, format: AssetFormat.Png, background: RenderKit.NoisyPhoto(1280, 720, 9));

        var error = Assert.Throws<AssetTooLargeException>(() => _renderer.Render(request));
        Assert.Contains("Choose JPEG or WebP", error.Message);
    }

    [Fact]
    public void A_format_the_platform_does_not_take_is_refused()
    {
        var request = RenderKit.Request(AssetCatalogue.For(AssetType.Overlay), format: AssetFormat.Jpeg);

        Assert.Throws<ArgumentException>(() => _renderer.Render(request));
    }

    /// <summary>Share of the text box painted in the text colour, and how many distinct colours it holds.</summary>
    private static (double Share, int Colours) Ink(SKBitmap bitmap, TextBox text)
    {
        var area = SKRectI.Round(text.Ink);
        var hits = 0;
        var total = 0;
        var colours = new HashSet<uint>();
        for (var y = Math.Max(0, area.Top); y < Math.Min(bitmap.Height, area.Bottom); y++)
        {
            for (var x = Math.Max(0, area.Left); x < Math.Min(bitmap.Width, area.Right); x++)
            {
                var c = RenderKit.Pixel(bitmap, x, y);
                total++;
                colours.Add((uint)((c.Red >> 3) << 10 | (c.Green >> 3) << 5 | (c.Blue >> 3)));
                if (Math.Abs(c.Red - text.Fill.Red) <= 24 && Math.Abs(c.Green - text.Fill.Green) <= 24 && Math.Abs(c.Blue - text.Fill.Blue) <= 24)
                {
                    hits++;
                }
            }
        }

        return (total == 0 ? 0 : hits / (double)total, colours.Count);
    }
}
