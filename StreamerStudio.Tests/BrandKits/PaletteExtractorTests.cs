using SkiaSharp;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Tests.BrandKits;

public sealed class PaletteExtractorTests
{
    /// <summary>
    /// 70% rose and 30% slate by column, every pixel jittered by up to ±6 per channel, and 3% of pixels replaced by
    /// random colours: the noise a JPEG-y, hand-exported logo brings.
    /// </summary>
    private static readonly byte[] RoseAndSlateWithNoise = MakeRoseAndSlateWithNoise();

    [Fact]
    public void The_two_main_colours_come_first_with_their_shares()
    {
        var palette = PaletteExtractor.Extract(RoseAndSlateWithNoise);

        Assert.InRange(palette.Count, 2, 6);
        AssertNear(LogoSamples.Rose, palette[0].Hex, 4);
        AssertNear(LogoSamples.Slate, palette[1].Hex, 4);
        Assert.InRange(palette[0].Weight, 0.66, 0.74);
        Assert.InRange(palette[1].Weight, 0.26, 0.34);
        Assert.Equal(1.0, palette.Sum(c => c.Weight), 9);
        Assert.Equal(palette.OrderByDescending(c => c.Weight).ToList(), palette);
    }

    [Fact]
    public void A_flat_logo_gives_its_exact_hex_back()
    {
        var png = LogoSamples.Pixels(200, 100, (x, _) => x < 140 ? LogoSamples.Rose : LogoSamples.Slate);

        var palette = PaletteExtractor.Extract(png);

        Assert.Equal([new ExtractedColour("#E11D48", 0.7), new ExtractedColour("#1E293B", 0.3)], palette);
    }

    [Fact]
    public void Near_duplicate_shades_merge_into_one_colour()
    {
        // #E3214B is about 1 ΔE from #E11D48: the same red exported twice, not a second brand colour.
        var png = LogoSamples.Pixels(200, 100, (x, _) => x < 100 ? LogoSamples.Rose : x < 140 ? SKColor.Parse("#E3214B") : LogoSamples.Slate);

        var palette = PaletteExtractor.Extract(png);

        Assert.Equal(2, palette.Count);
        Assert.Equal("#E11D48", palette[0].Hex);
        Assert.Equal(0.7, palette[0].Weight, 9);
        Assert.Equal("#1E293B", palette[1].Hex);
    }

    [Fact]
    public void Neighbouring_designer_shades_stay_apart()
    {
        // Tailwind rose-600 and rose-500, about 8 ΔE apart: a deliberate pair.
        var png = LogoSamples.Pixels(100, 100, (x, _) => x < 60 ? LogoSamples.Rose : SKColor.Parse("#F43F5E"));

        var palette = PaletteExtractor.Extract(png);

        Assert.Equal(["#E11D48", "#F43F5E"], palette.Select(c => c.Hex));
    }

    [Fact]
    public void Transparent_and_mostly_transparent_pixels_are_ignored()
    {
        // A quarter fully transparent green, a quarter blue at alpha 100, half opaque rose.
        var png = LogoSamples.Pixels(100, 100, (x, _) =>
            x < 25 ? new SKColor(0x22, 0xC5, 0x5E, 0) : x < 50 ? new SKColor(0x25, 0x63, 0xEB, 100) : LogoSamples.Rose);

        var palette = PaletteExtractor.Extract(png);

        Assert.Equal([new ExtractedColour("#E11D48", 1.0)], palette);
    }

    [Fact]
    public void A_fully_transparent_image_has_no_colours()
    {
        var png = LogoSamples.Pixels(64, 64, (_, _) => new SKColor(0xFF, 0x00, 0x00, 0));

        Assert.Empty(PaletteExtractor.Extract(png));
    }

    [Fact]
    public void The_same_logo_always_gives_the_same_palette()
    {
        var photo = LogoSamples.NoisyPng(300, 200, seed: 11);

        var first = PaletteExtractor.Extract(photo);
        var second = PaletteExtractor.Extract(photo.ToArray());

        Assert.Equal(first, second);
        Assert.Equal(6, first.Count);
        Assert.Equal(1.0, first.Sum(c => c.Weight), 9);
    }

