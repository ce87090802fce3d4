using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>Glyphs one typeface draws, shaped by HarfBuzz at unit size (1 px): fitting only multiplies.</summary>
internal sealed record GlyphRun(SKTypeface Typeface, ushort[] Glyphs, SKPoint[] Positions, float Width, SKRect Ink, bool Emoji, bool Rtl);

/// <summary>A unit of line breaking: a word, or a single CJK character (those lines break between characters).</summary>
/// <remarks>Neutral: no letters (emoji, digits, punctuation); its direction comes from its neighbours, as in Unicode bidi.</remarks>
internal sealed record TextToken(IReadOnlyList<GlyphRun> Runs, float Width, SKRect Ink, bool SpaceBefore, bool Rtl, bool Neutral = false);

/// <summary>
/// Text split into words and into runs per typeface (the chosen face, then fallbacks for emoji, CJK, Arabic,
/// Hebrew), each run shaped with HarfBuzz so scripts join, marks stack and right-to-left runs come out in
/// visual order.
/// </summary>
internal sealed class ShapedText
{
    private const float Reference = 100f;
    private static readonly ConcurrentDictionary<SKTypeface, SKShaper> Shapers = new(ReferenceEqualityComparer.Instance);

    private ShapedText(IReadOnlyList<TextToken> tokens, float spaceWidth, bool rtl, float inkAscent, float inkDescent, bool missingGlyphs)
    {
        Tokens = tokens;
        SpaceWidth = spaceWidth;
        Rtl = rtl;
        InkAscent = inkAscent;
        InkDescent = inkDescent;
        MissingGlyphs = missingGlyphs;
    }

    public IReadOnlyList<TextToken> Tokens { get; }
    public float SpaceWidth { get; }
    /// <summary>Base direction: the first strong character is Arabic or Hebrew.</summary>
    public bool Rtl { get; }
    /// <summary>Tallest ink above and deepest ink below the baseline, at 1 px; lines are spaced from these so nothing overlaps.</summary>
    public float InkAscent { get; }
    public float InkDescent { get; }
    /// <summary>Some character had no glyph in any font on this machine (it would draw as a box).</summary>
    public bool MissingGlyphs { get; }

    // Shaping (HarfBuzz, font fallback, glyph bounds) is the costly part of fitting, and the same words in the same
    // face always shape the same, at unit size whatever size they are set at: a pack sets one headline in a dozen
    // assets, the ellipsis search reshapes shortened copies, and a creator retries the same words. The shaped text
    // is immutable. Bounded by clearing when full: entries are small and a refill costs one shaping each.
    private const int CacheLimit = 4096;
    private static readonly ConcurrentDictionary<(string Text, SKTypeface Primary, bool Bold), ShapedText> Cache = new();

    public static ShapedText Shape(string text, SKTypeface primary, bool bold)
    {
        var key = (text, primary, bold);
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var shaped = ShapeUncached(text, primary, bold);
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        Cache[key] = shaped;
        return shaped;
    }

    private static ShapedText ShapeUncached(string text, SKTypeface primary, bool bold)
    {
        var tokens = new List<TextToken>();
        var missing = false;
        foreach (var (word, spaceBefore) in Tokenize(text))
        {
            var runs = new List<GlyphRun>();
            foreach (var (runText, face) in SplitRuns(word, primary, bold))
            {
                missing |= face is null;
                runs.Add(ShapeRun(runText, face ?? primary));
            }

            var rtl = runs.Any(r => r.Rtl);
            if (rtl && runs.Count > 1)
            {
                runs.Reverse();
            }

            var width = 0f;
            var ink = SKRect.Empty;
            foreach (var run in runs)
            {
                ink = Union(ink, Offset(run.Ink, width, 0));
                width += run.Width;
            }

            var neutral = !rtl && !word.EnumerateRunes().Any(Rune.IsLetter);
            tokens.Add(new TextToken(runs, width, ink, spaceBefore, rtl, neutral));
        }

        var glyphInk = tokens.Where(t => !t.Ink.IsEmpty).Select(t => t.Ink).ToList();
        using var font = MakeFont(primary, 1);
        var metrics = font.Metrics;
        var ascent = glyphInk.Count > 0 ? -glyphInk.Min(r => r.Top) : metrics.CapHeight;
        var descent = glyphInk.Count > 0 ? Math.Max(0, glyphInk.Max(r => r.Bottom)) : 0;
        return new ShapedText(tokens, SpaceAdvance(primary), FirstStrongIsRtl(text), ascent, descent, missing);
    }

    public static SKFont MakeFont(SKTypeface typeface, float size) => new(typeface, size)
    {
        // Unhinted, linear metrics and subpixel positions: widths scale exactly with size, so a fit computed at
        // one size holds at another, and the same request gives the same pixels.
        Hinting = SKFontHinting.None,
        LinearMetrics = true,
        Subpixel = true,
        Edging = SKFontEdging.Antialias,
    };

    private static float SpaceAdvance(SKTypeface face)
    {
        using var font = MakeFont(face, Reference);
        return font.MeasureText(" ") / Reference;
    }

