using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>Where a block of text ended up and how it reads: what the tests and the viral score look at.</summary>
internal sealed record TextBox(
    string Role,
    string Text,
    SKRect Bounds,
    SKRect Ink,
    IReadOnlyList<SKRect> LineInk,
    SKColor Fill,
    double Contrast,
    float FontSize,
    float CapHeight,
    int Lines,
    bool Truncated,
    bool MissingGlyphs);

/// <summary>How one block of text looks. Fill is a wish: it is swapped or given a plate when it would not read.</summary>
internal sealed record TextStyle(
    string Role,
    FitOptions Fit,
    SKColor Fill,
    bool HeadlineFont = true,
    bool Bold = true,
    TextEffect Effect = TextEffect.None,
    SKColor? EffectColour = null,
    SKColor? LinePlate = null,
    bool Uppercase = false);

/// <summary>
/// One render in progress: the canvas, the brand resolved for this seed, and the helpers every layout uses to
/// place text (fitted, shaped, legible) and the logo (inside the safe area). Records what it drew where.
/// </summary>
/// <summary>How a cut-out is set off from what is behind it.</summary>
internal enum SubjectLook { Outline, Glow, Shadow }

/// <summary>Something drawn that is not text, as the score sees it.</summary>
internal sealed record ScoredElement(string Role, SKRect Box)
{
    public const string SubjectKey = "subject's key area";
}

internal sealed class Scene : IDisposable
{
    public const double MinContrast = 4.5;

    private readonly SKBitmap _bitmap;
    private readonly SKBitmap? _logo;
    private readonly SKBitmap? _background;
    private readonly Picture? _subject;

    public Scene(RenderRequest request, Prng rng)
    {
        Request = request;
        Spec = request.Spec;
        Rng = rng;
        Palette = Palette.From(request.Brand, rng);
        Tone = ToneStyle.For(request.Brand.Tone, rng);
        Mirror = rng.Chance(0.5);
        // Opaque assets get an opaque bitmap: the PNG is then written as RGB, a quarter smaller.
        // Kept memory: every pixel is cleared below before anything is drawn.
        _bitmap = PixelMemory.NewBitmap(new SKImageInfo(Spec.Width, Spec.Height, Pixels.Type, Spec.Transparent ? SKAlphaType.Premul : SKAlphaType.Opaque));
        Canvas = new SKCanvas(_bitmap);
        Canvas.Clear(Spec.Transparent ? SKColors.Transparent : Palette.Deep);
        Safe = SafeRect(Spec);
        _logo = Decode(request.Brand.LogoPng, null);
        if (request.Background is { Length: > 0 } background && ImageSniffer.Detect(background) is null)
        {
            throw new ArgumentException("The background is not a PNG, JPEG or WebP image.", nameof(request));
        }

        if (request.Subject is { Length: > 0 } subject && ImageSniffer.Detect(subject) is null)
        {
            throw new ArgumentException("The subject is not a PNG, JPEG or WebP image.", nameof(request));
        }

        // Pictures are decoded no larger than needed to cover the canvas with room to zoom (a 4096-pixel upload
        // would otherwise be decoded whole and shrunk on every draw).
        var room = new SKSize(W * 1.2f, H * 1.2f);
        _background = Decode(request.Background, room);
        BackgroundFocus = _background is null ? null : request.BackgroundFocus ?? Focus.OfPicture(_background);
        var subjectBitmap = Decode(request.Subject, room);
        _subject = subjectBitmap is null ? null : Picture.Cutout(subjectBitmap, request.SubjectFocus);
    }

    public RenderRequest Request { get; }
    public AssetSpec Spec { get; }
    public Prng Rng { get; }
    public Palette Palette { get; }
    public ToneStyle Tone { get; }
    /// <summary>Seeded left/right flip: layouts put their heavy side left or right.</summary>
    public bool Mirror { get; }
    public SKCanvas Canvas { get; }
    public SKBitmap Bitmap => _bitmap;
    public SKRect Safe { get; }
    public float W => Spec.Width;
    public float H => Spec.Height;
    public SKRect Full => new(0, 0, W, H);
    /// <summary>A length relative to the canvas: the same design reads the same at 1080 or 2560 wide.</summary>
    public float U => Math.Min(W, H) / 100f;
    public bool HasLogo => _logo is not null;
    public bool HasBackgroundImage => _background is not null;
    public bool HasSubject => _subject is not null;
    /// <summary>Where the important part of the background picture is: given with the request, else estimated.</summary>
    public FocalPoint? BackgroundFocus { get; }
    /// <summary>The subject's opaque extent and its key area (the face, as fractions of that extent), when there is one.</summary>
    public Picture? Subject => _subject;
    public List<TextBox> Texts { get; } = [];
    public SKRect? LogoBox { get; private set; }
    public SKRect? BadgeBox { get; private set; }
    /// <summary>Where the subject's opaque pixels went, and its key area (the face) within them.</summary>
    public SKRect? SubjectBox { get; private set; }
    public SKRect? SubjectKey { get; private set; }

