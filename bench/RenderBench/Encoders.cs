using System.Globalization;
using System.Text;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

/// <summary>
/// Encoder and shrink settings side by side on the same drawn thumbnails (text-only, ten seeds): CPU ms per call
/// (process CPU time, see <see cref="Profile"/>) and bytes. What ImageEncoder's choices rest on.
/// </summary>
internal static class Encoders
{
    // Enough calls for the JIT's tiered compilation to have replaced every loop with its optimised code.
    private const int Warmups = 40;

    public static void Run(int runs, BrandStyle brand, StringBuilder report, bool bannerOnly)
    {
        if (bannerOnly)
        {
            Banner(runs, brand, report);
            return;
        }

        var scenes = Enumerable.Range(1000, 10).Select(seed =>
        {
            var render = new RenderRequest(AssetCatalogue.For(AssetType.Thumbnail), AssetFormat.Jpeg, brand, "Road to Diamond", "Ranked every night at 8", "LIVE", seed);
            var (layout, rng) = AssetRenderer.Pick(render);
            var scene = new Scene(render, rng);
            layout.Draw(scene);
            return scene;
        }).ToList();

        var cases = new (string Name, Func<Scene, int> Run)[]
        {
            ("copy to RGB for libvips", s => { using var i = ImageEncoder.Vips(s.Bitmap); return 0; }),
            ("JPEG q92 (ImageEncoder)", s => ImageEncoder.Encode(s.Bitmap, AssetFormat.Jpeg, long.MaxValue).Length),
            ("PNG (ImageEncoder)", s => ImageEncoder.Encode(s.Bitmap, AssetFormat.Png, long.MaxValue).Length),
            ("PNG libvips compression 1, filter none", s => { using var i = ImageEncoder.Vips(s.Bitmap); return i.PngsaveBuffer(compression: 1, filter: NetVips.Enums.ForeignPngFilter.None).Length; }),
            ("PNG libvips compression 2, filter none", s => { using var i = ImageEncoder.Vips(s.Bitmap); return i.PngsaveBuffer(compression: 2, filter: NetVips.Enums.ForeignPngFilter.None).Length; }),
            ("PNG libvips compression 1, filter sub", s => { using var i = ImageEncoder.Vips(s.Bitmap); return i.PngsaveBuffer(compression: 1, filter: NetVips.Enums.ForeignPngFilter.Sub).Length; }),
            ("PNG libvips compression 3, filter sub", s => { using var i = ImageEncoder.Vips(s.Bitmap); return i.PngsaveBuffer(compression: 3, filter: NetVips.Enums.ForeignPngFilter.Sub).Length; }),
            ("WebP (ImageEncoder)", s => ImageEncoder.Encode(s.Bitmap, AssetFormat.Webp, long.MaxValue).Length),
            ("WebP q92 effort 0", s => { using var i = ImageEncoder.Vips(s.Bitmap); return i.WebpsaveBuffer(q: 92, effort: 0).Length; }),
            ("WebP q92 effort 1", s => { using var i = ImageEncoder.Vips(s.Bitmap); return i.WebpsaveBuffer(q: 92, effort: 1).Length; }),
            ("WebP q80 effort 0", s => { using var i = ImageEncoder.Vips(s.Bitmap); return i.WebpsaveBuffer(q: 80, effort: 0).Length; }),
            ("WebP q92 effort 2", s => { using var i = ImageEncoder.Vips(s.Bitmap); return i.WebpsaveBuffer(q: 92, effort: 2).Length; }),
            ("halve 1280 → 640", s => { using var h = Pixels.Halve(s.Bitmap); return 0; }),
            ("box shrink 640 → 480 (after the halving)", s => { using var h = Pixels.Halve(s.Bitmap); using var b = Pixels.BoxShrink(h, 480); return 0; }),
            ("gallery preview alone (own shrinks)", s => AssetImages.Preview(s.Bitmap).Length),
            ("score and preview, shrinks shared", s =>
            {
                using var shrinks = new Shrinks(s.Bitmap);
                ViralScorer.Score(new ScoreInput(s.Bitmap, s.Spec, s.Request.Brand, s.Request.Headline, s.Texts.ToList(), s.Elements(), shrinks));
                return AssetImages.Preview(shrinks).Length;
            }),
        };

        report.AppendLine(CultureInfo.InvariantCulture, $"Encoders and shrinks on 10 drawn 1280×720 thumbnails, {runs} calls each after {Warmups} warm-ups; process CPU ms.")
            .AppendLine()
            .AppendLine("| step | CPU ms p50 | wall ms p50 | bytes p50 |")
            .AppendLine("|---|---|---|---|");
        foreach (var (name, run) in cases)
        {
            var (cpu, wall, bytes) = Median(scenes, run, runs, Warmups);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {cpu:0.00} | {wall:0.00} | {bytes:N0} |");
        }

        foreach (var scene in scenes)
        {
            scene.Dispose();
        }


        // Each thumbnail layout drawn on its own (scene set-up included, no pictures), seeds varying the variation.
        report.AppendLine()
            .AppendLine("| thumbnail layout: scene and draw | CPU ms p50 | wall ms p50 |")
            .AppendLine("|---|---|---|");
        var spec = AssetCatalogue.For(AssetType.Thumbnail);
        foreach (var layout in Layouts.For(spec))
        {
            var cpu = new List<double>();
            var wall = new List<double>();
            for (var i = -Warmups; i < runs; i++)
            {
                var render = new RenderRequest(spec, AssetFormat.Jpeg, brand, "Road to Diamond", "Ranked every night at 8", "LIVE", 1000 + i);
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var before = Profile.CpuMilliseconds();
                using (var scene = new Scene(render, AssetRenderer.Pick(render).Rng))
                {
                    layout.Draw(scene);
                }

                if (i >= 0)
                {
                    cpu.Add(Profile.CpuMilliseconds() - before);
                    wall.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"| {layout.Name} | {Profile.P(cpu, 0.5):0.00} | {Profile.P(wall, 0.5):0.00} |");
        }

        Banner(runs, brand, report);
    }

    /// <summary>WebP settings on the 2560×1440 YouTube banner: the encode is most of that asset's time.</summary>
    private static void Banner(int runs, BrandStyle brand, StringBuilder report)
    {
        var spec = AssetCatalogue.All.First(s => s.Type == AssetType.Banner && s.Width == 2560);
        var scenes = Enumerable.Range(1000, 4).Select(seed =>
        {
            var render = new RenderRequest(spec, AssetFormat.Webp, brand, "Road to Diamond", "Ranked every night at 8", "LIVE", seed);
            var (layout, rng) = AssetRenderer.Pick(render);
            var scene = new Scene(render, rng);
            layout.Draw(scene);
            return scene;
        }).ToList();
        var cases = new List<(string Name, Func<Scene, byte[]?> Run)>
        {
            ("copy to RGB for libvips", s => { using var i = ImageEncoder.Vips(s.Bitmap); return null; }),
            ("WebP (ImageEncoder)", s => ImageEncoder.Encode(s.Bitmap, AssetFormat.Webp, long.MaxValue)),
            ("JPEG q92 (ImageEncoder)", s => ImageEncoder.Encode(s.Bitmap, AssetFormat.Jpeg, long.MaxValue)),
        };
        foreach (var quality in (int[])[92, 90, 88, 86, 84, 80])
        {
            cases.Add(($"WebP q{quality} effort 0", s => { using var i = ImageEncoder.Vips(s.Bitmap); return i.WebpsaveBuffer(q: quality, effort: 0); }));
        }

        cases.Add(("WebP q92 effort 0 preset drawing", s => { using var i = ImageEncoder.Vips(s.Bitmap); return i.WebpsaveBuffer(q: 92, effort: 0, preset: NetVips.Enums.ForeignWebpPreset.Drawing); }));

        report.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"WebP on 4 drawn 2560×1440 YouTube banners, {runs} calls each after 8 warm-ups; process CPU ms.")
            .AppendLine()
            .AppendLine("| step | CPU ms p50 | wall ms p50 | bytes p50 | PSNR dB (first banner) |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var (name, run) in cases)
        {
            var (cpu, wall, bytes) = Median(scenes, s => run(s)?.Length ?? 0, runs, 8);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {cpu:0.00} | {wall:0.00} | {bytes:N0} | {Psnr(scenes[0].Bitmap, run(scenes[0])):0.00} |");
        }

        foreach (var scene in scenes)
        {
            scene.Dispose();
        }
    }

    /// <summary>Medians of process CPU ms, wall ms and bytes over the scenes in turn, after the warm-ups.</summary>
    private static (double Cpu, double Wall, double Bytes) Median(IReadOnlyList<Scene> scenes, Func<Scene, int> run, int runs, int warmups)
    {
        var cpu = new List<double>();
        var wall = new List<double>();
        var sizes = new List<double>();
        for (var i = -warmups; i < runs; i++)
        {
            var scene = scenes[(i + warmups) % scenes.Count];
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var before = Profile.CpuMilliseconds();
            var bytes = run(scene);
            var spent = Profile.CpuMilliseconds() - before;
            if (i >= 0)
            {
                cpu.Add(spent);
                wall.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                sizes.Add(bytes);
            }
        }

        return (Profile.P(cpu, 0.5), Profile.P(wall, 0.5), Profile.P(sizes, 0.5));
    }

    /// <summary>Peak signal-to-noise ratio of a decoded file against the drawn pixels, over R, G and B.</summary>
    private static double Psnr(SkiaSharp.SKBitmap drawn, byte[]? file)
    {
        if (file is null)
        {
            return double.NaN;
        }

        using var decoded = SkiaSharp.SKBitmap.Decode(file).Copy(drawn.ColorType);
        var a = drawn.GetPixelSpan();
        var b = decoded.GetPixelSpan();
        double sum = 0;
        long count = 0;
        for (var y = 0; y < drawn.Height; y++)
        {
            for (var x = 0; x < drawn.Width; x++)
            {
                var i = y * drawn.RowBytes + x * 4;
                var j = y * decoded.RowBytes + x * 4;
                for (var c = 0; c < 3; c++)
                {
                    double d = a[i + c] - b[j + c];
                    sum += d * d;
                    count++;
                }
            }
        }

        return 10 * Math.Log10(255.0 * 255.0 / (sum / count));
    }
}
