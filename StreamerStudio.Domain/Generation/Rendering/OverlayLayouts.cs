using SkiaSharp;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>
/// Twitch overlays: transparent PNGs drawn over gameplay. Everything hugs the edges and corners; the middle of
/// the frame stays fully transparent. Text always sits on its own bar, since what shows through is unknown.
/// </summary>
internal static class OverlayLayouts
{
    public static readonly IReadOnlyList<Layout> All =
    [
        new("Stream Frame", StreamFrame),
        new("Lower Third", LowerThird),
        new("Webcam Frame", WebcamFrame),
    ];

    /// <summary>A branded border round the whole stream, a name plate top-left and a ticker bar bottom-right.</summary>
    private static void StreamFrame(Scene s)
    {
        var p = s.Palette;
        var inset = s.U * 1.6f;
        var thickness = s.U * (s.Tone.Tone == Tone.Professional ? 0.6f : 1.1f);
        var frame = new SKRect(inset, inset, s.W - inset, s.H - inset);
        var radius = s.Tone.Radius * s.U / 10;
        using (var shader = GradientShader.Linear(s.Full, new SKPoint(0, 0), new SKPoint(s.W, s.H), [p.Base, p.Accent, p.Second]))
        using (var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = thickness, Shader = shader })
        {
            s.Canvas.DrawRoundRect(frame, radius, radius, paint);
        }

        Decor.Brackets(s, Scene.Deflate(frame, thickness * 1.8f), s.U * 7, thickness * 1.4f, p.Accent);

        // Name plate: the headline on a brand bar, badge beside it.
        var plateHeight = s.U * 9;
        var plate = new SKRect(s.Safe.Left + s.U * 2, s.Safe.Top + s.U * 2, s.Safe.Left + s.W * 0.36f, s.Safe.Top + s.U * 2 + plateHeight);
        plate = s.Side(plate);
        Decor.Card(s, plate, p.Deep, p.Accent);
        var logoWidth = 0f;
        if (s.HasLogo)
        {
            var slot = s.Mirror ? new SKRect(plate.Right - plateHeight, plate.Top, plate.Right, plate.Bottom) : new SKRect(plate.Left, plate.Top, plate.Left + plateHeight, plate.Bottom);
            s.DrawLogo(Scene.Deflate(slot, s.U * 1.2f));
            logoWidth = plateHeight;
        }

        var textBox = s.Mirror
            ? new SKRect(plate.Left + s.U * 2.5f, plate.Top, plate.Right - logoWidth - s.U * 1.5f, plate.Bottom)
            : new SKRect(plate.Left + logoWidth + s.U * 1.5f, plate.Top, plate.Right - s.U * 2.5f, plate.Bottom);
        s.DrawText(s.Headline, Scene.Deflate(textBox, s.U * 1.2f), Styles.Headline(s, s.U * 6, HAlign.Left, Colour.White, TextEffect.None, lines: 1));
        if (s.Badge is not null)
        {
            var x = s.Mirror ? plate.Left - s.U * 1.5f : plate.Right + s.U * 1.5f;
            s.DrawBadge(new SKPoint(x, plate.Top + plateHeight * 0.18f), s.U * 2.8f, p.Accent, s.Mirror ? HAlign.Right : HAlign.Left);
        }