    private static GlyphRun ShapeRun(string text, SKTypeface face)
    {
        var shaper = Shapers.GetOrAdd(face, static f => new SKShaper(f));
        using var font = MakeFont(face, Reference);
        var result = shaper.Shape(text, font);
        var glyphs = result.Codepoints.Select(g => (ushort)g).ToArray();
        var positions = result.Points.Select(p => new SKPoint(p.X / Reference, p.Y / Reference)).ToArray();
        var widths = new float[glyphs.Length];
        var bounds = new SKRect[glyphs.Length];
        font.GetGlyphWidths(glyphs, widths, bounds);
        var ink = SKRect.Empty;
        for (var i = 0; i < glyphs.Length; i++)
        {
            var b = bounds[i];
            if (b.Width > 0 && b.Height > 0)
            {
                ink = Union(ink, new SKRect(b.Left / Reference + positions[i].X, b.Top / Reference + positions[i].Y,
                    b.Right / Reference + positions[i].X, b.Bottom / Reference + positions[i].Y));
            }
        }

        var emoji = ReferenceEquals(face, FontLibrary.EmojiTypeface);
        return new GlyphRun(face, glyphs, positions, result.Width / Reference, ink, emoji, text.EnumerateRunes().Any(r => IsRtl(r.Value)));
    }

    /// <summary>Words split at white space; CJK characters stand alone, with closing punctuation kept on the character before.</summary>
    internal static IEnumerable<(string Text, bool SpaceBefore)> Tokenize(string text)
    {
        var current = new StringBuilder();
        var spaceBefore = false;
        var pendingSpace = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                if (current.Length > 0)
                {
                    yield return (current.ToString(), spaceBefore);
                    current.Clear();
                }

                pendingSpace = true;
                continue;
            }

            var cjk = IsCjk(rune.Value);
            if (cjk && current.Length > 0)
            {
                yield return (current.ToString(), spaceBefore);
                current.Clear();
            }
            else if (!cjk && current.Length > 0 && IsCjkClosing(rune.Value) is false && EndsWithCjk(current))
            {
                yield return (current.ToString(), spaceBefore);
                current.Clear();
            }

            if (current.Length == 0)
            {
                spaceBefore = pendingSpace;
                pendingSpace = false;
            }

            current.Append(rune.ToString());
        }

        if (current.Length > 0)
        {
            yield return (current.ToString(), spaceBefore);
        }
    }

    /// <summary>Cuts a word into runs that one typeface can draw. Marks, joiners and neutral punctuation stay with the run before them.</summary>
    internal static List<(string Text, SKTypeface? Face)> SplitRuns(string word, SKTypeface primary, bool bold)
    {
        var runs = new List<(string, SKTypeface?)>();
        var runes = word.EnumerateRunes().ToArray();
        var text = new StringBuilder();
        SKTypeface? current = null;
        var currentMissing = false;
        for (var i = 0; i < runes.Length; i++)
        {
            var cp = runes[i].Value;
            var nextIsEmojiSelector = i + 1 < runes.Length && runes[i + 1].Value == 0xFE0F;
            var category = Rune.GetUnicodeCategory(runes[i]);
            var attaches = text.Length > 0 && (IsJoiner(cp) || runes[i - 1].Value == 0x200D
                || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark
                || (IsNeutral(runes[i]) && current is not null && current.GetGlyph(cp) != 0));

            SKTypeface? face;
            var missing = false;
            if (attaches)
            {
                face = current;
                missing = currentMissing;
            }
            else if ((FontLibrary.IsEmoji(cp) || nextIsEmojiSelector) && FontLibrary.EmojiTypeface is { } emoji && emoji.GetGlyph(cp) != 0)
            {
                face = emoji;
            }
            else if (primary.GetGlyph(cp) != 0)
            {
                face = primary;
            }
            else
            {
                face = FontLibrary.Fallback(cp, bold);
                missing = face is null;
            }

            if (text.Length > 0 && (!ReferenceEquals(face, current) || missing != currentMissing))
            {
                runs.Add((text.ToString(), currentMissing ? null : current));
                text.Clear();
            }

            current = face;
            currentMissing = missing;
            text.Append(runes[i].ToString());
        }

        if (text.Length > 0)
        {
            runs.Add((text.ToString(), currentMissing ? null : current));
        }

        return runs;
    }

    private static bool IsJoiner(int cp) =>
        cp is 0x200D or 0xFE0F or 0xFE0E or 0x20E3 or >= 0x1F3FB and <= 0x1F3FF or >= 0xE0020 and <= 0xE007F;

    private static bool IsNeutral(Rune rune) => Rune.IsPunctuation(rune) || Rune.IsWhiteSpace(rune);

    internal static bool IsRtl(int cp) =>
        cp is >= 0x0590 and <= 0x08FF or >= 0xFB1D and <= 0xFDFF or >= 0xFE70 and <= 0xFEFF;

    internal static bool IsCjk(int cp) =>
        cp is >= 0x3040 and <= 0x30FF or >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x2FA1F;

    private static bool IsCjkClosing(int cp) => cp is >= 0x3000 and <= 0x303F or >= 0xFF00 and <= 0xFF65;

    private static bool EndsWithCjk(StringBuilder text)
    {
        var last = text.ToString().EnumerateRunes().LastOrDefault();
        return IsCjk(last.Value) || IsCjkClosing(last.Value);
    }

    private static bool FirstStrongIsRtl(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsRtl(rune.Value))
            {
                return true;
            }

            if (Rune.IsLetter(rune))
            {
                return false;
            }
        }

        return false;
    }

    internal static SKRect Union(SKRect a, SKRect b) => a.IsEmpty ? b : b.IsEmpty ? a : SKRect.Union(a, b);

    internal static SKRect Offset(SKRect r, float dx, float dy) => r.IsEmpty ? r : new SKRect(r.Left + dx, r.Top + dy, r.Right + dx, r.Bottom + dy);
}
