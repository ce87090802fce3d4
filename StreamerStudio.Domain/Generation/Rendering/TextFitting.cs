using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

internal enum HAlign { Left, Center, Right }

internal enum VAlign { Top, Middle, Bottom }

/// <summary>How a block of text may be sized inside its box.</summary>
internal sealed record FitOptions(float MaxSize, float MinSize, int MaxLines, float LineSpacing = 1f, HAlign Align = HAlign.Left, VAlign VAlign = VAlign.Middle);

/// <summary>One glyph run placed on the canvas at its final size.</summary>
internal sealed record PlacedRun(GlyphRun Run, float X, float Baseline);

/// <summary>Text fitted into a box: its size, where every run goes, and the ink it covers (per line and in all).</summary>
internal sealed record FittedText(string Text, float Size, IReadOnlyList<PlacedRun> Runs, IReadOnlyList<SKRect> LineInk, SKRect Ink, bool Truncated, bool MissingGlyphs, float CapHeight)
{
    public int Lines => LineInk.Count;
}

/// <summary>
/// Auto-sizing: the largest size at which the text wraps into the allowed lines and the box, searched from
/// large down. Below the minimum it keeps shrinking to a floor, then drops words for an ellipsis: text never
/// leaves its box and glyphs are never clipped.
/// </summary>
internal static class TextFitter
{
    private const float Floor = 12f;

    public static FittedText Fit(string text, SKTypeface face, bool bold, SKRect box, FitOptions options)
    {
        var shaped = ShapedText.Shape(text, face, bold);
        var size = LargestFitting(shaped, box, options, Math.Min(options.MinSize, options.MaxSize));
        if (size is null)
        {
            // Too long for the design's minimum size: smaller type beats cutting the creator's words.
            size = LargestFitting(shaped, box, options, Math.Min(Floor, options.MinSize));
        }

        if (size is { } fitting)
        {
            // Ink can overshoot advances (swashes, marker strokes, accents): shrink until the ink sits inside.
            for (var attempt = 0; attempt < 12; attempt++)
            {
                var placed = Place(text, shaped, fitting, box, options, truncated: false);
                if (Inside(placed.Ink, box) || fitting <= Floor / 2)
                {
                    return placed;
                }

                fitting *= 0.95f;
            }
        }

        return Ellipsize(text, face, bold, box, options);
    }

