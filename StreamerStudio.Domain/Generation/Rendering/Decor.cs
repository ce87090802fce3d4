using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>The shapes layouts are built from: gradients, tone textures, angled blocks, cards, bursts, brackets.</summary>
internal static class Decor
{
    public static void Gradient(Scene s, SKRect rect, SKColor from, SKColor to, float angleDegrees)
    {
        var rad = angleDegrees * MathF.PI / 180;
        var half = new SKPoint(MathF.Cos(rad) * rect.Width / 2, MathF.Sin(rad) * rect.Height / 2);
        using var shader = GradientShader.Linear(SKRect.Intersect(rect, s.Full), new SKPoint(rect.MidX - half.X, rect.MidY - half.Y),
            new SKPoint(rect.MidX + half.X, rect.MidY + half.Y), [from, to]);
        using var paint = new SKPaint { Shader = shader };
        s.Canvas.DrawRect(rect, paint);
    }

    public static void Radial(Scene s, SKPoint centre, float radius, SKColor inner, SKColor outer)
    {
        using var shader = GradientShader.Radial(s.Full, centre, radius, [inner, outer]);
        using var paint = new SKPaint { Shader = shader };
        s.Canvas.DrawRect(s.Full, paint);
    }

    /// <summary>The tone's texture over a region, faint enough to sit behind text.</summary>
    public static void Texture(Scene s, SKRect area, SKColor colour, float strength = 1f)
    {
        var c = s.Canvas;
        c.Save();
        c.ClipRect(area);
        var u = s.U;
        switch (s.Tone.Texture)
        {
            case TextureKind.SpeedLines:
            {
                using var paint = new SKPaint { Color = Colour.Alpha(colour, 0.1f * strength), IsAntialias = true };
                var angle = s.Tone.Angle * (s.Mirror ? -1 : 1);
                c.Save();
                c.RotateDegrees(angle, area.MidX, area.MidY);
                for (var i = 0; i < 18; i++)
                {
                    var y = area.Top - area.Height * 0.3f + s.Rng.Range(0, area.Height * 1.6f);
                    var x = area.Left - area.Width * 0.2f + s.Rng.Range(0, area.Width * 0.9f);
                    var len = s.Rng.Range(area.Width * 0.2f, area.Width * 0.7f);
                    var thick = s.Rng.Range(0.3f, 1.6f) * u;
                    c.DrawRect(new SKRect(x, y, x + len, y + thick), paint);
                }

                c.Restore();
                break;
            }
            case TextureKind.Grid:
            {
                using var paint = new SKPaint { Color = Colour.Alpha(colour, 0.09f * strength), StrokeWidth = Math.Max(1, u * 0.12f), IsAntialias = false };
                var step = u * s.Rng.Pick([5f, 6f, 8f]);
                for (var x = area.Left + (area.Width % step) / 2; x <= area.Right; x += step)
                {
                    c.DrawLine(x, area.Top, x, area.Bottom, paint);
                }

                for (var y = area.Top + (area.Height % step) / 2; y <= area.Bottom; y += step)
                {
                    c.DrawLine(area.Left, y, area.Right, y, paint);
                }

                break;
            }
            case TextureKind.Blobs:
            {
                for (var i = 0; i < 5; i++)
                {
                    var centre = new SKPoint(area.Left + s.Rng.Range(0, area.Width), area.Top + s.Rng.Range(0, area.Height));
                    var r = s.Rng.Range(12, 30) * u;
                    using var shader = GradientShader.Radial(SKRect.Intersect(new SKRect(centre.X - r, centre.Y - r, centre.X + r, centre.Y + r), s.Full), centre, r,
                        [Colour.Alpha(colour, 0.16f * strength), Colour.Alpha(colour, 0)]);
                    using var paint = new SKPaint { IsAntialias = true, Shader = shader };
                    c.DrawCircle(centre, r, paint);
                }

                break;
            }
            case TextureKind.Confetti:
            {
                var colours = new[] { s.Palette.Accent, s.Palette.Second, Colour.White, colour };
                for (var i = 0; i < 26; i++)
                {
                    using var paint = new SKPaint { Color = Colour.Alpha(s.Rng.Pick(colours), 0.55f * strength), IsAntialias = true };
                    var x = area.Left + s.Rng.Range(0, area.Width);
                    var y = area.Top + s.Rng.Range(0, area.Height);
                    var r = s.Rng.Range(0.5f, 1.3f) * u;
                    c.Save();
                    c.RotateDegrees(s.Rng.Range(0, 180), x, y);
                    if (i % 3 == 0)
                    {
                        c.DrawCircle(x, y, r, paint);
                    }
                    else
                    {
                        c.DrawRoundRect(new SKRect(x - r * 1.8f, y - r * 0.5f, x + r * 1.8f, y + r * 0.5f), r * 0.4f, r * 0.4f, paint);
                    }

                    c.Restore();
                }

                break;
            }
            case TextureKind.Pinstripe:
            {
                using var paint = new SKPaint { Color = Colour.Alpha(colour, 0.06f * strength), StrokeWidth = Math.Max(1, u * 0.15f), IsAntialias = true };
                var step = u * 2.2f;
                for (var x = area.Left - area.Height; x < area.Right; x += step)
                {
                    c.DrawLine(x, area.Bottom, x + area.Height, area.Top, paint);
                }

                break;
            }
        }

        c.Restore();
    }

