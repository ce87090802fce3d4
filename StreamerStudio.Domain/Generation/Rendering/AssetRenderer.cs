using System.Diagnostics;
using System.Diagnostics.Metrics;
using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>What the renderer drew where, beside the encoded asset: the tests and the score read this.</summary>
internal sealed record RenderResult(RenderedAsset Asset, IReadOnlyList<TextBox> Texts, SKRect? Logo, SKRect SafeArea, ViralMetrics Metrics, IReadOnlyList<ScoredElement> Elements);

/// <summary>
/// The built-in renderer: SkiaSharp on the CPU, no network. The seed picks one of the spec's layouts and its
/// variation (colour order, side, angles, decoration), so the same request always gives the same bytes.
/// </summary>
public sealed class AssetRenderer : IAssetRenderer
{
    public RenderedAsset Render(RenderRequest request) => RenderDetailed(request).Asset;

    /// <summary>Render and scoring times, for dashboards and for bench/RenderBench (instrument names below).</summary>
    public static readonly Meter Meter = new("StreamerStudio.Rendering");
    private static readonly Histogram<double> RenderTime = Meter.CreateHistogram<double>("render.duration", "ms", "Drawing, scoring and encoding one asset, and making its gallery preview.");
    private static readonly Histogram<double> ScoreTime = Meter.CreateHistogram<double>("render.score.duration", "ms", "Scoring one rendered asset.");
    private static readonly Histogram<double> PreviewTime = Meter.CreateHistogram<double>("render.preview.duration", "ms", "Making one asset's gallery preview.");

    internal static IReadOnlyList<string> LayoutNames(AssetSpec spec, bool pictures = false) =>
        (pictures ? PhotoLayouts.For(spec) : Layouts.For(spec)).Select(l => l.Name).ToList();

    /// <summary>Renders with the seed's layout, or with the named one (tests go through every layout this way).</summary>
    internal RenderResult RenderDetailed(RenderRequest request, string? layoutName = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Headline))
        {
            throw new ArgumentException("A headline is required.", nameof(request));
        }

        if (!request.Spec.Formats.Contains(request.Format))
        {
            throw new ArgumentException($"{request.Spec.Name} is made as {string.Join(", ", request.Spec.Formats)}, not {request.Format}.", nameof(request));
        }

        var started = Stopwatch.GetTimestamp();
        var (seededLayout, rng) = Pick(request);
        var layout = layoutName is null
            ? seededLayout
            : Layouts.Any(request.Spec).FirstOrDefault(l => l.Name == layoutName) ?? throw new ArgumentException($"No layout {layoutName} for {request.Spec.Name}.", nameof(layoutName));
        using var scene = new Scene(request, rng);
        layout.Draw(scene);

        var scoring = Stopwatch.GetTimestamp();
        // The score and the gallery preview both shrink the drawn pixels; the halvings on the way are made once.
        using var shrinks = new Shrinks(scene.Bitmap);
        var (viral, metrics) = ViralScorer.Score(new ScoreInput(scene.Bitmap, request.Spec, request.Brand, request.Headline, scene.Texts.ToList(), scene.Elements(), shrinks));
        ScoreTime.Record(Stopwatch.GetElapsedTime(scoring).TotalMilliseconds);
        var bytes = ImageEncoder.Encode(scene.Bitmap, request.Format, request.Spec.MaxBytes);
        var previewing = Stopwatch.GetTimestamp();
        var preview = Assets.AssetImages.Preview(shrinks);
        PreviewTime.Record(Stopwatch.GetElapsedTime(previewing).TotalMilliseconds);
        var asset = new RenderedAsset(bytes, request.Spec.Width, request.Spec.Height, request.Format, layout.Name, viral, preview);
        RenderTime.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new RenderResult(asset, scene.Texts.ToList(), scene.LogoBox, scene.Safe, metrics, scene.Elements());
    }

    /// <summary>
    /// The seed's layout and variation. The layout index comes from the low digits of the seed; the variation from
    /// all of it, mixed with the spec so one seed does not look the same across asset types.
    /// (HashCode.Combine is randomised per process, so the mix is spelled out.)
    /// </summary>
    internal static (Layout Layout, Prng Rng) Pick(RenderRequest request)
    {
        var layouts = Layouts.For(request);
        return (layouts[(int)((uint)request.Seed % (uint)layouts.Count)],
            new Prng(unchecked(request.Seed * 7919 + (int)request.Spec.Type * 104729 + (int)request.Spec.Platform * 1299709)));
    }
}
