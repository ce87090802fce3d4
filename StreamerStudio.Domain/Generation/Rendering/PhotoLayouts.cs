using SkiaSharp;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>
/// Layouts for a request with pictures: a screenshot full-bleed behind the text under a brand-tinted scrim, a
/// cut-out subject large on one side with a brand outline, glow or shadow, overlapping the text block, or both.
/// The seed varies side, scale, scrim and the subject's look. Text contrast still comes from <see cref="Scene.DrawText(string, SKRect, TextStyle)"/>,
/// which measures what is under each line; the scrim only makes a plate rarer.
/// </summary>
internal static class PhotoLayouts
{
    private enum Scrim { Side, Bottom, Tint }

    public static readonly IReadOnlyList<Layout> Landscape =
    [
        new("Photo Side", s => Wide(s, Scrim.Side)),
        new("Photo Low Third", s => Wide(s, Scrim.Bottom)),
        new("Photo Tinted", s => Wide(s, Scrim.Tint)),
    ];

    public static readonly IReadOnlyList<Layout> Vertical =
    [
        new("Photo Poster", s => Tall(s, textOnTop: true)),
        new("Photo Caption", s => Tall(s, textOnTop: false)),
    ];

    /// <summary>Overlays stay text and frames: a picture there would cover the gameplay they sit on.</summary>
    public static IReadOnlyList<Layout> For(AssetSpec spec) => spec.Type switch
    {
        AssetType.Overlay => [],
        AssetType.StoryGraphic or AssetType.ClipCover => Vertical,
        _ => Landscape,
    };

    /// <summary>16:9 and wider: subject on one side (the seed's), text on the other overlapping it.</summary>
    private static void Wide(Scene s, Scrim scrim)
    {
        var p = s.Palette;
        var safe = s.Safe;
        var subjectOnRight = !s.Mirror;
        var look = s.Rng.Pick([SubjectLook.Outline, SubjectLook.Glow, SubjectLook.Shadow]);
        var lookColour = s.Rng.Chance(0.5) ? p.Accent : Colour.White;

        // The subject: as tall as the safe area or taller, cut by the bottom edge, face inside the safe area.
        SKRect? subject = null;
        if (s.HasSubject)
        {
            var floor = Math.Min(s.H, safe.Bottom + safe.Height * 0.3f);
            var keyX = safe.Left + safe.Width * (subjectOnRight ? s.Rng.Range(0.7f, 0.8f) : s.Rng.Range(0.2f, 0.3f));
            var height = safe.Height * s.Rng.Range(1.0f, 1.3f);
            subject = PlaceSubject(s, height, keyX, floor, maxWidth: safe.Width * 0.55f);
        }

        var subjectCentre = subject is { } r ? new SKPoint(s.KeyArea(r).MidX, s.KeyArea(r).MidY) : new SKPoint(subjectOnRight ? s.W * 0.7f : s.W * 0.3f, s.H / 2);
        PaintBackground(s, subjectCentre, subject is not null);
        DrawScrim(s, scrim, textOnLeft: subjectOnRight);
        if (subject is { } placed)
        {
            s.DrawSubject(placed, look, lookColour);
        }

        // The text block: the side away from the subject, reaching a little over it the way gaming thumbnails do.
        var overlap = safe.Width * 0.06f;
        var column = subject is { } sr
            ? subjectOnRight
                ? new SKRect(safe.Left, safe.Top, Math.Clamp(sr.Left + overlap, safe.Left + safe.Width * 0.45f, safe.Left + safe.Width * 0.64f), safe.Bottom)
                : new SKRect(Math.Clamp(sr.Right - overlap, safe.Left + safe.Width * 0.36f, safe.Left + safe.Width * 0.55f), safe.Top, safe.Right, safe.Bottom)
            : scrim == Scrim.Side ? s.Side(new SKRect(safe.Left, safe.Top, safe.Left + safe.Width * 0.62f, safe.Bottom)) : safe;
        var align = subject is null && scrim != Scrim.Side ? HAlign.Center : subjectOnRight ? HAlign.Left : HAlign.Right;
        var valign = scrim == Scrim.Bottom ? VAlign.Bottom : VAlign.Middle;

        var logoHeight = s.HasLogo ? s.U * 10 : 0;
        if (s.HasLogo)
        {
            var slot = new SKRect(column.Left, column.Top, column.Left + column.Width * 0.3f, column.Top + logoHeight);
            s.DrawLogo(align == HAlign.Right ? new SKRect(column.Right - slot.Width, slot.Top, column.Right, slot.Bottom) : slot,
                align == HAlign.Right ? HAlign.Right : HAlign.Left, VAlign.Top);
            column = new SKRect(column.Left, column.Top + logoHeight + s.U * 2, column.Right, column.Bottom);
        }

        var effect = s.Tone.Tone is Tone.Professional or Tone.Educational ? TextEffect.SoftShadow : s.Rng.Pick([TextEffect.Outline, TextEffect.HardShadow]);
        var plate = scrim == Scrim.Tint && s.Rng.Chance(0.5) ? p.Accent : (SKColor?)null;
        s.TextColumn(column, valign, Styles.Headline(s, s.U * 24, align, plate is { } c ? Colour.OnColour(c) : Colour.White, plate is null ? effect : TextEffect.None, plate),
            Styles.Subline(s, s.U * 5, align, Colour.White), s.U * 3.6f, p.Accent);
    }

