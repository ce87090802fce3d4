using System.Collections.Concurrent;
using System.Globalization;
using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>
/// The open-licensed fonts the product ships (TTFs embedded in this assembly, licences beside them in
/// Rendering/Fonts) and the fallback chain for characters they lack. Loaded once; typefaces are immutable
/// and safe to share between renders on different threads.
/// </summary>
public static class FontLibrary
{
    public const string DefaultFamily = "Inter";

    private sealed record Family(string Name, string Regular, string? Bold);

    // Display faces for headlines, workhorse sans for body text, and script faces so Arabic and Hebrew
    // headlines look designed rather than falling back to whatever the server has.
    private static readonly Family[] Shipped =
    [
        new("Anton", "Anton_400Regular", null),
        new("Bebas Neue", "BebasNeue_400Regular", null),
        new("Montserrat", "Montserrat_400Regular", "Montserrat_800ExtraBold"),
        new("Inter", "Inter_400Regular", "Inter_700Bold"),
        new("Poppins", "Poppins_400Regular", "Poppins_700Bold"),
        new("Oswald", "Oswald_400Regular", "Oswald_700Bold"),
        new("Permanent Marker", "PermanentMarker_400Regular", null),
        new("Press Start 2P", "PressStart2P_400Regular", null),
        new("Roboto Slab", "RobotoSlab_400Regular", "RobotoSlab_700Bold"),
        new("Noto Sans Arabic", "NotoSansArabic_400Regular", "NotoSansArabic_700Bold"),
        new("Noto Sans Hebrew", "NotoSansHebrew_400Regular", "NotoSansHebrew_700Bold"),
    ];

    private static readonly Lazy<Dictionary<string, (SKTypeface Regular, SKTypeface Bold)>> Loaded = new(Load);
    private static readonly ConcurrentDictionary<(int CodePoint, bool Bold), SKTypeface?> FallbackCache = new();
    private static readonly Lazy<SKTypeface?> Emoji = new(() => System("Noto Color Emoji", false, "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"));
    private static readonly Lazy<SKTypeface?> CjkRegular = new(() => System("Noto Sans CJK JP", false, "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"));
    private static readonly Lazy<SKTypeface?> CjkBold = new(() => System("Noto Sans CJK JP", true, "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"));

    /// <summary>Family names a creator can pick for headline and body text.</summary>
    public static IReadOnlyList<string> Families { get; } = Shipped.Select(f => f.Name).ToArray();

    /// <summary>The family's typeface; the bold cut when asked and shipped. Unknown names get <see cref="DefaultFamily"/>.</summary>
    public static SKTypeface Get(string? familyName, bool bold)
    {
        var fonts = Loaded.Value;
        var key = familyName?.Trim() ?? "";
        if (!fonts.TryGetValue(key, out var family))
        {
            family = fonts[DefaultFamily];
        }

        return bold ? family.Bold : family.Regular;
    }

    /// <summary>The family's TTF (bold cut for headlines when shipped), for showing it in the browser; null for an unknown name.</summary>
    public static Stream? OpenFile(string familyName, bool bold)
    {
        var family = Shipped.FirstOrDefault(f => f.Name.Equals(familyName.Trim(), StringComparison.OrdinalIgnoreCase));
        var file = family is null ? null : bold ? family.Bold ?? family.Regular : family.Regular;
        return file is null ? null : typeof(FontLibrary).Assembly.GetManifestResourceStream($"Fonts.{file}.ttf");
    }

    public static bool IsKnown(string? familyName) => familyName is not null && Loaded.Value.ContainsKey(familyName.Trim());

    /// <summary>The typeface that the colour-emoji fallback uses; null when the system has no emoji font.</summary>
    internal static SKTypeface? EmojiTypeface => Emoji.Value;

    /// <summary>
    /// A typeface that has a glyph for the character: the shipped script faces first (they match the product's
    /// look), then the system's Noto CJK and colour emoji, then anything the system font manager finds.
    /// Null when nothing on this machine can draw it.
    /// </summary>
    internal static SKTypeface? Fallback(int codePoint, bool bold)
    {
        return FallbackCache.GetOrAdd((codePoint, bold), static key =>
        {
            var (cp, isBold) = key;
            if (IsEmoji(cp) && Emoji.Value is { } emoji && emoji.GetGlyph(cp) != 0)
            {
                return emoji;
            }

            foreach (var name in (string[])["Noto Sans Arabic", "Noto Sans Hebrew", "Inter"])
            {
                var face = Get(name, isBold);
                if (face.GetGlyph(cp) != 0)
                {
                    return face;
                }
            }

            if ((isBold ? CjkBold.Value : CjkRegular.Value) is { } cjk && cjk.GetGlyph(cp) != 0)
            {
                return cjk;
            }

            if (Emoji.Value is { } anyEmoji && anyEmoji.GetGlyph(cp) != 0)
            {
                return anyEmoji;
            }

            // Fontconfig-backed managers answer MatchCharacter; the dependency-free Linux build returns null,
            // so walk the installed families as a last resort (once per character, cached).
            var manager = SKFontManager.Default;
            var style = isBold ? SKFontStyle.Bold : SKFontStyle.Normal;
            if (manager.MatchCharacter(null, style, null, cp) is { } matched)
            {
                return matched;
            }

            foreach (var family in manager.GetFontFamilies())
            {
                if (manager.MatchFamily(family, style) is { } face && face.GetGlyph(cp) != 0)
                {
                    return face;
                }
            }

            return null;
        });
    }

    /// <summary>Characters that should take the colour-emoji face even when a text face has a monochrome glyph.</summary>
    internal static bool IsEmoji(int cp) =>
        cp is >= 0x1F000 and <= 0x1FAFF or >= 0x2600 and <= 0x27BF or >= 0x2B00 and <= 0x2BFF or >= 0x2300 and <= 0x23FF;

    private static Dictionary<string, (SKTypeface Regular, SKTypeface Bold)> Load()
    {
        var fonts = new Dictionary<string, (SKTypeface, SKTypeface)>(StringComparer.OrdinalIgnoreCase);
        foreach (var family in Shipped)
        {
            var regular = FromResource(family.Regular);
            fonts[family.Name] = (regular, family.Bold is null ? regular : FromResource(family.Bold));
        }

        return fonts;
    }

    private static SKTypeface FromResource(string file)
    {
        var name = $"Fonts.{file}.ttf";
        using var stream = typeof(FontLibrary).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource {name} is missing from the build.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        // SKData copies the bytes, so the typeface does not depend on a stream that gets disposed.
        using var data = SKData.CreateCopy(memory.ToArray());
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The font resource {name} is not a font Skia can read."));
    }

    private static SKTypeface? System(string family, bool bold, string path)
    {
        var face = SKFontManager.Default.MatchFamily(family, bold ? SKFontStyle.Bold : SKFontStyle.Normal);
        if (face is not null && string.Equals(face.FamilyName, family, StringComparison.OrdinalIgnoreCase))
        {
            return face;
        }

        return File.Exists(path) ? SKTypeface.FromFile(path) : null;
    }
}
