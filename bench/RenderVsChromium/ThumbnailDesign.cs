using System.Globalization;
using System.Text;
using SkiaSharp;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace RenderVsChromium;

/// <summary>
/// The one design both sides draw: a 1280×720 YouTube thumbnail in the "Split Slash" layout — gradient ground with
/// soft blobs, a slanted accent block with a white slash, rings and the logo in the block, a LIVE pill, a three-line
/// Anton headline with a blurred drop shadow, and an Inter Bold subline. Ours is <see cref="AssetRenderer"/>; the
/// browser gets HTML/CSS placed where ours put each element, with the same colours and font files.
/// </summary>
internal sealed class ThumbnailDesign
{
    public const string LayoutName = "Split Slash";
    public const string Headline = "Road to Grandmaster in one night";
    public const string Subline = "Ranked every night at 8";
    public const string Badge = "LIVE";

    // Any seed renders the layout asked for; this one puts the block on the left (the seed also picks the mirror).
    private const int Seed = 2;

    // CSS family names of their own, so a missing web font can never fall back to a system face silently.
    public const string HeadlineFamily = "Bench Anton";
    public const string BodyFamily = "Bench Inter";

    private readonly AssetRenderer _renderer = new();

    private ThumbnailDesign(byte[] logo)
    {
        Logo = logo;
        // One primary and one accent: the palette then comes out the same whatever the seed, so the HTML can use it.
        Brand = new BrandStyle(["#6D28D9"], ["#F472B6"], "Anton", "Inter", Tone.Casual, logo);
    }

    public static AssetSpec Spec { get; } = AssetCatalogue.For(AssetType.Thumbnail, null);

    public BrandStyle Brand { get; }

    public byte[] Logo { get; }

    /// <summary>The TTFs our renderer draws with (embedded in the Domain assembly), for the browser's @font-face.</summary>
    public static IReadOnlyList<(string Family, string Weight, byte[] Ttf)> Fonts { get; } =
    [
        (HeadlineFamily, "400", ReadFont("Anton", bold: true)),
        (BodyFamily, "700", ReadFont("Inter", bold: true)),
    ];

    public static ThumbnailDesign Create() => new(DrawLogo(256));

    public RenderRequest Request(AssetFormat format) => new(Spec, format, Brand, Headline, Subline, Badge, Seed);

    /// <summary>Our whole render: layout, text fitting, drawing, viral score and encoding, as the worker runs it.</summary>
    public RenderResult Render(AssetFormat format) => _renderer.RenderDetailed(Request(format), LayoutName);

