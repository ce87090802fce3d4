using SkiaSharp;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>
/// YouTube thumbnails: read at 168×94 in the sidebar, so every layout gives the headline most of the frame and
/// one strong shape; the bottom-right corner (video length) stays free of text.
/// </summary>
internal static class ThumbnailLayouts
{
    public static readonly IReadOnlyList<Layout> All =
    [
        new("Split Slash", SplitSlash),
        new("Big Type", BigType),
        new("Framed Card", FramedCard),
        new("Highlight Bars", HighlightBars),
    ];

    /// <summary>A slanted accent block on one side holding the logo or badge, the headline large on the other.</summary>
    private static void SplitSlash(Scene s)
    {
        var p = s.Palette;
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Ground, Colour.Darken(p.Ground, 0.4f), s.Rng.Range(20, 160));
            Decor.Texture(s, s.Full, Colour.White);
        });

        var split = s.W * s.Rng.Range(0.36f, 0.42f);
        var angle = s.Tone.Angle * (s.Rng.Chance(0.5) ? 1 : -1);
        var edge = s.Mirror ? s.W - split : split;
        using (var block = Decor.SlantedBlock(s, edge, angle, coverLeft: !s.Mirror))
        {
            Decor.FillGradient(s, block, p.Accent, Colour.Darken(p.Accent, 0.3f));
        }

        if (s.Tone.Energy >= 0.5f)
        {
            // A thin parallel slash in the second colour: the "speed" that makes the split feel cut, not ruled.
            var offset = s.U * 2.2f * (s.Mirror ? -1 : 1);
            using var stripe = Decor.SlantedBlock(s, edge + offset, angle, coverLeft: !s.Mirror);
            using var inner = Decor.SlantedBlock(s, edge + offset * 0.45f, angle, coverLeft: !s.Mirror);
            using var band = stripe.Op(inner, SKPathOp.Difference);
            Decor.Fill(s, band!, Colour.Alpha(Colour.White, 0.85f));
        }

        // The block holds the visual: logo, or a burst with the badge, or both.
        var lean = MathF.Abs(MathF.Tan(angle * MathF.PI / 180) * s.H) / 2;
        var blockArea = s.Side(new SKRect(s.Safe.Left, s.Safe.Top, split - lean - s.U * 3, s.Safe.Bottom));
        var centre = new SKPoint(blockArea.MidX, blockArea.MidY);
        var radius = Math.Min(blockArea.Width, blockArea.Height) * 0.48f;
        if (s.Tone.Tone is Tone.Competitive or Tone.Comedic)
        {
            Decor.Starburst(s, centre, radius, radius * 0.78f, s.Rng.Pick([12, 14, 16]), Colour.Alpha(Colour.Darken(p.Accent, 0.45f), 0.55f), s.Rng.Range(0, 30));
        }
        else
        {
            Decor.Rings(s, centre, radius * 0.45f, radius * 0.18f, 4, Colour.Alpha(Colour.White, 0.18f), s.U * 0.5f);
        }

        var textColumn = s.Side(new SKRect(split + lean + s.U * 3, s.Safe.Top, s.Safe.Right, s.Safe.Bottom));
        if (s.HasLogo)
        {
            s.DrawLogo(Scene.Deflate(blockArea, blockArea.Width * 0.08f));
            s.TextColumn(textColumn, VAlign.Middle, Styles.Headline(s, s.U * 22, HAlign.Left, Colour.White),
                Styles.Subline(s, s.U * 5, HAlign.Left, Colour.White), s.U * 3.6f, p.Accent);
        }
        else
        {
            if (s.Badge is not null)
            {
                var badgeBox = Scene.Deflate(blockArea, blockArea.Width * 0.12f);
                s.DrawText(s.Badge, badgeBox, new TextStyle("badge", new FitOptions(s.U * 20, s.U * 6, 2, 1f, HAlign.Center), Colour.White, Effect: TextEffect.HardShadow));
            }

            s.TextColumn(textColumn, VAlign.Middle, Styles.Headline(s, s.U * 22, HAlign.Left, Colour.White),
                Styles.Subline(s, s.U * 5, HAlign.Left, Colour.White));
        }
    }

    /// <summary>Huge centred type with an outline or glow over a radial burst; badge and logo tucked in the top corners.</summary>
    private static void BigType(Scene s)
    {
        var p = s.Palette;
        var centre = new SKPoint(s.W * s.Rng.Range(0.4f, 0.6f), s.H * s.Rng.Range(0.4f, 0.55f));
        s.Background(() =>
        {
            Decor.Radial(s, centre, s.W * 0.75f, Colour.Lighten(p.Ground, 0.12f), p.Deep);
            if (s.Tone.Tone is Tone.Competitive or Tone.Comedic or Tone.Casual)
            {
                Decor.Rays(s, centre, s.Rng.Pick([14, 18, 22]), Colour.Alpha(p.Accent, s.Tone.Tone == Tone.Casual ? 0.08f : 0.16f), s.Rng.Range(0, 20));
            }
            else
            {
                Decor.Rings(s, centre, s.U * 10, s.U * 9, 9, Colour.Alpha(Colour.White, 0.06f), s.U * 0.3f);
                Decor.Texture(s, s.Full, Colour.White, 0.7f);
            }
        });

        // Accent corner wedges frame the type without competing with it.
        using (var wedge = new SKPath())
        {
            var w = s.W * 0.22f;
            wedge.MoveTo(s.SideX(0), s.H);
            wedge.LineTo(s.SideX(w), s.H);
            wedge.LineTo(s.SideX(0), s.H - w * 0.55f);
            wedge.Close();
            Decor.Fill(s, wedge, p.Accent);
        }

        var top = s.Safe.Top;
        var cornerHeight = s.U * 11;
        if (s.Badge is not null)
        {
            s.DrawBadge(new SKPoint(s.Mirror ? s.Safe.Right : s.Safe.Left, top), s.U * 3.6f, p.Accent, s.SideAlign(HAlign.Left));
        }

        s.DrawLogo(s.Side(new SKRect(s.Safe.Right - s.U * 22, top, s.Safe.Right, top + cornerHeight)), s.SideAlign(HAlign.Right), VAlign.Top);

        var effect = s.Tone.Tone switch
        {
            Tone.Competitive => TextEffect.Outline,
            Tone.Educational => TextEffect.SoftShadow,
            Tone.Comedic => TextEffect.HardShadow,
            _ => TextEffect.Glow,
        };
        var column = new SKRect(s.Safe.Left, top + cornerHeight + s.U * 2, s.Safe.Right, s.Safe.Bottom);
        s.TextColumn(column, VAlign.Middle, Styles.Headline(s, s.U * 26, HAlign.Center, Colour.White, effect, lines: 3),
            Styles.Subline(s, s.U * 5.2f, HAlign.Center, Colour.OnColour(p.Accent), plate: p.Accent));
    }

    /// <summary>A bordered card on a patterned field, the badge as a tab on its top edge.</summary>
    private static void FramedCard(Scene s)
    {
        var p = s.Palette;
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Accent, p.Base, s.Rng.Range(0, 360));
            Decor.Halftone(s, s.Side(new SKRect(0, 0, s.W * 0.45f, s.H)), Colour.Alpha(p.Deep, 0.25f), s.U * 2.6f, fadeRight: !s.Mirror);
            Decor.Texture(s, s.Full, Colour.White, 0.8f);
        });

        var darkCard = s.Rng.Chance(0.5);
        var cardFill = darkCard ? p.Deep : Colour.Mix(p.Light, Colour.White, 0.6f);
        var textFill = darkCard ? Colour.White : p.Deep;
        var tab = s.U * 3.4f;
        var card = new SKRect(s.Safe.Left, s.Safe.Top + (s.Badge is null ? 0 : tab * 1.1f), s.Safe.Right, s.Safe.Bottom);
        Decor.Card(s, card, cardFill, p.Accent);
        if (s.Badge is not null)
        {
            s.DrawBadge(new SKPoint(s.Mirror ? card.Right - s.U * 5 : card.Left + s.U * 5, s.Safe.Top), tab, p.Accent, s.SideAlign(HAlign.Left), pill: s.Tone.Radius > 20);
        }

        var inner = Scene.Deflate(card, s.U * 6);
        var logoWidth = s.HasLogo ? inner.Width * 0.24f : 0;
        if (s.HasLogo)
        {
            s.DrawLogo(s.Side(new SKRect(inner.Right - logoWidth, inner.Top, inner.Right, inner.Bottom)), HAlign.Center);
        }

        var text = s.Side(new SKRect(inner.Left, inner.Top, inner.Right - (logoWidth > 0 ? logoWidth + s.U * 4 : 0), inner.Bottom));
        var align = s.Tone.Tone is Tone.Casual or Tone.Comedic && !s.HasLogo ? HAlign.Center : HAlign.Left;
        var (head, _, _) = s.TextColumn(text, VAlign.Middle, Styles.Headline(s, s.U * 19, align, textFill, s.Tone.Effect == TextEffect.Outline ? TextEffect.None : s.Tone.Effect),
            Styles.Subline(s, s.U * 4.6f, align, textFill));
        var ruleY = head.Bounds.Bottom + s.U * 0.8f;
        if (s.Subline is null && ruleY < inner.Bottom)
        {
            var x0 = align == HAlign.Center ? head.Ink.MidX - s.U * 8 : align == HAlign.Left ? head.Ink.Left : head.Ink.Right - s.U * 16;
            Decor.Rule(s, x0, x0 + s.U * 16, ruleY, s.U * 1.1f, p.Accent);
        }
    }

    /// <summary>Headline lines set on highlighter bars, a giant brand circle behind, the logo or badge in the circle.</summary>
    private static void HighlightBars(Scene s)
    {
        var p = s.Palette;
        var circle = new SKPoint(s.SideX(s.W * 0.78f), s.H * s.Rng.Range(0.45f, 0.6f));
        var radius = s.H * s.Rng.Range(0.48f, 0.6f);
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Ground, Colour.Darken(p.Ground, 0.35f), s.Rng.Range(60, 120));
            Decor.Texture(s, s.Full, Colour.White);
        });

        using (var paint = new SKPaint { Color = p.Second, IsAntialias = true })
        {
            s.Canvas.DrawCircle(circle, radius, paint);
        }

        Decor.Rings(s, circle, radius * 1.08f, radius * 0.1f, 2, Colour.Alpha(p.Accent, 0.6f), s.U * 0.6f);
        var slot = new SKRect(circle.X - radius * 0.55f, circle.Y - radius * 0.55f, circle.X + radius * 0.55f, circle.Y + radius * 0.55f);
        if (s.HasLogo)
        {
            s.DrawLogo(slot);
        }
        else if (s.Badge is not null)
        {
            s.DrawText(s.Badge, slot, new TextStyle("badge", new FitOptions(s.U * 18, s.U * 5, 2, 1f, HAlign.Center), Colour.OnColour(p.Second), Effect: TextEffect.None));
        }

        var plate = s.Rng.Chance(0.5) ? p.Accent : Colour.White;
        var column = s.Side(new SKRect(s.Safe.Left + s.U, s.Safe.Top, s.Safe.Left + s.Safe.Width * 0.64f, s.Safe.Bottom));
        s.TextColumn(column, VAlign.Middle, Styles.Headline(s, s.U * 17, HAlign.Left, Colour.OnColour(plate), TextEffect.None, plate),
            Styles.Subline(s, s.U * 5, HAlign.Left, Colour.White), s.HasLogo ? s.U * 3.4f : 0, p.Accent);
    }
}
