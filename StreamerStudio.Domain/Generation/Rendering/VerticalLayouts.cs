using SkiaSharp;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>
/// 9:16 story graphics and clip covers. The app's own chrome covers the top ~250 px and bottom ~340 px, so
/// decoration fills those bands and everything that must be read sits in between.
/// </summary>
internal static class VerticalLayouts
{
    public static readonly IReadOnlyList<Layout> Story =
    [
        new("Poster Stack", PosterStack),
        new("Centre Card", CentreCard),
        new("Split Vertical", SplitVertical),
    ];

    public static readonly IReadOnlyList<Layout> ClipCover =
    [
        new("Play Cover", PlayCover),
        new("Highlight Stack", HighlightStack),
        new("Viewfinder", Viewfinder),
    ];

    /// <summary>A poster: big stacked headline at the top of the safe zone, a giant brand shape below holding logo or badge.</summary>
    private static void PosterStack(Scene s)
    {
        var p = s.Palette;
        var shapeCentre = new SKPoint(s.W * s.Rng.Range(0.45f, 0.6f), s.Safe.Top + s.Safe.Height * 0.72f);
        var r = s.W * 0.42f;
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Ground, p.Deep, 90 + s.Rng.Range(-20, 20));
            Decor.Texture(s, s.Full, Colour.White);
        });

        if (s.Tone.Tone is Tone.Competitive or Tone.Comedic)
        {
            Decor.Starburst(s, shapeCentre, r, r * 0.8f, s.Rng.Pick([14, 16, 18]), p.Accent, s.Rng.Range(0, 20));
        }
        else
        {
            using var paint = new SKPaint { Color = p.Accent, IsAntialias = true };
            s.Canvas.DrawCircle(shapeCentre, r * 0.9f, paint);
            Decor.Rings(s, shapeCentre, r * 1.0f, r * 0.1f, 3, Colour.Alpha(p.Accent, 0.5f), s.U * 0.6f);
        }

        var slot = new SKRect(shapeCentre.X - r * 0.5f, shapeCentre.Y - r * 0.5f, shapeCentre.X + r * 0.5f, shapeCentre.Y + r * 0.5f);
        var text = new SKRect(s.Safe.Left, s.Safe.Top, s.Safe.Right, shapeCentre.Y - r - s.U * 2);
        if (s.HasLogo)
        {
            s.DrawLogo(slot);
            s.TextColumn(text, VAlign.Top, Styles.Headline(s, s.U * 22, HAlign.Left, Colour.White), Styles.Subline(s, s.U * 5.5f, HAlign.Left, Colour.White), s.U * 4, p.Accent);
        }
        else
        {
            if (s.Badge is not null)
            {
                s.DrawText(s.Badge, slot, new TextStyle("badge", new FitOptions(s.U * 16, s.U * 5, 2, 1f, HAlign.Center), Colour.OnColour(p.Accent), Effect: TextEffect.None));
            }

            s.TextColumn(text, VAlign.Top, Styles.Headline(s, s.U * 22, HAlign.Left, Colour.White), Styles.Subline(s, s.U * 5.5f, HAlign.Left, Colour.White));
        }
    }

    /// <summary>A card in the middle of a patterned field; tab badge on top, logo under the card.</summary>
    private static void CentreCard(Scene s)
    {
        var p = s.Palette;
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Accent, p.Base, s.Rng.Range(45, 135));
            Decor.Halftone(s, new SKRect(0, 0, s.W, s.Safe.Top + s.U * 10), Colour.Alpha(p.Deep, 0.3f), s.U * 3, fadeRight: s.Mirror);
            Decor.Halftone(s, new SKRect(0, s.Safe.Bottom - s.U * 10, s.W, s.H), Colour.Alpha(p.Deep, 0.3f), s.U * 3, fadeRight: !s.Mirror);
            Decor.Texture(s, s.Full, Colour.White);
        });

        var logoHeight = s.HasLogo ? s.U * 20 : 0;
        var tab = s.Badge is null ? 0 : s.U * 4 * 1.1f;
        var card = new SKRect(s.Safe.Left + s.U * 2, s.Safe.Top + s.U * 8 + tab, s.Safe.Right - s.U * 2, s.Safe.Bottom - logoHeight - s.U * 8);
        var light = s.Rng.Chance(0.5);
        Decor.Card(s, card, light ? Colour.Mix(p.Light, Colour.White, 0.5f) : p.Deep, p.Accent);
        if (s.Badge is not null)
        {
            s.DrawBadge(new SKPoint(card.MidX, card.Top - tab), s.U * 4, p.Accent, HAlign.Center, pill: s.Tone.Radius > 20);
        }

        var ink = light ? p.Deep : Colour.White;
        s.TextColumn(Scene.Deflate(card, s.U * 6), VAlign.Middle, Styles.Headline(s, s.U * 20, HAlign.Center, ink, s.Tone.Effect == TextEffect.Outline ? TextEffect.None : s.Tone.Effect),
            Styles.Subline(s, s.U * 6, HAlign.Center, ink));
        if (s.HasLogo)
        {
            s.DrawLogo(new SKRect(s.W / 2 - logoHeight, card.Bottom + s.U * 4, s.W / 2 + logoHeight, card.Bottom + s.U * 4 + logoHeight));
        }
    }

    /// <summary>Two colour fields meeting at a slant mid-frame; the headline on line plates across the seam.</summary>
    private static void SplitVertical(Scene s)
    {
        var p = s.Palette;
        var seam = s.Safe.Top + s.Safe.Height * s.Rng.Range(0.45f, 0.55f);
        var lean = MathF.Tan(Math.Max(s.Tone.Angle, 5) * MathF.PI / 180) * s.W * (s.Mirror ? -1 : 1);
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Base, Colour.Darken(p.Base, 0.3f), 90);
            using var lower = new SKPath();
            lower.MoveTo(0, seam + lean / 2);
            lower.LineTo(s.W, seam - lean / 2);
            lower.LineTo(s.W, s.H);
            lower.LineTo(0, s.H);
            lower.Close();
            Decor.FillGradient(s, lower, p.Second, Colour.Darken(p.Second, 0.35f));
            Decor.Texture(s, s.Full, Colour.White);
        });

        if (s.HasLogo)
        {
            s.DrawLogo(new SKRect(s.W / 2 - s.U * 16, s.Safe.Top + s.U * 4, s.W / 2 + s.U * 16, s.Safe.Top + s.U * 28));
        }
        else
        {
            Decor.Rings(s, new SKPoint(s.W / 2, s.Safe.Top + s.U * 16), s.U * 4, s.U * 3, 4, Colour.Alpha(p.Accent, 0.8f), s.U * 0.8f);
        }

        var plate = s.Rng.Chance(0.5) ? p.Accent : Colour.White;
        var column = new SKRect(s.Safe.Left, seam - s.Safe.Height * 0.26f, s.Safe.Right, seam + s.Safe.Height * 0.34f);
        s.TextColumn(column, VAlign.Middle, Styles.Headline(s, s.U * 17, HAlign.Center, Colour.OnColour(plate), TextEffect.None, plate),
            Styles.Subline(s, s.U * 5.5f, HAlign.Center, Colour.White), s.U * 4, p.Accent);
    }

    /// <summary>A big play button with the headline above or below it: reads as "watch this clip" in a grid of covers.</summary>
    private static void PlayCover(Scene s)
    {
        var p = s.Palette;
        var buttonOnTop = s.Rng.Chance(0.5);
        var centre = new SKPoint(s.W / 2, s.Safe.Top + s.Safe.Height * (buttonOnTop ? 0.28f : 0.74f));
        var r = s.W * s.Rng.Range(0.17f, 0.21f);
        var disc = s.Rng.Chance(0.5) ? p.Accent : Colour.White;
        s.Background(() =>
        {
            if (s.Rng.Chance(0.5))
            {
                Decor.Radial(s, centre, s.H * 0.7f, Colour.Lighten(p.Ground, 0.15f), p.Deep);
            }
            else
            {
                Decor.Gradient(s, s.Full, p.Ground, p.Deep, s.Rng.Range(60, 120));
                Decor.Halftone(s, s.Side(new SKRect(0, 0, s.W * 0.8f, s.Safe.Top + s.U * 20)), Colour.Alpha(p.Accent, 0.4f), s.U * 3, fadeRight: !s.Mirror);
            }

            if (s.Tone.Tone is Tone.Competitive or Tone.Comedic or Tone.Casual)
            {
                Decor.Rays(s, centre, s.Rng.Pick([12, 16, 20]), Colour.Alpha(p.Accent, 0.14f), s.Rng.Range(0, 22));
            }
            else
            {
                Decor.Rings(s, centre, r * 1.3f, r * 0.45f, 8, Colour.Alpha(Colour.White, 0.07f), s.U * 0.4f);
            }
        });

        Decor.Rings(s, centre, r * 1.18f, r * 0.2f, 2, Colour.Alpha(disc, 0.7f), s.U * 0.8f);
        Decor.PlayButton(s, centre, r, disc, disc == Colour.White ? p.Base : Colour.OnColour(disc));
        var top = s.Safe.Top;
        if (s.Badge is not null)
        {
            s.DrawBadge(new SKPoint(s.Safe.Left, top), s.U * 4, p.Second == p.Accent ? p.Base : p.Second);
        }

        if (s.HasLogo)
        {
            s.DrawLogo(new SKRect(s.Safe.Right - s.U * 14, top, s.Safe.Right, top + s.U * 14), HAlign.Right, VAlign.Top);
        }

        var column = buttonOnTop
            ? new SKRect(s.Safe.Left, centre.Y + r * 1.5f, s.Safe.Right, s.Safe.Bottom)
            : new SKRect(s.Safe.Left, top + s.U * 16, s.Safe.Right, centre.Y - r * 1.5f);
        s.TextColumn(column, VAlign.Middle, Styles.Headline(s, s.U * 20, HAlign.Center, Colour.White), Styles.Subline(s, s.U * 5.5f, HAlign.Center, Colour.White));
    }

    /// <summary>Headline lines on highlighter bars stacked down the frame, with the tone's bold shapes behind.</summary>
    private static void HighlightStack(Scene s)
    {
        var p = s.Palette;
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Second, p.Base, s.Rng.Range(60, 120));
            var c = new SKPoint(s.SideX(s.W * 0.85f), s.H * 0.2f);
            using (var paint = new SKPaint { Color = Colour.Alpha(p.Accent, 0.9f), IsAntialias = true })
            {
                s.Canvas.DrawCircle(c, s.W * 0.38f, paint);
            }

            Decor.Halftone(s, s.Side(new SKRect(0, s.H * 0.7f, s.W * 0.7f, s.H)), Colour.Alpha(p.Accent, 0.45f), s.U * 3, fadeRight: !s.Mirror);
            Decor.Texture(s, s.Full, Colour.White);
        });

        var plate = s.Rng.Chance(0.5) ? Colour.White : p.Deep;
        var column = new SKRect(s.Safe.Left, s.Safe.Top + s.Safe.Height * 0.12f, s.Safe.Right, s.Safe.Bottom - s.Safe.Height * 0.12f);
        s.TextColumn(column, VAlign.Middle, Styles.Headline(s, s.U * 18, HAlign.Left, Colour.OnColour(plate), TextEffect.None, plate, lines: 4),
            Styles.Subline(s, s.U * 5.5f, HAlign.Left, Colour.White, plate: Colour.Alpha(p.Deep, 0.9f)), s.U * 4, p.Accent);
        s.DrawLogo(new SKRect(s.Safe.Right - s.U * 14, s.Safe.Bottom - s.U * 14, s.Safe.Right, s.Safe.Bottom), HAlign.Right, VAlign.Bottom);
    }

    /// <summary>A camera viewfinder: corner brackets, REC-style badge, headline in the lower third of the frame.</summary>
    private static void Viewfinder(Scene s)
    {
        var p = s.Palette;
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Ground, p.Deep, 90);
            Decor.Radial(s, new SKPoint(s.W / 2, s.H * 0.4f), s.W * 0.9f, Colour.Alpha(p.Accent, 0.35f), Colour.Alpha(p.Accent, 0));
            Decor.Texture(s, s.Full, Colour.White);
        });

        var finder = Scene.Deflate(s.Safe, s.U * 1.5f);
        Decor.Brackets(s, finder, s.U * 10, s.U * 1.2f, Colour.White);
        // Thirds grid: the viewfinder reading, and a calm structure behind the text.
        using (var grid = new SKPaint { Color = Colour.Alpha(Colour.White, 0.12f), StrokeWidth = s.U * 0.25f })
        {
            for (var i = 1; i < 3; i++)
            {
                s.Canvas.DrawLine(finder.Left + finder.Width * i / 3, finder.Top, finder.Left + finder.Width * i / 3, finder.Bottom, grid);
                s.Canvas.DrawLine(finder.Left, finder.Top + finder.Height * i / 3, finder.Right, finder.Top + finder.Height * i / 3, grid);
            }
        }

        var inner = Scene.Deflate(finder, s.U * 4);
        if (s.Badge is not null)
        {
            s.DrawBadge(new SKPoint(inner.Left, inner.Top), s.U * 3.6f, new SKColor(0xE1, 0x1D, 0x48));
        }

        if (s.HasLogo)
        {
            s.DrawLogo(new SKRect(inner.Right - s.U * 14, inner.Top, inner.Right, inner.Top + s.U * 14), HAlign.Right, VAlign.Top);
        }

        var column = new SKRect(inner.Left, inner.Top + inner.Height * 0.45f, inner.Right, inner.Bottom);
        s.TextColumn(column, VAlign.Bottom, Styles.Headline(s, s.U * 19, HAlign.Left, Colour.White), Styles.Subline(s, s.U * 5.5f, HAlign.Left, Colour.White));
    }
}