    /// <summary>
    /// The same design as a page. Positions and font sizes are taken from our render (a browser renderer would have
    /// to fit the text itself in script; here it is handed the answer), the rest mirrors ThumbnailLayouts.SplitSlash.
    /// </summary>
    public string Html(RenderResult drawn)
    {
        var w = Spec.Width;
        var h = Spec.Height;
        var u = Math.Min(w, h) / 100f;
        var safe = Scene.SafeRect(Spec);
        var palette = Palette.From(Brand, new Prng(0));
        var logo = drawn.Logo ?? throw new InvalidOperationException("The render drew no logo.");
        if (logo.MidX > w / 2f)
        {
            throw new InvalidOperationException($"Seed {Seed} mirrored the layout (block on the right); the HTML assumes the block on the left.");
        }

        var headline = drawn.Texts.Single(t => t.Role == "headline");
        var subline = drawn.Texts.Single(t => t.Role == "subline");
        var badgeText = drawn.Texts.Single(t => t.Role == "badge");
        var badgeBox = drawn.Elements.FirstOrDefault(e => e.Role == "badge")?.Box ?? throw new InvalidOperationException("The render drew no badge.");

        // Where the block ends: the logo fills the block's area less 8% each side; the text column starts past the
        // slant, and the headline's ink starts a shadow's pad (8% of its size) inside the column.
        var blockRight = safe.Left + logo.Width / 0.84f;
        var columnLeft = headline.Ink.Left - headline.FontSize * 0.08f;
        var edge = (blockRight + columnLeft) / 2;
        var lean = MathF.Tan(2f * MathF.PI / 180) * h;
        var stripeOuter = edge + u * 2.2f;
        var stripeInner = edge + u * 2.2f * 0.45f;
        var ringsRadius = Math.Min(logo.Width / 0.84f, safe.Height) * 0.48f;

        // The fonts are not in the page: the browser side loads them once into the page's font set (see Chromium).
        var css = new StringBuilder();
        css.Append("*{margin:0;padding:0;box-sizing:border-box}");
        css.Append(Inv($"html,body{{width:{w}px;height:{h}px;overflow:hidden;background:{Hex(palette.Deep)}}}"));
        css.Append(".abs{position:absolute}");

        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>").Append(css).Append("</style></head><body>");

        // Ground: a two-colour gradient with five soft white blobs (the casual tone's texture).
        var blobs = new Random(17);
        var layers = Enumerable.Range(0, 5).Select(_ =>
        {
            var r = (12 + blobs.NextSingle() * 18) * u;
            return Inv($"radial-gradient(circle {r:0.#}px at {blobs.NextSingle() * w:0.#}px {blobs.NextSingle() * h:0.#}px,rgba(255,255,255,.16),rgba(255,255,255,0))");
        });
        html.Append(Inv($"<div class=\"abs\" style=\"inset:0;background:{string.Join(',', layers)},linear-gradient(150deg,{Hex(palette.Ground)},{Hex(Colour.Darken(palette.Ground, 0.4f))})\"></div>"));

        // The slanted accent block and the thin white slash beside it.
        html.Append(Inv($"<div class=\"abs\" style=\"inset:0;background:linear-gradient(180deg,{Hex(palette.Accent)},{Hex(Colour.Darken(palette.Accent, 0.3f))});clip-path:polygon(0 0,{edge + lean / 2:0.#}px 0,{edge - lean / 2:0.#}px 100%,0 100%)\"></div>"));
        html.Append(Inv($"<div class=\"abs\" style=\"inset:0;background:rgba(255,255,255,.85);clip-path:polygon({stripeInner + lean / 2:0.#}px 0,{stripeOuter + lean / 2:0.#}px 0,{stripeOuter - lean / 2:0.#}px 100%,{stripeInner - lean / 2:0.#}px 100%)\"></div>"));

        for (var i = 0; i < 4; i++)
        {
            // Skia strokes centred on the radius; a CSS border lies inside the box, so the box is half a stroke larger.
            var r = ringsRadius * 0.45f + i * ringsRadius * 0.18f + u * 0.25f;
            html.Append(Inv($"<div class=\"abs\" style=\"left:{logo.MidX - r:0.#}px;top:{logo.MidY - r:0.#}px;width:{2 * r:0.#}px;height:{2 * r:0.#}px;border-radius:50%;border:{u * 0.5f:0.#}px solid rgba(255,255,255,.18)\"></div>"));
        }

        html.Append(Inv($"<img class=\"abs\" src=\"data:image/png;base64,{Convert.ToBase64String(Logo)}\" style=\"left:{logo.Left:0.#}px;top:{logo.Top:0.#}px;width:{logo.Width:0.#}px;height:{logo.Height:0.#}px\">"));

        // The LIVE pill: DrawBadge starts it at the column's left and records its box right of the live dot.
        var pillHeight = badgeBox.Height;
        var onAccent = Colour.OnColour(palette.Accent);
        var dot = pillHeight * 0.16f;
        var dotX = badgeBox.Left - dot;
        html.Append(Inv($"<div class=\"abs\" style=\"left:{columnLeft:0.#}px;top:{badgeBox.Top:0.#}px;width:{badgeBox.Right - columnLeft:0.#}px;height:{pillHeight:0.#}px;border-radius:{pillHeight / 2:0.#}px;background:{Hex(palette.Accent)}\"></div>"));
        html.Append(Inv($"<div class=\"abs\" style=\"left:{dotX - dot:0.#}px;top:{badgeBox.MidY - dot:0.#}px;width:{2 * dot:0.#}px;height:{2 * dot:0.#}px;border-radius:50%;background:{Hex(onAccent)}\"></div>"));
        html.Append(Inv($"<div class=\"abs\" style=\"left:{badgeBox.Left:0.#}px;top:{badgeBox.Top:0.#}px;width:{badgeBox.Width:0.#}px;height:{badgeBox.Height:0.#}px;display:flex;align-items:center;justify-content:center;font:700 {badgeText.FontSize:0.#}px/1 '{BodyFamily}';color:{Hex(badgeText.Fill)}\">{Badge}</div>"));

        // Headline with the casual tone's soft shadow (Skia's drop shadow sigma is half a CSS blur radius), then the subline.
        var shadow = Inv($"text-shadow:0 {headline.FontSize * 0.04f:0.#}px {headline.FontSize * 0.12f:0.#}px rgba(0,0,0,.55)");
        html.Append(TextBlock(headline, Headline, HeadlineFamily, 400, FontLibrary.Get("Anton", true), 1f, safe.Right - headline.FontSize * 0.08f, shadow));
        html.Append(TextBlock(subline, Subline, BodyFamily, 700, FontLibrary.Get("Inter", true), 1.2f, safe.Right - subline.FontSize * 0.01f, ""));
        return html.Append("</body></html>").ToString();
    }