    /// <summary>Everything placed on the canvas that a viewer reads as a separate thing, for the score.</summary>
    public IReadOnlyList<ScoredElement> Elements()
    {
        var elements = new List<ScoredElement>();
        if (LogoBox is { } logo)
        {
            elements.Add(new("logo", logo));
        }

        if (BadgeBox is { } badge)
        {
            elements.Add(new("badge", badge));
        }

        if (SubjectBox is { } subject)
        {
            elements.Add(new("subject", subject));
        }

        if (SubjectKey is { } key)
        {
            elements.Add(new(ScoredElement.SubjectKey, key));
        }

        return elements;
    }

    public SKTypeface HeadlineFace(bool bold) => FontLibrary.Get(Request.Brand.HeadlineFont, bold);

    public SKTypeface BodyFace(bool bold) => FontLibrary.Get(Request.Brand.BodyFont, bold);

    public string Headline => Tone.Uppercase ? Request.Headline.Trim().ToUpperInvariant() : Request.Headline.Trim();

    public string? Subline => string.IsNullOrWhiteSpace(Request.Subline) ? null : Request.Subline.Trim();

    public string? Badge => string.IsNullOrWhiteSpace(Request.Badge) ? null : Request.Badge.Trim().ToUpperInvariant();

    /// <summary>Mirrors a rectangle across the vertical centre line when the seed flipped the layout.</summary>
    public SKRect Side(SKRect r) => Mirror ? new SKRect(W - r.Right, r.Top, W - r.Left, r.Bottom) : r;

    public float SideX(float x) => Mirror ? W - x : x;

    public HAlign SideAlign(HAlign align) => !Mirror ? align : align switch
    {
        HAlign.Left => HAlign.Right,
        HAlign.Right => HAlign.Left,
        _ => HAlign.Center,
    };

    /// <summary>The AI background when one came with the request (cover-fit, tinted towards the brand); otherwise the layout's own.</summary>
    public void Background(Action drawBrandBackground, float tint = 0.35f)
    {
        if (_background is null)
        {
            drawBrandBackground();
            return;
        }

        DrawBackgroundPicture(new SKPoint(W / 2, H / 2));
        using var shader = GradientShader.Linear(Full, new SKPoint(0, 0), new SKPoint(W, H), [Colour.Alpha(Palette.Deep, tint + 0.15f), Colour.Alpha(Palette.Base, tint)]);
        using var shade = new SKPaint { Shader = shader };
        Canvas.DrawRect(Full, shade);
    }