    /// <summary>9:16: the subject large in the lower (or upper) part of the safe area, the text in the other part.</summary>
    private static void Tall(Scene s, bool textOnTop)
    {
        var p = s.Palette;
        var safe = s.Safe;
        var look = s.Rng.Pick([SubjectLook.Outline, SubjectLook.Glow, SubjectLook.Shadow]);
        var lookColour = s.Rng.Chance(0.5) ? p.Accent : Colour.White;
        var textShare = s.Rng.Range(0.34f, 0.42f);
        var textBand = textOnTop
            ? new SKRect(safe.Left, safe.Top, safe.Right, safe.Top + safe.Height * textShare)
            : new SKRect(safe.Left, safe.Bottom - safe.Height * textShare, safe.Right, safe.Bottom);

        SKRect? subject = null;
        if (s.HasSubject)
        {
            var keyX = s.W * s.Rng.Range(0.42f, 0.58f);
            var height = safe.Height * s.Rng.Range(0.62f, 0.78f);
            if (textOnTop)
            {
                subject = PlaceSubject(s, height, keyX, Math.Min(s.H, safe.Bottom + safe.Height * 0.2f), maxWidth: s.W * 1.05f);
            }
            else
            {
                var probe = s.SubjectRect(height, new SKPoint(keyX, 0));
                var key = s.KeyArea(probe);
                var keyY = safe.Top + safe.Height * 0.06f + key.Height / 2;
                subject = s.SubjectRect(Math.Min(height, s.W * 1.05f / Math.Max(0.1f, probe.Width / probe.Height)), new SKPoint(keyX, keyY));
            }
        }

        var focus = subject is { } r ? new SKPoint(s.KeyArea(r).MidX, s.KeyArea(r).MidY) : new SKPoint(s.W / 2, textOnTop ? s.H * 0.65f : s.H * 0.4f);
        PaintBackground(s, focus, subject is not null);
        using (var shade = new SKPaint())
        {
            var solid = Colour.Alpha(p.Deep, 0.88f);
            var clear = Colour.Alpha(p.Deep, 0.1f);
            var (from, to) = textOnTop ? (new SKPoint(0, 0), new SKPoint(0, textBand.Bottom + safe.Height * 0.2f)) : (new SKPoint(0, s.H), new SKPoint(0, textBand.Top - safe.Height * 0.2f));
            using var shader = GradientShader.Linear(s.Full, from, to, [solid, solid, clear], [0, 0.45f, 1]);
            shade.Shader = shader;
            s.Canvas.DrawRect(s.Full, shade);
        }

        if (subject is { } placed)
        {
            s.DrawSubject(placed, look, lookColour);
        }

        if (s.HasLogo)
        {
            var y = textOnTop ? safe.Bottom - s.U * 14 : safe.Top;
            s.DrawLogo(new SKRect(safe.Left, y, safe.Left + safe.Width * 0.3f, y + s.U * 14), HAlign.Left, textOnTop ? VAlign.Bottom : VAlign.Top);
        }

        var effect = s.Tone.Tone is Tone.Professional or Tone.Educational ? TextEffect.SoftShadow : s.Rng.Pick([TextEffect.Outline, TextEffect.HardShadow]);
        s.TextColumn(textBand, textOnTop ? VAlign.Top : VAlign.Bottom, Styles.Headline(s, s.U * 22, HAlign.Center, Colour.White, effect),
            Styles.Subline(s, s.U * 5.5f, HAlign.Center, Colour.White), s.U * 4, p.Accent);
    }