        if (s.Subline is { } subline)
        {
            var bar = s.Side(new SKRect(s.W * 0.6f, s.Safe.Bottom - s.U * 7.5f, s.Safe.Right - s.U * 2, s.Safe.Bottom - s.U * 1.5f));
            Decor.Card(s, bar, Colour.Alpha(p.Deep, 0.92f));
            using (var accent = new SKPaint { Color = p.Accent, IsAntialias = true })
            {
                var tick = s.Mirror ? new SKRect(bar.Right - s.U * 0.9f, bar.Top, bar.Right, bar.Bottom) : new SKRect(bar.Left, bar.Top, bar.Left + s.U * 0.9f, bar.Bottom);
                s.Canvas.DrawRect(tick, accent);
            }

            s.DrawText(subline, Scene.Deflate(bar, s.U * 1.6f), Styles.Subline(s, s.U * 3.4f, HAlign.Left, Colour.White));
        }
    }

    /// <summary>A broadcast lower third: angled accent chip, headline bar, subline strip; a small logo bug top corner.</summary>
    private static void LowerThird(Scene s)
    {
        var p = s.Palette;
        var width = s.W * s.Rng.Range(0.42f, 0.5f);
        var barHeight = s.U * 10.5f;
        var bottom = s.Safe.Bottom - s.U * 2;
        var subHeight = s.Subline is null ? 0 : s.U * 6;
        var bar = s.Side(new SKRect(s.Safe.Left + s.U * 7, bottom - subHeight - barHeight, s.Safe.Left + s.U * 7 + width, bottom - subHeight));
        var chip = s.Side(new SKRect(s.Safe.Left, bottom - subHeight - barHeight, s.Safe.Left + s.U * 7, bottom));

        using (var path = new SKPath())
        {
            var lean = MathF.Tan(Math.Max(s.Tone.Angle, 6) * MathF.PI / 180) * barHeight;
            var (l, r) = (bar.Left, bar.Right);
            path.MoveTo(l, bar.Top);
            path.LineTo(r + (s.Mirror ? 0 : lean), bar.Top);
            path.LineTo(r, bar.Bottom);
            path.LineTo(l - (s.Mirror ? lean : 0), bar.Bottom);
            path.Close();
            Decor.FillGradient(s, path, p.Base, Colour.Darken(p.Base, 0.4f), vertical: false);
        }

        var chipRadius = Math.Min(s.Tone.Radius * s.U / 10, chip.Width / 3);
        using (var paint = new SKPaint { Color = p.Accent, IsAntialias = true })
        {
            s.Canvas.DrawRoundRect(chip, chipRadius, chipRadius, paint);
        }

        if (s.HasLogo)
        {
            s.DrawLogo(Scene.Deflate(chip, s.U));
        }
        else
        {
            Decor.Starburst(s, new SKPoint(chip.MidX, chip.MidY), chip.Width * 0.32f, chip.Width * 0.16f, 5, Colour.OnColour(p.Accent), -90);
        }

        s.DrawText(s.Headline, Scene.Deflate(bar, s.U * 1.6f), Styles.Headline(s, s.U * 7, HAlign.Left, Colour.White, TextEffect.None, lines: 1));
        if (s.Subline is { } subline)
        {
            var strip = s.Side(new SKRect(s.Safe.Left + s.U * 7, bottom - subHeight, s.Safe.Left + s.U * 7 + width * 0.8f, bottom));
            using (var paint = new SKPaint { Color = Colour.Alpha(p.Deep, 0.95f), IsAntialias = true })
            {
                s.Canvas.DrawRect(strip, paint);
            }

            s.DrawText(subline, Scene.Deflate(strip, s.U * 1.2f), Styles.Subline(s, s.U * 3.4f, HAlign.Left, Colour.White));
        }

        if (s.Badge is not null)
        {
            var x = s.Mirror ? bar.Right : bar.Left;
            s.DrawBadge(new SKPoint(x, bar.Top - s.U * 6.2f), s.U * 2.6f, p.Accent, s.Mirror ? HAlign.Right : HAlign.Left, pill: s.Tone.Radius > 20);
        }

        // A thin brand rule in the opposite top corner balances the bar without touching the play area.
        var ruleY = s.Safe.Top + s.U * 2;
        var x0 = s.SideX(s.W - s.Safe.Left - s.U * 2);
        var x1 = s.SideX(s.W - s.Safe.Left - s.U * 16);
        Decor.Rule(s, Math.Min(x0, x1), Math.Max(x0, x1), ruleY, s.U * 0.7f, p.Accent);
        Decor.Rule(s, Math.Min(x0, x1), Math.Max(x0, x1) - s.U * 6, ruleY + s.U * 1.6f, s.U * 0.7f, Colour.Alpha(p.Base, 0.9f));
    }

    /// <summary>A webcam box in a bottom corner (transparent inside), name bar under it, corner brackets on the canvas.</summary>
    private static void WebcamFrame(Scene s)
    {
        var p = s.Palette;
        var camWidth = s.W * s.Rng.Range(0.22f, 0.25f);
        var camHeight = camWidth * 9 / 16;
        var nameHeight = s.U * 8;
        var bottom = s.Safe.Bottom - s.U * 1.5f;
        var cam = s.Side(new SKRect(s.Safe.Right - s.U * 1.5f - camWidth, bottom - nameHeight - camHeight, s.Safe.Right - s.U * 1.5f, bottom - nameHeight));
        var radius = s.Tone.Radius * s.U / 12;
        var border = s.U * 1.1f;

        using (var shader = GradientShader.Linear(SKRect.Intersect(Scene.Inflate(cam, border), s.Full), new SKPoint(cam.Left, cam.Top), new SKPoint(cam.Right, cam.Bottom),
                   [p.Accent, p.Base]))
        using (var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = border, Shader = shader })
        {
            s.Canvas.DrawRoundRect(cam, radius, radius, paint);
        }

        Decor.Brackets(s, Scene.Inflate(cam, border * 2.2f), s.U * 4, border * 0.8f, Colour.Alpha(p.Accent, 0.9f));
        var name = new SKRect(cam.Left - border / 2, cam.Bottom + border / 2, cam.Right + border / 2, cam.Bottom + nameHeight);
        Decor.Card(s, name, p.Deep, radius: Math.Min(radius, s.U));
        var logoSlot = 0f;
        if (s.HasLogo)
        {
            s.DrawLogo(new SKRect(name.Left + s.U, name.Top + s.U, name.Left + nameHeight, name.Bottom - s.U));
            logoSlot = nameHeight;
        }

        s.DrawText(s.Headline, new SKRect(name.Left + logoSlot + s.U * 2, name.Top + s.U * 1.3f, name.Right - s.U * 2, name.Bottom - s.U * 1.3f),
            Styles.Headline(s, s.U * 5, HAlign.Left, Colour.White, TextEffect.None, lines: 1));

        if (s.Badge is not null)
        {
            s.DrawBadge(new SKPoint(cam.Left + s.U * 1.5f, cam.Top + s.U * 1.5f), s.U * 2.4f, p.Accent);
        }

        if (s.Subline is { } subline)
        {
            // The subline rides above the webcam as a tag: schedule, socials, current goal.
            var tag = new SKRect(cam.Left, cam.Top - s.U * 8f, cam.Right, cam.Top - s.U * 3.4f);
            var measured = s.Measure(subline, Scene.Deflate(tag, s.U), Styles.Subline(s, s.U * 3, HAlign.Left, Colour.White));
            var plate = new SKRect(tag.Left, tag.Top, Math.Min(tag.Right, measured.Bounds.Right + s.U * 1.5f), tag.Bottom);
            Decor.Card(s, plate, Colour.Alpha(p.Deep, 0.92f), radius: Math.Min(radius, s.U));
            s.DrawText(measured, Styles.Subline(s, s.U * 3, HAlign.Left, Colour.White));
        }

        Decor.Brackets(s, Scene.Deflate(s.Full, s.U * 2), s.U * 6, s.U * 0.6f, Colour.Alpha(p.Base, 0.9f));
    }
}