    /// <summary>A block whose inner edge leans by the tone's angle: the "split" of a split thumbnail.</summary>
    public static SKPath SlantedBlock(Scene s, float edgeX, float angleDegrees, bool coverLeft)
    {
        var lean = MathF.Tan(angleDegrees * MathF.PI / 180) * s.H;
        var path = new SKPath();
        if (coverLeft)
        {
            path.MoveTo(-2, -2);
            path.LineTo(edgeX + lean / 2, -2);
            path.LineTo(edgeX - lean / 2, s.H + 2);
            path.LineTo(-2, s.H + 2);
        }
        else
        {
            path.MoveTo(s.W + 2, -2);
            path.LineTo(edgeX + lean / 2, -2);
            path.LineTo(edgeX - lean / 2, s.H + 2);
            path.LineTo(s.W + 2, s.H + 2);
        }

        path.Close();
        return path;
    }

    public static void Fill(Scene s, SKPath path, SKColor colour)
    {
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        s.Canvas.DrawPath(path, paint);
    }

    public static void FillGradient(Scene s, SKPath path, SKColor from, SKColor to, bool vertical = true)
    {
        var b = path.Bounds;
        using var shader = GradientShader.Linear(SKRect.Intersect(b, s.Full), new SKPoint(b.Left, b.Top), vertical ? new SKPoint(b.Left, b.Bottom) : new SKPoint(b.Right, b.Top),
            [from, to]);
        using var paint = new SKPaint { IsAntialias = true, Shader = shader };
        s.Canvas.DrawPath(path, paint);
    }

    /// <summary>A card with a shadow: offset and hard for comedic/competitive (sticker), soft and low otherwise.</summary>
    public static void Card(Scene s, SKRect rect, SKColor fill, SKColor? border = null, float radius = -1)
    {
        var r = radius >= 0 ? radius : s.Tone.Radius * s.U / 8;
        var hard = s.Tone.Tone is BrandKits.Tone.Comedic or BrandKits.Tone.Competitive;
        using (var shadow = new SKPaint { IsAntialias = true, Color = Colour.Alpha(SKColors.Black, hard ? 0.55f : 0.35f) })
        {
            if (hard)
            {
                var off = s.U * 1.4f;
                s.Canvas.DrawRoundRect(new SKRect(rect.Left + off, rect.Top + off, rect.Right + off, rect.Bottom + off), r, r, shadow);
            }
            else
            {
                using var blur = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, s.U * 1.6f);
                shadow.MaskFilter = blur;
                s.Canvas.DrawRoundRect(new SKRect(rect.Left, rect.Top + s.U, rect.Right, rect.Bottom + s.U * 1.2f), r, r, shadow);
            }
        }

