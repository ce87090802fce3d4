using SkiaSharp;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>
/// Offline screens: shown full-size in the player while the channel is offline, so they can carry more:
/// the message, the schedule (the subline, split at · | , or new lines) and the logo.
/// </summary>
internal static class OfflineScreenLayouts
{
    public static readonly IReadOnlyList<Layout> All =
    [
        new("Offline Card", OfflineCard),
        new("Schedule Board", ScheduleBoard),
        new("Diagonal Band", DiagonalBand),
    ];

    /// <summary>A centred card with a tab badge, the logo above it, the tone's texture all round.</summary>
    private static void OfflineCard(Scene s)
    {
        var p = s.Palette;
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Base, p.Second, s.Rng.Range(30, 150));
            Decor.Texture(s, s.Full, Colour.White);
            Decor.Halftone(s, s.Side(new SKRect(0, s.H * 0.55f, s.W * 0.4f, s.H)), Colour.Alpha(p.Accent, 0.35f), s.U * 2.4f, fadeRight: !s.Mirror);
        });

        var top = s.Safe.Top;
        if (s.HasLogo)
        {
            var crest = s.U * 16;
            s.DrawLogo(new SKRect(s.W / 2 - crest, top, s.W / 2 + crest, top + crest));
            top += crest + s.U * 3;
        }

        var tab = s.Badge is null ? 0 : s.U * 3.2f * 1.1f;
        var card = new SKRect(s.Safe.Left + s.Safe.Width * 0.12f, top + tab, s.Safe.Right - s.Safe.Width * 0.12f, s.Safe.Bottom - s.U * 2);
        var light = s.Rng.Chance(0.5);
        var fill = light ? Colour.Mix(p.Light, Colour.White, 0.5f) : Colour.Alpha(p.Deep, 0.94f);
        Decor.Card(s, card, fill, p.Accent);
        if (s.Badge is not null)
        {
            s.DrawBadge(new SKPoint(card.MidX, top), s.U * 3.2f, p.Accent, HAlign.Center, pill: s.Tone.Radius > 20);
        }

        var ink = light ? p.Deep : Colour.White;
        s.TextColumn(Scene.Deflate(card, s.U * 5), VAlign.Middle, Styles.Headline(s, s.U * 14, HAlign.Center, ink, s.Tone.Effect == TextEffect.Outline ? TextEffect.None : s.Tone.Effect),
            Styles.Subline(s, s.U * 4.2f, HAlign.Center, ink));
    }

    /// <summary>Headline and logo on the left; the schedule as rows on a board to the right.</summary>
    private static void ScheduleBoard(Scene s)
    {
        var p = s.Palette;
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Deep, p.Ground, s.Rng.Range(0, 90));
            Decor.Texture(s, s.Full, Colour.White);
        });

        var split = s.Safe.Left + s.Safe.Width * 0.52f;
        var left = s.Side(new SKRect(s.Safe.Left, s.Safe.Top, split - s.U * 3, s.Safe.Bottom));
        var board = s.Side(new SKRect(split + s.U * 3, s.Safe.Top + s.U * 4, s.Safe.Right, s.Safe.Bottom - s.U * 4));
        var rows = (s.Subline ?? "").Split(['·', '|', ',', '\n', '•', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5).ToList();

        var column = left;
        if (s.HasLogo)
        {
            var logo = new SKRect(left.Left, left.Top, left.Left + s.U * 18, left.Top + s.U * 18);
            s.DrawLogo(logo, HAlign.Left, VAlign.Top);
            column = new SKRect(left.Left, logo.Bottom + s.U * 3, left.Right, left.Bottom);
        }

        Decor.Rule(s, column.Left, column.Left + s.U * 12, column.Top + s.U, s.U * 1.2f, p.Accent);
        s.TextColumn(new SKRect(column.Left, column.Top + s.U * 4, column.Right, column.Bottom), VAlign.Middle,
            Styles.Headline(s, s.U * 15, HAlign.Left, Colour.White), rows.Count == 0 ? Styles.Subline(s, s.U * 4.5f, HAlign.Left, Colour.White) : null,
            s.U * 3.4f, p.Accent);

        Decor.Card(s, board, Colour.Alpha(p.Deep, 0.9f), Colour.Alpha(p.Accent, 0.8f));
        var inner = Scene.Deflate(board, s.U * 4);
        if (rows.Count == 0)
        {
            // No schedule given: the board becomes a calm brand panel with the starburst or rings motif.
            var c = new SKPoint(inner.MidX, inner.MidY);
            var r = Math.Min(inner.Width, inner.Height) * 0.4f;
            if (s.Tone.Tone is Tone.Competitive or Tone.Comedic)
            {
                Decor.Starburst(s, c, r, r * 0.75f, 14, p.Accent, s.Rng.Range(0, 30));
            }
            else
            {
                Decor.Rings(s, c, r * 0.3f, r * 0.22f, 4, p.Accent, s.U * 0.9f);
            }

            return;
        }

        var rowHeight = Math.Min(inner.Height / rows.Count, s.U * 16);
        var y = inner.MidY - rowHeight * rows.Count / 2;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = new SKRect(inner.Left, y + i * rowHeight, inner.Right, y + (i + 1) * rowHeight - s.U * 1.6f);
            using (var paint = new SKPaint { Color = i % 2 == 0 ? p.Accent : Colour.Lighten(p.Second, 0.3f), IsAntialias = true })
            {
                s.Canvas.DrawRoundRect(new SKRect(row.Left, row.Top, row.Left + s.U * 1.2f, row.Bottom), s.U * 0.4f, s.U * 0.4f, paint);
            }

            s.DrawText(rows[i], new SKRect(row.Left + s.U * 3, row.Top, row.Right, row.Bottom),
                new TextStyle("subline", new FitOptions(s.U * 5.5f, 14, 1, 1f, HAlign.Left), Colour.White, HeadlineFont: false, Bold: true));
        }
    }

    /// <summary>A tilted brand band across the screen carrying the headline; logo and badge in opposite corners.</summary>
    private static void DiagonalBand(Scene s)
    {
        var p = s.Palette;
        var angle = -Math.Max(3, s.Tone.Angle * 0.6f) * (s.Mirror ? -1 : 1);
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Base, Colour.Darken(p.Second, 0.2f), s.Rng.Range(0, 360));
            Decor.Texture(s, s.Full, Colour.White);
        });

        var bandHeight = s.Safe.Height * 0.62f;
        Decor.StripeBand(s, s.H / 2, bandHeight * 1.18f, angle, p.Accent, p.Accent, 1);
        Decor.StripeBand(s, s.H / 2, bandHeight, angle, p.Deep, p.Deep, 1);

        var lean = MathF.Abs(MathF.Tan(angle * MathF.PI / 180)) * s.Safe.Width / 2;
        var inBand = new SKRect(s.Safe.Left + s.U * 4, s.H / 2 - bandHeight / 2 + lean, s.Safe.Right - s.U * 4, s.H / 2 + bandHeight / 2 - lean);
        s.TextColumn(inBand, VAlign.Middle, Styles.Headline(s, s.U * 16, HAlign.Center, Colour.White, lines: 2),
            Styles.Subline(s, s.U * 4.5f, HAlign.Center, Colour.White));

        var corner = s.U * 15;
        s.DrawLogo(s.Side(new SKRect(s.Safe.Left, s.Safe.Top, s.Safe.Left + corner, s.Safe.Top + corner)), s.SideAlign(HAlign.Left), VAlign.Top);
        if (s.Badge is not null)
        {
            s.DrawBadge(new SKPoint(s.Mirror ? s.Safe.Left : s.Safe.Right, s.Safe.Bottom - s.U * 7), s.U * 3, p.Accent, s.Mirror ? HAlign.Left : HAlign.Right);
        }
    }
}