    private static float? LargestFitting(ShapedText shaped, SKRect box, FitOptions options, float minSize)
    {
        if (!Fits(shaped, minSize, box, options))
        {
            return null;
        }

        // Wrapping is monotone in size (every width scales linearly), so a binary search finds the largest fit.
        float low = minSize, high = Math.Max(minSize, options.MaxSize);
        if (Fits(shaped, high, box, options))
        {
            return high;
        }

        while (high - low > 0.5f)
        {
            var mid = (low + high) / 2;
            if (Fits(shaped, mid, box, options))
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static bool Fits(ShapedText shaped, float size, SKRect box, FitOptions options)
    {
        var lines = Wrap(shaped, box.Width / size);
        return lines is not null && lines.Count <= options.MaxLines && BlockHeight(shaped, lines.Count, size, options) <= box.Height;
    }

    // Lines are spaced from the text's real ink, so accents on one line never touch descenders on the line above.
    private static float LineAdvance(ShapedText shaped, FitOptions options) =>
        (shaped.InkAscent + shaped.InkDescent) * options.LineSpacing + 0.07f;

    private static float BlockHeight(ShapedText shaped, int lines, float size, FitOptions options) =>
        (shaped.InkAscent + shaped.InkDescent + (lines - 1) * LineAdvance(shaped, options)) * size;

    /// <summary>Greedy wrap at unit size; null when one token alone is wider than the line.</summary>
    private static List<List<TextToken>>? Wrap(ShapedText shaped, float maxWidth)
    {
        var lines = new List<List<TextToken>>();
        var line = new List<TextToken>();
        var width = 0f;
        foreach (var token in shaped.Tokens)
        {
            if (token.Width > maxWidth)
            {
                return null;
            }

            var gap = line.Count > 0 && token.SpaceBefore ? shaped.SpaceWidth : 0;
            if (line.Count > 0 && width + gap + token.Width > maxWidth)
            {
                lines.Add(line);
                line = [];
                width = 0;
                gap = 0;
            }

            line.Add(token);
            width += gap + token.Width;
        }

        if (line.Count > 0)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static FittedText Place(string text, ShapedText shaped, float size, SKRect box, FitOptions options, bool truncated)
    {
        var lines = Wrap(shaped, box.Width / size) ?? [shaped.Tokens.ToList()];
        var height = BlockHeight(shaped, lines.Count, size, options);
        var top = options.VAlign switch
        {
            VAlign.Top => box.Top,
            VAlign.Bottom => box.Bottom - height,
            _ => box.MidY - height / 2,
        };

        var runs = new List<PlacedRun>();
        var lineInk = new List<SKRect>();
        var baseline = top + shaped.InkAscent * size;
        foreach (var line in lines)
        {
            var visual = VisualOrder(line, shaped.Rtl);
            var width = 0f;
            for (var i = 0; i < visual.Count; i++)
            {
                width += (i > 0 && (visual[i].SpaceBefore || visual[i - 1].SpaceBefore) ? shaped.SpaceWidth : 0) + visual[i].Width;
            }

            // Right-to-left text starts at the right edge where a left-to-right layout would start at the left.
            var align = shaped.Rtl ? options.Align switch { HAlign.Left => HAlign.Right, HAlign.Right => HAlign.Left, var a => a } : options.Align;
            var x = align switch
            {
                HAlign.Center => box.MidX - width * size / 2,
                HAlign.Right => box.Right - width * size,
                _ => box.Left,
            };

            var ink = SKRect.Empty;
            var lineStart = runs.Count;
            for (var i = 0; i < visual.Count; i++)
            {
                if (i > 0 && (visual[i].SpaceBefore || visual[i - 1].SpaceBefore))
                {
                    x += shaped.SpaceWidth * size;
                }

                foreach (var run in visual[i].Runs)
                {
                    runs.Add(new PlacedRun(run, x, baseline));
                    if (!run.Ink.IsEmpty)
                    {
                        ink = ShapedText.Union(ink, new SKRect(x + run.Ink.Left * size, baseline + run.Ink.Top * size, x + run.Ink.Right * size, baseline + run.Ink.Bottom * size));
                    }

                    x += run.Width * size;
                }
            }

            // Side bearings can push ink past the advance box (a marker stroke, an italic overhang): nudge the
            // line back inside rather than shrink the whole block for a pixel or two.
            var nudge = !ink.IsEmpty && ink.Width <= box.Width ? (ink.Left < box.Left ? box.Left - ink.Left : ink.Right > box.Right ? box.Right - ink.Right : 0) : 0;
            if (nudge != 0)
            {
                for (var r = lineStart; r < runs.Count; r++)
                {
                    runs[r] = runs[r] with { X = runs[r].X + nudge };
                }

                ink = ShapedText.Offset(ink, nudge, 0);
            }

            lineInk.Add(ink);
            baseline += LineAdvance(shaped, options) * size;
        }

        var all = lineInk.Aggregate(SKRect.Empty, ShapedText.Union);
        var capHeight = CapHeight(shaped, size);
        return new FittedText(text, size, runs, lineInk, all, truncated, shaped.MissingGlyphs, capHeight);
    }

    private static float CapHeight(ShapedText shaped, float size)
    {
        var face = shaped.Tokens.SelectMany(t => t.Runs).FirstOrDefault()?.Typeface;
        if (face is null)
        {
            return 0;
        }

        using var font = ShapedText.MakeFont(face, size);
        var cap = font.Metrics.CapHeight;
        return cap > 0 ? cap : shaped.InkAscent * size;
    }

    /// <summary>
    /// Word-level bidi: in a right-to-left paragraph the words run right to left, but a stretch of left-to-right
    /// words (a game title inside Arabic text) keeps its own order; and the mirror image in a left-to-right one.
    /// </summary>
    private static List<TextToken> VisualOrder(List<TextToken> line, bool rtlParagraph)
    {
        // Neutral tokens take the direction of the strong tokens around them when both agree, else the paragraph's.
        var resolved = new bool[line.Count];
        for (var i = 0; i < line.Count; i++)
        {
            if (!line[i].Neutral)
            {
                resolved[i] = line[i].Rtl;
                continue;
            }

            var before = line.Take(i).LastOrDefault(t => !t.Neutral);
            var after = line.Skip(i + 1).FirstOrDefault(t => !t.Neutral);
            resolved[i] = before is not null && after is not null && before.Rtl == after.Rtl ? before.Rtl : rtlParagraph;
        }

        var segments = new List<List<TextToken>>();
        var directions = new List<bool>();
        for (var i = 0; i < line.Count; i++)
        {
            var token = line[i];
            var rtl = resolved[i];
            if (segments.Count > 0 && directions[^1] == rtl)
            {
                segments[^1].Add(token);
            }
            else
            {
                segments.Add([token]);
                directions.Add(rtl);
            }
        }

        for (var i = 0; i < segments.Count; i++)
        {
            if (directions[i])
            {
                segments[i].Reverse();
            }
        }

        if (rtlParagraph)
        {
            segments.Reverse();
        }

        return segments.SelectMany(s => s).ToList();
    }

    private static FittedText Ellipsize(string text, SKTypeface face, bool bold, SKRect box, FitOptions options)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (true)
        {
            string candidate;
            if (words.Count > 1)
            {
                words.RemoveAt(words.Count - 1);
                candidate = string.Join(' ', words) + "…";
            }
            else
            {
                // One enormous word: cut characters.
                var word = words.Count == 1 ? words[0] : "";
                var runes = word.EnumerateRunes().ToList();
                if (runes.Count <= 1)
                {
                    candidate = "…";
                    words = [];
                }
                else
                {
                    words = [string.Concat(runes.Take(runes.Count * 3 / 4).Select(r => r.ToString()))];
                    candidate = words[0] + "…";
                }
            }

            var shaped = ShapedText.Shape(candidate, face, bold);
            var floor = Math.Min(Floor, options.MinSize);
            if (Fits(shaped, floor, box, options) || candidate == "…")
            {
                var size = LargestFitting(shaped, box, options, floor) ?? floor;
                var placed = Place(candidate, shaped, size, box, options, truncated: true);
                if (Inside(placed.Ink, box) || candidate == "…")
                {
                    return placed;
                }
            }
        }
    }

    public static bool Inside(SKRect inner, SKRect outer) =>
        inner.IsEmpty || (inner.Left >= outer.Left - 0.01f && inner.Top >= outer.Top - 0.01f && inner.Right <= outer.Right + 0.01f && inner.Bottom <= outer.Bottom + 0.01f);
}