        using var paint = new SKPaint { Color = fill, IsAntialias = true };
        s.Canvas.DrawRoundRect(rect, r, r, paint);
        if (border is { } b)
        {
            using var stroke = new SKPaint { Color = b, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = s.U * 0.8f };
            s.Canvas.DrawRoundRect(Scene.Deflate(rect, s.U * 0.4f), Math.Max(0, r - s.U * 0.4f), Math.Max(0, r - s.U * 0.4f), stroke);
        }
    }

    public static void Starburst(Scene s, SKPoint centre, float outer, float inner, int points, SKColor colour, float rotation = 0)
    {
        using var path = new SKPath();
        for (var i = 0; i < points * 2; i++)
        {
            var r = i % 2 == 0 ? outer : inner;
            var a = (rotation + i * 180f / points) * MathF.PI / 180;
            var p = new SKPoint(centre.X + MathF.Cos(a) * r, centre.Y + MathF.Sin(a) * r);
            if (i == 0)
            {
                path.MoveTo(p);
            }
            else
            {
                path.LineTo(p);
            }
        }

        path.Close();
        Fill(s, path, colour);
    }

    /// <summary>Sunburst rays from a point: high-energy backgrounds.</summary>
    public static void Rays(Scene s, SKPoint centre, int count, SKColor colour, float rotation)
    {
        var reach = s.W + s.H;
        using var path = new SKPath();
        for (var i = 0; i < count; i++)
        {
            var a0 = (rotation + i * 360f / count) * MathF.PI / 180;
            var a1 = (rotation + (i + 0.5f) * 360f / count) * MathF.PI / 180;
            path.MoveTo(centre);
            path.LineTo(centre.X + MathF.Cos(a0) * reach, centre.Y + MathF.Sin(a0) * reach);
            path.LineTo(centre.X + MathF.Cos(a1) * reach, centre.Y + MathF.Sin(a1) * reach);
            path.Close();
        }

        Fill(s, path, colour);
    }

    public static void Rings(Scene s, SKPoint centre, float from, float step, int count, SKColor colour, float width)
    {
        using var paint = new SKPaint { Color = colour, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width };
        for (var i = 0; i < count; i++)
        {
            s.Canvas.DrawCircle(centre, from + i * step, paint);
        }
    }

    /// <summary>Dot grid fading across a corner: comic halftone or a calm structured texture, by spacing.</summary>
    public static void Halftone(Scene s, SKRect area, SKColor colour, float spacing, bool fadeRight)
    {
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        for (var y = area.Top + spacing / 2; y < area.Bottom; y += spacing)
        {
            for (var x = area.Left + spacing / 2; x < area.Right; x += spacing)
            {
                var t = (x - area.Left) / area.Width;
                var r = spacing * 0.36f * (fadeRight ? 1 - t : t);
                if (r > 0.4f)
                {
                    s.Canvas.DrawCircle(x, y, r, paint);
                }
            }
        }
    }

    /// <summary>L-shaped brackets in the corners of a rectangle: webcam frames and "focus" framing.</summary>
    public static void Brackets(Scene s, SKRect rect, float length, float width, SKColor colour)
    {
        using var paint = new SKPaint { Color = colour, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, StrokeCap = SKStrokeCap.Square };
        var c = s.Canvas;
        c.DrawLine(rect.Left, rect.Top, rect.Left + length, rect.Top, paint);
        c.DrawLine(rect.Left, rect.Top, rect.Left, rect.Top + length, paint);
        c.DrawLine(rect.Right, rect.Top, rect.Right - length, rect.Top, paint);
        c.DrawLine(rect.Right, rect.Top, rect.Right, rect.Top + length, paint);
        c.DrawLine(rect.Left, rect.Bottom, rect.Left + length, rect.Bottom, paint);
        c.DrawLine(rect.Left, rect.Bottom, rect.Left, rect.Bottom - length, paint);
        c.DrawLine(rect.Right, rect.Bottom, rect.Right - length, rect.Bottom, paint);
        c.DrawLine(rect.Right, rect.Bottom, rect.Right, rect.Bottom - length, paint);
    }

    /// <summary>A diagonal band of stripes across the canvas.</summary>
    public static void StripeBand(Scene s, float centreY, float height, float angle, SKColor a, SKColor b, int stripes)
    {
        var c = s.Canvas;
        c.Save();
        c.RotateDegrees(angle, s.W / 2, centreY);
        var each = height / stripes;
        for (var i = 0; i < stripes; i++)
        {
            using var paint = new SKPaint { Color = i % 2 == 0 ? a : b, IsAntialias = true };
            c.DrawRect(new SKRect(-s.W, centreY - height / 2 + i * each, s.W * 2, centreY - height / 2 + (i + 1) * each), paint);
        }

        c.Restore();
    }

    public static void Rule(Scene s, float x0, float x1, float y, float width, SKColor colour)
    {
        using var paint = new SKPaint { Color = colour, IsAntialias = true, StrokeWidth = width, StrokeCap = SKStrokeCap.Round };
        s.Canvas.DrawLine(x0, y, x1, y, paint);
    }

    /// <summary>A play button: a circle with a triangle, for clip covers.</summary>
    public static void PlayButton(Scene s, SKPoint centre, float radius, SKColor disc, SKColor triangle)
    {
        using (var paint = new SKPaint { Color = disc, IsAntialias = true })
        {
            s.Canvas.DrawCircle(centre, radius, paint);
        }

        using var path = new SKPath();
        var r = radius * 0.45f;
        path.MoveTo(centre.X - r * 0.7f, centre.Y - r);
        path.LineTo(centre.X + r * 1.05f, centre.Y);
        path.LineTo(centre.X - r * 0.7f, centre.Y + r);
        path.Close();
        Fill(s, path, triangle);
    }
}