    /// <summary>
    /// Places the subject's opaque extent so its key area (the face) is centred at <paramref name="keyX"/>, its foot
    /// at <paramref name="floor"/>, shrunk until the key area is inside the safe area.
    /// </summary>
    private static SKRect PlaceSubject(Scene s, float height, float keyX, float floor, float maxWidth)
    {
        var safe = s.Safe;
        var rect = SKRect.Empty;
        for (var i = 0; i < 12; i++, height *= 0.92f)
        {
            var probe = s.SubjectRect(height, new SKPoint(keyX, 0));
            if (probe.Width > maxWidth)
            {
                continue;
            }

            rect = ShapedText.Offset(probe, 0, floor - probe.Bottom);
            var key = s.KeyArea(rect);
            // Slide sideways into the safe area; then it fits when the face is below the top margin.
            var dx = key.Left < safe.Left ? safe.Left - key.Left : key.Right > safe.Right ? safe.Right - key.Right : 0;
            rect = ShapedText.Offset(rect, dx, 0);
            if (s.KeyArea(rect).Top >= safe.Top + s.U)
            {
                return rect;
            }
        }

        // Too tall for the floor: lift it so the face sits just inside the top of the safe area.
        var lifted = s.KeyArea(rect);
        return ShapedText.Offset(rect, 0, safe.Top + s.U - lifted.Top);
    }

    /// <summary>The screenshot with its focal point near <paramref name="focus"/>; without one, the brand gradient with a burst behind the subject.</summary>
    private static void PaintBackground(Scene s, SKPoint focus, bool subjectInFront)
    {
        var p = s.Palette;
        if (s.HasBackgroundImage)
        {
            s.DrawBackgroundPicture(focus, s.Rng.Range(1f, 1.12f));
            return;
        }

        Decor.Gradient(s, s.Full, p.Ground, Colour.Darken(p.Ground, 0.45f), s.Rng.Range(20, 160));
        if (subjectInFront)
        {
            Decor.Radial(s, focus, Math.Max(s.W, s.H) * 0.45f, Colour.Alpha(p.Accent, 0.85f), Colour.Alpha(p.Accent, 0));
            Decor.Rays(s, focus, s.Rng.Pick([12, 16, 20]), Colour.Alpha(Colour.White, 0.08f), s.Rng.Range(0, 20));
        }

        Decor.Texture(s, s.Full, Colour.White, 0.6f);
    }

    /// <summary>A brand-tinted scrim over the picture, darkest where the text goes.</summary>
    private static void DrawScrim(Scene s, Scrim scrim, bool textOnLeft)
    {
        var p = s.Palette;
        var textSide = textOnLeft ? (From: new SKPoint(0, 0), To: new SKPoint(s.W * 0.75f, 0)) : (From: new SKPoint(s.W, 0), To: new SKPoint(s.W * 0.25f, 0));
        using var shader = scrim switch
        {
            Scrim.Side => GradientShader.Linear(s.Full, textSide.From, textSide.To,
                [Colour.Alpha(p.Deep, 0.9f), Colour.Alpha(p.Deep, 0.75f), Colour.Alpha(p.Base, 0.05f)], [0, 0.5f, 1]),
            Scrim.Bottom => GradientShader.Linear(s.Full, new SKPoint(0, s.H), new SKPoint(0, s.H * 0.2f),
                [Colour.Alpha(p.Deep, 0.92f), Colour.Alpha(p.Deep, 0.6f), Colour.Alpha(p.Base, 0.08f)], [0, 0.45f, 1]),
            _ => GradientShader.Linear(s.Full, new SKPoint(0, 0), new SKPoint(s.W, s.H), [Colour.Alpha(p.Deep, 0.7f), Colour.Alpha(p.Base, 0.45f)]),
        };
        using var paint = new SKPaint { Shader = shader };
        s.Canvas.DrawRect(s.Full, paint);
    }
}
