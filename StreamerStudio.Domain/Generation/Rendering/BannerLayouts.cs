using SkiaSharp;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>
/// Channel banners: very wide, and on YouTube only a small centred strip is seen on every device. Decoration
/// runs edge to edge (TVs show it all); logo and text live in the safe strip, set on one or two lines.
/// </summary>
internal static class BannerLayouts
{
    public static readonly IReadOnlyList<Layout> All =
    [
        new("Stripe Band", StripeBand),
        new("Split Panels", SplitPanels),
        new("Spotlight", Spotlight),
    ];

    /// <summary>A diagonal band of brand stripes through the safe strip, logo and headline riding on it.</summary>
    private static void StripeBand(Scene s)
    {
        var p = s.Palette;
        var angle = -Math.Max(4, s.Tone.Angle) * (s.Mirror ? -1 : 1) * 0.6f;
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Deep, p.Base, s.Rng.Range(-30, 30));
            Decor.StripeBand(s, s.Safe.MidY, s.Safe.Height * 1.5f, angle, Colour.Alpha(p.Second, 0.55f), Colour.Alpha(p.Accent, 0.35f), s.Rng.Pick([5, 7, 9]));
            Decor.StripeBand(s, s.Safe.MidY, s.Safe.Height * 0.95f, angle, Colour.Alpha(p.Deep, 0.75f), Colour.Alpha(p.Deep, 0.75f), 1);
            Decor.Texture(s, s.Full, Colour.White, 0.8f);
        });

        var area = Scene.Deflate(s.Safe, s.Safe.Height * 0.08f);
        var textArea = area;
        if (s.HasLogo)
        {
            var logo = s.Side(new SKRect(area.Left, area.Top, area.Left + area.Height, area.Bottom));
            s.DrawLogo(logo);
            textArea = s.Side(new SKRect(area.Left + area.Height * 1.15f, area.Top, area.Right, area.Bottom));
        }

        var align = s.HasLogo ? HAlign.Left : HAlign.Center;
        s.TextColumn(textArea, VAlign.Middle, Styles.Headline(s, area.Height * 0.5f, align, Colour.White, lines: 2),
            Styles.Subline(s, area.Height * 0.14f, align, Colour.White), area.Height * 0.08f, p.Accent);
    }

    /// <summary>An angled accent panel with the logo (or badge) beside a calm panel with the headline.</summary>
    private static void SplitPanels(Scene s)
    {
        var p = s.Palette;
        var split = s.Safe.Left + s.Safe.Width * s.Rng.Range(0.26f, 0.32f);
        var angle = Math.Max(s.Tone.Angle, 8) * (s.Rng.Chance(0.5) ? 1 : -1) * 0.5f;
        var edge = s.SideX(split);
        s.Background(() =>
        {
            Decor.Gradient(s, s.Full, p.Ground, Colour.Darken(p.Ground, 0.45f), s.Rng.Range(0, 180));
            Decor.Texture(s, s.Full, Colour.White);
        });

        using (var block = Decor.SlantedBlock(s, edge, angle, coverLeft: !s.Mirror))
        {
            Decor.FillGradient(s, block, p.Accent, Colour.Darken(p.Accent, 0.35f), vertical: false);
        }

        using (var stripe = Decor.SlantedBlock(s, edge + s.U * 2.5f * (s.Mirror ? -1 : 1), angle, coverLeft: !s.Mirror))
        using (var inner = Decor.SlantedBlock(s, edge + s.U * 1.2f * (s.Mirror ? -1 : 1), angle, coverLeft: !s.Mirror))
        using (var band = stripe.Op(inner, SKPathOp.Difference))
        {
            Decor.Fill(s, band!, p.Second);
        }

        var lean = MathF.Abs(MathF.Tan(angle * MathF.PI / 180)) * s.Safe.Height / 2;
        var panel = s.Side(new SKRect(s.Safe.Left, s.Safe.Top, split - lean - s.U * 2, s.Safe.Bottom));
        var slot = Scene.Deflate(panel, Math.Min(panel.Width, panel.Height) * 0.12f);
        if (s.HasLogo)
        {
            s.DrawLogo(slot);
        }
        else if (s.Badge is not null)
        {
            s.DrawText(s.Badge, slot, new TextStyle("badge", new FitOptions(slot.Height * 0.5f, slot.Height * 0.15f, 2, 1f, HAlign.Center), Colour.OnColour(p.Accent), Effect: TextEffect.None));
        }
        else
        {
            Decor.Rings(s, new SKPoint(slot.MidX, slot.MidY), slot.Height * 0.15f, slot.Height * 0.12f, 3, Colour.Alpha(Colour.OnColour(p.Accent), 0.5f), s.U * 0.6f);
        }

        var text = s.Side(new SKRect(split + lean + s.U * 3, s.Safe.Top, s.Safe.Right, s.Safe.Bottom));
        text = Scene.Deflate(text, s.Safe.Height * 0.06f);
        s.TextColumn(text, VAlign.Middle, Styles.Headline(s, text.Height * 0.5f, HAlign.Left, Colour.White, lines: 2),
            Styles.Subline(s, text.Height * 0.15f, HAlign.Left, Colour.White), s.HasLogo ? text.Height * 0.08f : 0, p.Accent);
    }

    /// <summary>A spotlight on a dark stage, shapes at the far edges, the headline centred with ruled subline.</summary>
    private static void Spotlight(Scene s)
    {
        var p = s.Palette;
        s.Background(() =>
        {
            Decor.Radial(s, new SKPoint(s.W / 2, s.Safe.MidY), s.W * 0.45f, Colour.Lighten(p.Ground, 0.1f), p.Deep);
            var r = s.H * 0.42f;
            if (s.Tone.Tone is Tone.Competitive or Tone.Comedic)
            {
                Decor.Starburst(s, new SKPoint(s.W * 0.08f, s.H * 0.2f), r, r * 0.7f, 14, Colour.Alpha(p.Accent, 0.5f), s.Rng.Range(0, 30));
                Decor.Starburst(s, new SKPoint(s.W * 0.94f, s.H * 0.82f), r * 0.8f, r * 0.56f, 12, Colour.Alpha(p.Second, 0.6f), s.Rng.Range(0, 30));
            }
            else
            {
                Decor.Rings(s, new SKPoint(s.W * 0.06f, s.H * 0.5f), r * 0.4f, r * 0.16f, 6, Colour.Alpha(p.Accent, 0.45f), s.U * 0.8f);
                Decor.Rings(s, new SKPoint(s.W * 0.94f, s.H * 0.5f), r * 0.4f, r * 0.16f, 6, Colour.Alpha(p.Second, 0.5f), s.U * 0.8f);
            }

            Decor.Texture(s, s.Full, Colour.White, 0.6f);
        });

        var area = Scene.Deflate(s.Safe, s.Safe.Height * 0.06f);
        if (s.HasLogo)
        {
            // The logo sits above the type as a small crest, so the centred composition holds.
            var crest = area.Height * 0.26f;
            s.DrawLogo(new SKRect(area.MidX - crest, area.Top, area.MidX + crest, area.Top + crest));
            area = new SKRect(area.Left, area.Top + crest + area.Height * 0.04f, area.Right, area.Bottom);
        }

        var (head, sub, _) = s.TextColumn(area, VAlign.Middle, Styles.Headline(s, area.Height * 0.5f, HAlign.Center, Colour.White, lines: 2),
            Styles.Subline(s, area.Height * 0.15f, HAlign.Center, Colour.White), s.HasLogo ? 0 : area.Height * 0.08f, p.Accent);
        if (sub is not null)
        {
            var y = sub.Ink.MidY;
            var gap = s.U * 2.5f;
            var length = Math.Min(s.U * 14, (sub.Ink.Left - area.Left) - gap);
            if (length > s.U * 3)
            {
                Decor.Rule(s, sub.Ink.Left - gap - length, sub.Ink.Left - gap, y, s.U * 0.5f, p.Accent);
                Decor.Rule(s, sub.Ink.Right + gap, sub.Ink.Right + gap + length, y, s.U * 0.5f, p.Accent);
            }
        }
        else
        {
            Decor.Rule(s, head.Ink.MidX - s.U * 8, head.Ink.MidX + s.U * 8, Math.Min(head.Bounds.Bottom + s.U * 1.5f, s.Safe.Bottom), s.U * 0.8f, p.Accent);
        }
    }
}
