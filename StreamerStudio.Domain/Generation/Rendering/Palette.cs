using SkiaSharp;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>
/// The brand's colours turned into roles a layout can use. The seed decides the order, so two variations of
/// one brand differ while staying on brand.
/// </summary>
/// <remarks>Ground is the darker primary, pulled down if it is pale: the backdrop for white text, so a light brand does not force a plate behind every headline.</remarks>
internal sealed record Palette(SKColor Base, SKColor Second, SKColor Accent, SKColor Deep, SKColor Light, SKColor Ground)
{
    public static Palette From(BrandStyle brand, Prng rng)
    {
        var primaries = Parse(brand.PrimaryColors);
        if (primaries.Count == 0)
        {
            primaries = Parse(BrandStyle.Default.PrimaryColors);
        }

        var accents = Parse(brand.AccentColors);
        if (primaries.Count > 1 && rng.Chance(0.5))
        {
            (primaries[0], primaries[1]) = (primaries[1], primaries[0]);
        }

        var @base = primaries[0];
        var second = primaries.Count > 1 ? primaries[1] : Colour.Luminance(@base) > 0.25 ? Colour.Darken(@base, 0.45f) : Colour.Lighten(@base, 0.25f);
        var accent = accents.Count > 0 ? accents[rng.Next(accents.Count)] : Colour.Vivid(Colour.RotateHue(@base, 160), 0.6f);
        // Deep is dark enough for white text at full opacity (ratio above 12): the colour of plates and scrims.
        var deep = Colour.Mix(Colour.Darken(@base, 0.55f), new SKColor(0x08, 0x08, 0x0E), 0.6f);
        var light = Colour.Mix(@base, Colour.White, 0.9f);
        var ground = Colour.Luminance(@base) <= Colour.Luminance(second) ? @base : second;
        if (Colour.Luminance(ground) > 0.2)
        {
            ground = Colour.Darken(ground, 0.45f);
        }

        return new Palette(@base, second, accent, deep, light, ground);
    }

    private static List<SKColor> Parse(IReadOnlyList<string>? hexes) =>
        (hexes ?? []).Select(Colour.ParseHex).OfType<SKColor>().ToList();
}

internal enum TextEffect { None, SoftShadow, HardShadow, Outline, Glow }

internal enum TextureKind { SpeedLines, Grid, Blobs, Confetti, Pinstripe }

/// <summary>
/// What the brand's tone does to a layout: competitive is angled and loud, educational is square and gridded,
/// casual is soft and round, comedic is bouncy with sticker shadows, professional is quiet with thin rules.
/// </summary>
internal sealed record ToneStyle(Tone Tone, float Angle, float Radius, bool Uppercase, TextEffect Effect, TextureKind Texture, float Energy)
{
    public static ToneStyle For(Tone tone, Prng rng) => tone switch
    {
        Tone.Competitive => new(tone, rng.Range(9, 15), 0, true, rng.Chance(0.5) ? TextEffect.Outline : TextEffect.HardShadow, TextureKind.SpeedLines, 1f),
        Tone.Educational => new(tone, 0, 14, false, TextEffect.None, TextureKind.Grid, 0.3f),
        Tone.Comedic => new(tone, rng.Range(3, 7), 36, false, TextEffect.HardShadow, TextureKind.Confetti, 0.8f),
        Tone.Professional => new(tone, 0, 6, false, TextEffect.None, TextureKind.Pinstripe, 0.2f),
        _ => new(tone, rng.Range(0, 4), 28, false, TextEffect.SoftShadow, TextureKind.Blobs, 0.5f),
    };
}