    [Fact]
    public void No_more_colours_than_asked_for()
    {
        var palette = PaletteExtractor.Extract(LogoSamples.NoisyPng(300, 200, seed: 5), maxColours: 3);

        Assert.Equal(3, palette.Count);
        Assert.Equal(1.0, palette.Sum(c => c.Weight), 9);
    }

    [Fact]
    public async Task A_processed_logo_feeds_the_extractor()
    {
        var logo = await LogoImage.ProcessAsync(new MemoryStream(LogoSamples.TransparentPng(300, 300)));

        var palette = PaletteExtractor.Extract(logo.Png);

        // The disc's anti-aliased rim is a sliver of lighter alpha-blended rose, merged or left as a crumb.
        Assert.Equal("#E11D48", palette[0].Hex);
        Assert.True(palette[0].Weight > 0.95, $"{palette[0].Weight}");
    }

    [Fact]
    public void Two_large_colours_become_the_primaries()
    {
        var proposal = PaletteExtractor.Propose(PaletteExtractor.Extract(RoseAndSlateWithNoise));

        Assert.Equal(2, proposal.Primary.Count);
        AssertNear(LogoSamples.Rose, proposal.Primary[0], 4);
        AssertNear(LogoSamples.Slate, proposal.Primary[1], 4);
        Assert.True(proposal.Accent.Count <= 3);
    }

    [Fact]
    public void The_white_canvas_around_a_logo_is_not_proposed()
    {
        var proposal = PaletteExtractor.Propose([
            new("#FFFFFF", 0.55), new("#E11D48", 0.25), new("#1E293B", 0.12), new("#FACC15", 0.05), new("#F8FAFC", 0.03),
        ]);

        Assert.Equal(["#E11D48", "#1E293B"], proposal.Primary);
        Assert.Equal(["#FACC15"], proposal.Accent);
    }

    [Fact]
    public void A_vivid_colour_leads_a_grey_that_covers_a_little_more()
    {
        var proposal = PaletteExtractor.Propose([new("#6B7280", 0.45), new("#E11D48", 0.35), new("#0EA5E9", 0.12), new("#22C55E", 0.08)]);

        Assert.Equal(["#E11D48", "#6B7280"], proposal.Primary);
        Assert.Equal(["#0EA5E9", "#22C55E"], proposal.Accent);
    }

    [Fact]
    public void Small_details_are_accents_not_a_second_primary()
    {
        var proposal = PaletteExtractor.Propose([new("#7C3AED", 0.9), new("#FACC15", 0.06), new("#EC4899", 0.04)]);

        Assert.Equal(["#7C3AED"], proposal.Primary);
        Assert.Equal(["#FACC15", "#EC4899"], proposal.Accent);
    }

    [Fact]
    public void An_all_white_logo_still_proposes_white_and_nothing_proposes_nothing()
    {
        Assert.Equal(["#FFFFFF"], PaletteExtractor.Propose([new("#FFFFFF", 1.0)]).Primary);
        Assert.Empty(PaletteExtractor.Propose([]).Primary);
    }

    private static byte[] MakeRoseAndSlateWithNoise()
    {
        var state = 0x9E3779B9u;
        uint Next()
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            return state;
        }

        byte Jitter(byte channel) => (byte)Math.Clamp(channel + (int)(Next() % 13) - 6, 0, 255);

        return LogoSamples.Pixels(200, 100, (x, _) =>
        {
            if (Next() % 100 < 3)
            {
                var random = Next();
                return new SKColor((byte)random, (byte)(random >> 8), (byte)(random >> 16));
            }

            var c = x < 140 ? LogoSamples.Rose : LogoSamples.Slate;
            return new SKColor(Jitter(c.Red), Jitter(c.Green), Jitter(c.Blue));
        });
    }

    private static void AssertNear(SKColor expected, string hex, int tolerance)
    {
        var actual = SKColor.Parse(hex);
        Assert.True(Math.Abs(expected.Red - actual.Red) <= tolerance && Math.Abs(expected.Green - actual.Green) <= tolerance
            && Math.Abs(expected.Blue - actual.Blue) <= tolerance, $"Expected about {expected}, got {hex}.");
    }
}