    /// <summary>
    /// Draws the background picture over the whole canvas, scaled to cover it and moved so its focal point lands as
    /// near the target as the picture allows (it always covers the canvas): the important part stays in every crop.
    /// </summary>
    public void DrawBackgroundPicture(SKPoint target, float zoom = 1f)
    {
        if (_background is null)
        {
            return;
        }

        var focus = BackgroundFocus ?? new FocalPoint(0.5f, 0.5f);
        var scale = Math.Max(W / _background.Width, H / _background.Height) * Math.Max(1f, zoom);
        var w = _background.Width * scale;
        var h = _background.Height * scale;
        var left = Math.Clamp(target.X - focus.X * w, W - w, 0);
        var top = Math.Clamp(target.Y - focus.Y * h, H - h, 0);
        using var image = SKImage.FromBitmap(_background);
        Canvas.DrawImage(image, new SKRect(left, top, left + w, top + h), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), null);
    }

    /// <summary>Where the subject's opaque extent goes for a given height, with its key area's top-left at the point asked for.</summary>
    public SKRect SubjectRect(float height, SKPoint keyCentre)
    {
        var picture = _subject ?? throw new InvalidOperationException("No subject.");
        var width = height * picture.Aspect;
        var left = keyCentre.X - picture.Key.MidX * width;
        var top = keyCentre.Y - picture.Key.MidY * height;
        return new SKRect(left, top, left + width, top + height);
    }

    /// <summary>The key area (the face) of the subject were its opaque extent drawn at <paramref name="rect"/>.</summary>
    public SKRect KeyArea(SKRect rect)
    {
        var key = (_subject ?? throw new InvalidOperationException("No subject.")).Key;
        return new SKRect(rect.Left + key.Left * rect.Width, rect.Top + key.Top * rect.Height, rect.Left + key.Right * rect.Width, rect.Top + key.Bottom * rect.Height);
    }

    /// <summary>
    /// Draws the cut-out with its opaque extent at <paramref name="rect"/> and a brand-coloured outline, glow or
    /// shadow around its silhouette. The silhouette is blurred or grown at a quarter of the size: the same look
    /// at a sixteenth of the pixels.
    /// </summary>
    public void DrawSubject(SKRect rect, SubjectLook look, SKColor colour)
    {
        if (_subject is not { } picture)
        {
            return;
        }

        var scale = rect.Width / picture.Opaque.Width;
        var dest = new SKRect(rect.Left - picture.Opaque.Left * scale, rect.Top - picture.Opaque.Top * scale,
            rect.Left + (picture.Bitmap.Width - picture.Opaque.Left) * scale, rect.Top + (picture.Bitmap.Height - picture.Opaque.Top) * scale);
        // Shrunk once to the size it is drawn at, then drawn without mipmaps (see Pixels.Shrink).
        using var shrunk = dest.Width < picture.Bitmap.Width * 0.95f ? Pixels.Shrink(picture.Bitmap, (int)Math.Ceiling(dest.Width)) : null;
        shrunk?.SetImmutable();
        using var image = SKImage.FromBitmap(shrunk ?? picture.Bitmap);
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);

        // The silhouette, a quarter size with room around it for the effect to spread.
        const int quarter = 4;
        var reach = U * look switch { SubjectLook.Outline => 1.4f, SubjectLook.Glow => 4f, _ => 2.5f };
        var pad = (int)Math.Ceiling(reach * 2 / quarter) + 2;
        var visible = SKRect.Intersect(Inflate(rect, reach * 2), Full);
        if (!visible.IsEmpty)
        {
            var sw = (int)Math.Ceiling(visible.Width / quarter) + 2 * pad;
            var sh = (int)Math.Ceiling(visible.Height / quarter) + 2 * pad;
            using var silhouette = new SKBitmap(new SKImageInfo(sw, sh, Pixels.Type, SKAlphaType.Premul));
            using (var c = new SKCanvas(silhouette))
            {
                c.Clear(SKColors.Transparent);
                c.Translate(pad - visible.Left / quarter, pad - visible.Top / quarter);
                c.Scale(1f / quarter);
                using var silhouetteColour = SKColorFilter.CreateBlendMode(colour, SKBlendMode.SrcIn);
                using var tint = new SKPaint { ColorFilter = silhouetteColour };
                c.DrawImage(image, dest, sampling, tint);
            }

            using var grown = new SKBitmap(silhouette.Info);
            using (var c = new SKCanvas(grown))
            {
                c.Clear(SKColors.Transparent);
                var r = reach / quarter;
                using var filter = look switch
                {
                    SubjectLook.Outline => SKImageFilter.CreateBlur(0.6f, 0.6f, SKImageFilter.CreateDilate(r, r)),
                    SubjectLook.Glow => SKImageFilter.CreateBlur(r / 2, r / 2, SKImageFilter.CreateDilate(r / 3, r / 3)),
                    _ => SKImageFilter.CreateBlur(r / 4, r / 4),
                };
                using var paint = new SKPaint { ImageFilter = filter };
                c.DrawBitmap(silhouette, 0, 0, paint);
            }

            var offset = look == SubjectLook.Shadow ? new SKPoint(reach * (Mirror ? 1 : -1), reach * 0.8f) : SKPoint.Empty;
            var back = new SKRect(visible.Left - pad * quarter + offset.X, visible.Top - pad * quarter + offset.Y,
                visible.Left - pad * quarter + sw * quarter + offset.X, visible.Top - pad * quarter + sh * quarter + offset.Y);
            using var grownImage = SKImage.FromBitmap(grown);
            using var alpha = new SKPaint { Color = SKColors.White.WithAlpha(look == SubjectLook.Shadow ? (byte)200 : (byte)255) };
            Canvas.DrawImage(grownImage, back, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), alpha);
            if (look == SubjectLook.Glow)
            {
                Canvas.DrawImage(grownImage, back, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), alpha);
            }
        }

        Canvas.DrawImage(image, dest, sampling, null);
        SubjectBox = SKRect.Intersect(rect, Full);
        SubjectKey = KeyArea(rect);
    }

    /// <summary>
    /// Fits the text into the box (clipped to the safe area), measures the pixels already drawn under each line
    /// and picks a fill that reaches 4.5:1 against all of them; when no fill does, lays a plate under the text
    /// and raises its opacity until one does.
    /// </summary>
    public TextBox DrawText(string text, SKRect box, TextStyle style) => DrawText(Measure(text, box, style), style);

    /// <summary>Fits without drawing, so a layout can stack blocks by their real heights before it draws them.</summary>
    public Measured Measure(string text, SKRect box, TextStyle style)
    {
        box = SKRect.Intersect(box, Safe);
        var face = style.HeadlineFont ? HeadlineFace(style.Bold) : BodyFace(style.Bold);
        var content = style.Uppercase ? text.ToUpperInvariant() : text;

        // Outlines, shadows and line plates stick out of the ink; fit into a box shrunk by that much so the
        // whole drawn text stays inside the safe area. The pad depends on the size, so fit twice.
        var padFactor = PadFactor(style);
        var fitted = TextFitter.Fit(content, face, style.Bold, Deflate(box, padFactor * style.Fit.MaxSize), style.Fit);
        var second = TextFitter.Fit(content, face, style.Bold, Deflate(box, padFactor * fitted.Size), style.Fit);
        if (TextFitter.Inside(Inflate(second.Ink, padFactor * second.Size), box))
        {
            fitted = second;
        }

        var bounds = Inflate(fitted.Ink, padFactor * fitted.Size);
        var plates = style.LinePlate is null ? [] : LinePlates(fitted);
        foreach (var plate in plates)
        {
            bounds = SKRect.Union(bounds, plate);
        }

        return new Measured(fitted, bounds, plates, padFactor * fitted.Size);
    }

    /// <summary>A fitted block not yet drawn; Bounds include outline, shadow and plates.</summary>
    public sealed record Measured(FittedText Fitted, SKRect Bounds, IReadOnlyList<SKRect> Plates, float Pad)
    {
        public Measured MoveTo(float top) => Offset(0, top - Bounds.Top);

        public Measured Offset(float dx, float dy) => this with
        {
            Fitted = Fitted with
            {
                Runs = Fitted.Runs.Select(r => r with { X = r.X + dx, Baseline = r.Baseline + dy }).ToList(),
                LineInk = Fitted.LineInk.Select(r => ShapedText.Offset(r, dx, dy)).ToList(),
                Ink = ShapedText.Offset(Fitted.Ink, dx, dy),
            },
            Bounds = ShapedText.Offset(Bounds, dx, dy),
            Plates = Plates.Select(r => ShapedText.Offset(r, dx, dy)).ToList(),
        };
    }

    public TextBox DrawText(Measured measured, TextStyle style)
    {
        var fitted = measured.Fitted;
        var plates = measured.Plates;
        if (style.LinePlate is { } plateColour)
        {
            foreach (var plate in plates)
            {
                using var paint = new SKPaint { Color = plateColour, IsAntialias = true };
                Canvas.DrawRect(plate, paint);
            }
        }

        var samples = Sample(fitted.LineInk);
        var (fill, contrast) = PickFill(style.Fill, samples);
        var bounds = measured.Bounds;
        if (contrast < MinContrast)
        {
            SKRect scrim;
            (fill, contrast, scrim) = DrawScrim(fitted, samples, style.Fill);
            // The plate is part of what a viewer sees of the text: the safe-area check must see it too.
            bounds = SKRect.Union(bounds, scrim);
        }

        DrawEffects(fitted, style, fill);
        using (var blob = Blob(fitted, includeEmoji: true))
        using (var paint = new SKPaint { Color = fill, IsAntialias = true })
        {
            if (blob is not null)
            {
                if (style.Effect == TextEffect.SoftShadow)
                {
                    // Dark text gets a light halo instead: a dark shadow would eat into its contrast. A blurred copy
                    // underneath (a mask filter) rather than a drop-shadow image filter: the same look, but Skia
                    // runs image filters through its slow pipeline here (about 25 ms for a three-line headline).
                    var shadow = Colour.Luminance(fill) > 0.18 ? Colour.Alpha(SKColors.Black, 0.55f) : Colour.Alpha(SKColors.White, 0.45f);
                    using var soften = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, fitted.Size * 0.06f);
                    using var blur = new SKPaint { Color = shadow, IsAntialias = true, MaskFilter = soften };
                    Canvas.DrawText(blob, 0, fitted.Size * 0.04f, blur);
                }

                Canvas.DrawText(blob, 0, 0, paint);
            }
        }

        var result = new TextBox(style.Role, fitted.Text, bounds, fitted.Ink, fitted.LineInk, fill, contrast, fitted.Size, fitted.CapHeight, fitted.Lines, fitted.Truncated, fitted.MissingGlyphs);
        Texts.Add(result);
        return result;
    }

    /// <summary>
    /// The usual stack, badge over headline over subline, placed by the blocks' real heights inside the column
    /// (clipped to the safe area). The headline gets most of the room; the subline never more than a quarter.
    /// </summary>
    public (TextBox Headline, TextBox? Subline, SKRect Bounds) TextColumn(SKRect column, VAlign valign, TextStyle headline, TextStyle? subline, float badgeHeight = 0, SKColor? badgeColour = null)
    {
        column = SKRect.Intersect(column, Safe);
        var align = headline.Fit.Align;
        var hasBadge = Badge is not null && badgeHeight > 0;
        var badgeBlock = hasBadge ? badgeHeight * 2.01f : 0;
        var badgeGap = hasBadge ? badgeHeight * 0.9f : 0;
        var hasSub = Subline is not null && subline is not null;
        var available = column.Height - badgeBlock - badgeGap;
        var headBox = new SKRect(column.Left, column.Top, column.Right, column.Top + available * (hasSub ? 0.74f : 1f));
        var head = Measure(Headline, headBox, headline);
        var gap = Math.Min(head.Fitted.Size * 0.28f, available * 0.09f);
        Measured? sub = null;
        if (hasSub)
        {
            var room = Math.Min(available * 0.26f, available - head.Bounds.Height - gap);
            sub = Measure(Subline!, new SKRect(column.Left, column.Top, column.Right, column.Top + Math.Max(room, 1)), subline!);
        }

        var total = badgeBlock + badgeGap + head.Bounds.Height + (sub is null ? 0 : gap + sub.Bounds.Height);
        var top = valign switch
        {
            VAlign.Top => column.Top,
            VAlign.Bottom => column.Bottom - total,
            _ => column.MidY - total / 2,
        };

        if (hasBadge)
        {
            var x = align switch { HAlign.Right => column.Right, HAlign.Center => column.MidX, _ => column.Left };
            DrawBadge(new SKPoint(x, top), badgeHeight, badgeColour ?? Palette.Accent, align, column.Width);
        }

        var headDrawn = DrawText(head.MoveTo(top + badgeBlock + badgeGap), headline);
        TextBox? subDrawn = null;
        if (sub is not null)
        {
            // Placed by the measured heights, as the total was: a plate drawn under the headline must not push it down.
            subDrawn = DrawText(sub.MoveTo(top + badgeBlock + badgeGap + head.Bounds.Height + gap), subline!);
        }

        return (headDrawn, subDrawn, new SKRect(column.Left, top, column.Right, top + total));
    }

    /// <summary>Draws the logo contained in the slot (clipped to the safe area) and records where; nothing when the brand has none.</summary>
    public SKRect? DrawLogo(SKRect slot, HAlign align = HAlign.Center, VAlign valign = VAlign.Middle, SKColor? backing = null)
    {
        if (_logo is null)
        {
            return null;
        }

        slot = SKRect.Intersect(slot, Safe);
        var inner = backing is null ? slot : Deflate(slot, Math.Min(slot.Width, slot.Height) * 0.12f);
        var scale = Math.Min(inner.Width / _logo.Width, inner.Height / _logo.Height);
        var w = _logo.Width * scale;
        var h = _logo.Height * scale;
        var x = align switch { HAlign.Left => inner.Left, HAlign.Right => inner.Right - w, _ => inner.MidX - w / 2 };
        var y = valign switch { VAlign.Top => inner.Top, VAlign.Bottom => inner.Bottom - h, _ => inner.MidY - h / 2 };
        var rect = new SKRect(x, y, x + w, y + h);
        if (backing is { } colour)
        {
            var pad = Math.Min(slot.Width, slot.Height) * 0.1f;
            var plate = SKRect.Intersect(Inflate(rect, pad), slot);
            using var paint = new SKPaint { Color = colour, IsAntialias = true };
            Canvas.DrawRoundRect(plate, Tone.Radius * U / 10 + pad * 0.5f, Tone.Radius * U / 10 + pad * 0.5f, paint);
            rect = plate;
        }

        // As the cut-out: shrunk once to the drawn size, then drawn without mipmaps, which Skia would otherwise build
        // for every draw (about a quarter of a thumbnail's drawing time for a 256 px logo).
        using var shrunk = w < _logo.Width * 0.95f ? Pixels.Shrink(_logo, Math.Max(1, (int)Math.Ceiling(w))) : null;
        shrunk?.SetImmutable();
        using var image = SKImage.FromBitmap(shrunk ?? _logo);
        Canvas.DrawImage(image, new SKRect(x, y, x + w, y + h), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), null);
        LogoBox = rect;
        return rect;
    }

    /// <summary>A pill or tag with the badge text (LIVE, NEW, EP 12); size comes from the text height asked for.</summary>
    public SKRect? DrawBadge(SKPoint anchor, float textHeight, SKColor colour, HAlign align = HAlign.Left, float maxWidth = 0, bool pill = true)
    {
        if (Badge is not { } badge)
        {
            return null;
        }

        var padX = textHeight * 0.55f;
        var padY = textHeight * 0.38f;
        var width = maxWidth > 0 ? maxWidth : Safe.Width * 0.45f;
        var face = BodyFace(true);
        var probe = TextFitter.Fit(badge, face, true, new SKRect(0, 0, width - 2 * padX, textHeight * 1.6f),
            new FitOptions(textHeight * 1.25f, textHeight * 0.5f, 1, Align: HAlign.Left, VAlign: VAlign.Top));
        var w = probe.Ink.Width + 2 * padX + 2;
        var h = textHeight * 1.25f + 2 * padY;
        var left = align switch { HAlign.Right => anchor.X - w, HAlign.Center => anchor.X - w / 2, _ => anchor.X };
        var rect = SKRect.Intersect(new SKRect(left, anchor.Y, left + w, anchor.Y + h), Safe);
        using (var paint = new SKPaint { Color = colour, IsAntialias = true })
        {
            var r = pill ? h / 2 : Math.Min(Tone.Radius * U / 12, h / 3);
            Canvas.DrawRoundRect(rect, r, r, paint);
        }

        if (badge is "LIVE" or "● LIVE")
        {
            // A live dot reads as "live" at any size, in any language.
            var dot = h * 0.16f;
            using var dotPaint = new SKPaint { Color = Colour.OnColour(colour), IsAntialias = true };
            Canvas.DrawCircle(rect.Left + padX * 0.9f, rect.MidY, dot, dotPaint);
            rect = new SKRect(rect.Left + padX * 0.9f + dot, rect.Top, rect.Right, rect.Bottom);
        }

        BadgeBox = rect;
        DrawText(badge, Deflate(rect, padY * 0.5f), new TextStyle("badge",
            new FitOptions(textHeight * 1.25f, textHeight * 0.5f, 1, Align: HAlign.Center), Colour.OnColour(colour), HeadlineFont: false));
        return rect;
    }

    private static float PadFactor(TextStyle style) => (style.Effect switch
    {
        TextEffect.Outline => 0.06f,
        TextEffect.HardShadow => 0.07f,
        TextEffect.Glow => 0.1f,
        TextEffect.SoftShadow => 0.08f,
        _ => 0.01f,
    }) + (style.LinePlate is null ? 0 : 0.2f);

    private static List<SKRect> LinePlates(FittedText fitted)
    {
        var padX = fitted.Size * 0.2f;
        var padY = fitted.Size * 0.1f;
        return fitted.LineInk.Where(r => !r.IsEmpty).Select(r => new SKRect(r.Left - padX, r.Top - padY, r.Right + padX, r.Bottom + padY)).ToList();
    }

    /// <summary>Opaque colours seen under the text. A semi-transparent pixel counts twice, over black and over white: what shows through is unknown.</summary>
    private List<SKColor> Sample(IReadOnlyList<SKRect> lines)
    {
        var samples = new List<SKColor>();
        var pixels = _bitmap.GetPixelSpan();
        var stride = _bitmap.RowBytes;
        foreach (var line in lines.Where(l => !l.IsEmpty))
        {
            var area = SKRectI.Intersect(SKRectI.Round(line), new SKRectI(0, 0, _bitmap.Width, _bitmap.Height));
            var step = Math.Max(2, (int)Math.Sqrt(area.Width * (double)area.Height / 6000));
            for (var y = area.Top; y < area.Bottom; y += step)
            {
                for (var x = area.Left; x < area.Right; x += step)
                {
                    var i = y * stride + x * 4;
                    byte r = pixels[i + Pixels.R], g = pixels[i + Pixels.G], b = pixels[i + Pixels.B], a = pixels[i + Pixels.A];
                    if (a == 255)
                    {
                        samples.Add(new SKColor(r, g, b));
                    }
                    else
                    {
                        // Premultiplied: over black is the stored value, over white adds the missing coverage.
                        samples.Add(new SKColor(r, g, b));
                        samples.Add(new SKColor((byte)(r + 255 - a), (byte)(g + 255 - a), (byte)(b + 255 - a)));
                    }
                }
            }
        }

        return samples;
    }

    private static (SKColor Fill, double Contrast) PickFill(SKColor wish, List<SKColor> samples)
    {
        (SKColor, double) best = (wish, 0);
        foreach (var candidate in (SKColor[])[wish, Colour.White, Colour.Ink, SKColors.Black])
        {
            var contrast = WorstContrast(candidate, samples);
            if (contrast >= MinContrast)
            {
                return (candidate, contrast);
            }

            if (contrast > best.Item2)
            {
                best = (candidate, contrast);
            }
        }

        return best;
    }

    internal static double WorstContrast(SKColor fill, IEnumerable<SKColor> samples)
    {
        var lf = Colour.Luminance(fill);
        var worst = 21.0;
        foreach (var s in samples)
        {
            worst = Math.Min(worst, Colour.Contrast(lf, Colour.Luminance(s)));
        }

        return worst;
    }

    /// <summary>A rounded plate under the whole block, as light as will do: the design still shows through when it can.</summary>
    private (SKColor Fill, double Contrast, SKRect Plate) DrawScrim(FittedText fitted, List<SKColor> samples, SKColor wish)
    {
        var darkText = Colour.Luminance(wish) < 0.18;
        var plateColour = darkText ? Palette.Light : Palette.Deep;
        var fill = darkText ? (Colour.Contrast(wish, plateColour) >= MinContrast ? wish : Colour.Ink) : (Colour.Contrast(wish, plateColour) >= MinContrast ? wish : Colour.White);
        var alpha = 1f;
        double contrast = 0;
        foreach (var a in (float[])[0.6f, 0.72f, 0.84f, 0.92f, 1f])
        {
            contrast = WorstContrast(fill, samples.Select(s => Colour.Mix(s, plateColour, a)));
            alpha = a;
            if (contrast >= MinContrast)
            {
                break;
            }
        }

        var pad = fitted.Size * 0.22f;
        // Clipped to the safe area (the ink is inside it already), so a plate never pokes out under platform chrome.
        var plate = SKRect.Intersect(new SKRect(fitted.Ink.Left - pad, fitted.Ink.Top - pad * 0.7f, fitted.Ink.Right + pad, fitted.Ink.Bottom + pad * 0.7f), Safe);
        using var paint = new SKPaint { Color = Colour.Alpha(plateColour, alpha), IsAntialias = true };
        var radius = Math.Min(Tone.Radius * U / 10, plate.Height / 3);
        Canvas.DrawRoundRect(plate, radius, radius, paint);
        return (fill, contrast, plate);
    }

    private void DrawEffects(FittedText fitted, TextStyle style, SKColor fill)
    {
        if (style.Effect is TextEffect.None or TextEffect.SoftShadow)
        {
            return;
        }

        var wish = style.EffectColour ?? (Colour.Luminance(fill) > 0.4 ? Palette.Deep : Colour.White);
        var colour = Colour.Separate(wish, fill, MinContrast);
        var size = fitted.Size;
        switch (style.Effect)
        {
            case TextEffect.HardShadow:
            {
                using var blob = Blob(fitted, includeEmoji: true, dx: size * 0.045f, dy: size * 0.055f);
                using var solid = SKColorFilter.CreateBlendMode(colour, SKBlendMode.SrcIn);
                using var paint = new SKPaint { Color = colour, IsAntialias = true, ColorFilter = solid };
                if (blob is not null)
                {
                    Canvas.DrawText(blob, 0, 0, paint);
                }

                break;
            }
            case TextEffect.Outline:
            {
                using var blob = Blob(fitted, includeEmoji: false);
                using var paint = new SKPaint { Color = colour, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = size * 0.1f, StrokeJoin = SKStrokeJoin.Round };
                if (blob is not null)
                {
                    Canvas.DrawText(blob, 0, 0, paint);
                }

                break;
            }
            case TextEffect.Glow:
            {
                using var blob = Blob(fitted, includeEmoji: false);
                using var soften = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, size * 0.05f);
                using var paint = new SKPaint { Color = Colour.Alpha(colour, 0.9f), IsAntialias = true, MaskFilter = soften };
                if (blob is not null)
                {
                    Canvas.DrawText(blob, 0, 0, paint);
                    Canvas.DrawText(blob, 0, 0, paint);
                }

                break;
            }
        }
    }

    private static SKTextBlob? Blob(FittedText fitted, bool includeEmoji, float dx = 0, float dy = 0)
    {
        using var builder = new SKTextBlobBuilder();
        var any = false;
        foreach (var placed in fitted.Runs)
        {
            if (placed.Run.Glyphs.Length == 0 || (!includeEmoji && placed.Run.Emoji))
            {
                continue;
            }

            using var font = ShapedText.MakeFont(placed.Run.Typeface, fitted.Size);
            var points = placed.Run.Positions.Select(p => new SKPoint(placed.X + dx + p.X * fitted.Size, placed.Baseline + dy + p.Y * fitted.Size)).ToArray();
            builder.AddPositionedRun(placed.Run.Glyphs, font, points);
            any = true;
        }

        return any ? builder.Build() : null;
    }

    /// <summary>The spec's safe area, the one the asset page outlines: layouts place inside it and the score checks against it.</summary>
    public static SKRect SafeRect(AssetSpec spec) => new(spec.SafeArea.X, spec.SafeArea.Y, spec.SafeArea.Right, spec.SafeArea.Bottom);

    public static SKRect Inflate(SKRect r, float by) => r.IsEmpty ? r : new SKRect(r.Left - by, r.Top - by, r.Right + by, r.Bottom + by);

    public static SKRect Deflate(SKRect r, float by)
    {
        by = Math.Min(by, Math.Min(r.Width, r.Height) / 4);
        return new SKRect(r.Left + by, r.Top + by, r.Right - by, r.Bottom - by);
    }

    /// <summary>
    /// Decodes straight into one pixel format (the renderer's <see cref="Pixels"/>, premultiplied), no larger than
    /// needed to cover <paramref name="cover"/> when given, and marks the result immutable: <c>SKImage.FromBitmap</c>
    /// then shares its pixels instead of copying them. JPEG and WebP decode at a reduced scale directly; PNG decodes
    /// whole and is shrunk once.
    /// </summary>
    private static SKBitmap? Decode(byte[]? bytes, SKSize? cover)
    {
        if (bytes is not { Length: > 0 })
        {
            return null;
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return null;
        }

        var size = codec.Info.Size;
        var scale = cover is { } c ? Math.Min(1f, Math.Max(c.Width / size.Width, c.Height / size.Height)) : 1f;
        var decodeSize = scale < 1f ? codec.GetScaledDimensions(scale) : size;
        var decoded = SKBitmap.Decode(codec, new SKImageInfo(decodeSize.Width, decodeSize.Height, Pixels.Type, SKAlphaType.Premul));
        if (decoded is not null && scale < 1f && decoded.Width > size.Width * scale * 1.25f)
        {
            var target = new SKImageInfo(Math.Max(1, (int)MathF.Round(size.Width * scale)), Math.Max(1, (int)MathF.Round(size.Height * scale)), Pixels.Type, SKAlphaType.Premul);
            var shrunk = decoded.Resize(target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            decoded.Dispose();
            decoded = shrunk;
        }

        decoded?.SetImmutable();
        return decoded;
    }

    public void Dispose()
    {
        Canvas.Dispose();
        _bitmap.Dispose();
        _logo?.Dispose();
        _background?.Dispose();
        _subject?.Dispose();
    }
}