    /// <summary>
    /// A text block whose lines sit on our renderer's baselines: TextFitter spaces lines by the text's own ink
    /// height (times the line spacing, plus 0.07 em), where CSS centres each line's ascent and descent in its line height.
    /// </summary>
    private static string TextBlock(TextBox drawn, string text, string family, int weight, SKTypeface face, float lineSpacing, float right, string extra)
    {
        using var font = new SKFont(face, drawn.FontSize);
        font.MeasureText(text, out var ink);
        var inkAscent = -ink.Top;
        var inkDescent = ink.Bottom;
        var lineHeight = (inkAscent + inkDescent) * lineSpacing + 0.07f * drawn.FontSize;
        var firstBaseline = drawn.Ink.Top + inkAscent;
        // Chromium rounds the font's ascent and descent to whole pixels on Linux.
        var ascent = MathF.Round(-font.Metrics.Ascent);
        var descent = MathF.Round(font.Metrics.Descent);
        var top = firstBaseline - (lineHeight - ascent - descent) / 2 - ascent;
        // A pixel of slack: the browser's advances may round differently from HarfBuzz's, and a word must not wrap early.
        var width = right - drawn.Ink.Left + 2;
        return Inv($"<div class=\"abs\" style=\"left:{drawn.Ink.Left:0.#}px;top:{top:0.#}px;width:{width:0.#}px;font:{weight} {drawn.FontSize:0.##}px/{lineHeight:0.##}px '{family}';color:{Hex(drawn.Fill)};{extra}\">{text}</div>");
    }

    private static byte[] ReadFont(string family, bool bold)
    {
        using var stream = FontLibrary.OpenFile(family, bold) ?? throw new InvalidOperationException($"No shipped font {family}.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>A brand mark made here, nothing downloaded: a gold disc with a dark ring and a white play triangle, on transparency.</summary>
    private static byte[] DrawLogo(int size)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            var c = size / 2f;
            using var disc = new SKPaint { IsAntialias = true, Color = new SKColor(0xFA, 0xCC, 0x15) };
            canvas.DrawCircle(c, c, size * 0.46f, disc);
            using var ring = new SKPaint { IsAntialias = true, Color = new SKColor(0x1E, 0x1B, 0x2E), Style = SKPaintStyle.Stroke, StrokeWidth = size * 0.05f };
            canvas.DrawCircle(c, c, size * 0.38f, ring);
            using var play = new SKPath();
            play.MoveTo(c - size * 0.12f, c - size * 0.18f);
            play.LineTo(c + size * 0.2f, c);
            play.LineTo(c - size * 0.12f, c + size * 0.18f);
            play.Close();
            using var white = new SKPaint { IsAntialias = true, Color = SKColors.White };
            canvas.DrawPath(play, white);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static string Hex(SKColor c) => c.Alpha == 255
        ? Colour.Hex(c)
        : Inv($"rgba({c.Red},{c.Green},{c.Blue},{c.Alpha / 255f:0.###})");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
