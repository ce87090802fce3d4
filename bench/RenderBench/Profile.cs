using System.Diagnostics;
using System.Globalization;
using System.Text;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

/// <summary>
/// The YouTube thumbnail's phases, timed one by one on one thread, in the order the worker runs them: decode the
/// pictures (scene), fit and draw the layout (text fitting, shaping and the contrast measurement under each line
/// are inside the layout), score, encode each format, make the gallery preview, write file and preview to local
/// storage. The database write of the delivery is not here: it needs PostgreSQL (see docs/benchmarks.md).
/// </summary>
internal static class Profile
{
    /// <summary>
    /// This process's CPU time: a loaded machine stretches wall time far more than the CPU time a phase takes. The
    /// process's, not the thread's: libvips runs its pipeline on its own worker thread even at concurrency 1, and that
    /// time belongs to the phase.
    /// </summary>
    internal static double CpuMilliseconds() => CpuClock.ProcessMs();

    public static void Run(int runs, BrandStyle brand, StringBuilder report)
    {
        var screenshot = Pictures.Screenshot(1920, 1080);
        var subject = Pictures.Figure(900, 1200);
        var root = Path.Combine(Path.GetTempPath(), $"render-profile-{Guid.NewGuid():N}");
        var storage = new LocalAssetStorage(root);
        report.AppendLine(CultureInfo.InvariantCulture, $"Thumbnail 1280×720 (and 2560×1440 banner) profile — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {runs} renders per case after 3 warm-ups, one thread; ms.")
            .AppendLine()
            .AppendLine("| phase | text-only p50 | text-only p95 | text-only CPU p50 | with pictures p50 | with pictures p95 | with pictures CPU p50 | 2560×1440 banner p50 | banner p95 | banner CPU p50 |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        try
        {
            var plain = Time(runs, seed => new RenderRequest(AssetCatalogue.For(AssetType.Thumbnail), AssetFormat.Jpeg, brand, "Road to Diamond", "Ranked every night at 8", "LIVE", seed), storage);
            var withPictures = Time(runs, seed => new RenderRequest(AssetCatalogue.For(AssetType.Thumbnail), AssetFormat.Jpeg, brand, "Clutch or kick", "Ranked every night at 8", "LIVE", seed, screenshot, null, subject, null), storage);
            // The YouTube channel banner, text-only: four times the thumbnail's pixels, the other time goal.
            var banner = Time(runs, seed => new RenderRequest(AssetCatalogue.All.First(s => s.Type == AssetType.Banner && s.Width == 2560), AssetFormat.Jpeg, brand, "Road to Diamond", "Ranked every night at 8", "LIVE", seed), storage);
            foreach (var phase in plain.Wall.Keys)
            {
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {phase} | {P(plain.Wall[phase], 0.5):0.0} | {P(plain.Wall[phase], 0.95):0.0} | {P(plain.Cpu[phase], 0.5):0.0} | {P(withPictures.Wall[phase], 0.5):0.0} | {P(withPictures.Wall[phase], 0.95):0.0} | {P(withPictures.Cpu[phase], 0.5):0.0} | {P(banner.Wall[phase], 0.5):0.0} | {P(banner.Wall[phase], 0.95):0.0} | {P(banner.Cpu[phase], 0.5):0.0} |");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static (Dictionary<string, List<double>> Wall, Dictionary<string, List<double>> Cpu) Time(int runs, Func<int, RenderRequest> request, LocalAssetStorage storage)
    {
        var laps = new Dictionary<string, List<double>>();
        var cpuLaps = new Dictionary<string, List<double>>();
        for (var i = -3; i < runs; i++)
        {
            var current = new Dictionary<string, double>();
            var currentCpu = new Dictionary<string, double>();
            var started = Stopwatch.GetTimestamp();
            var startedCpu = CpuMilliseconds();
            var lap = started;
            var lapCpu = startedCpu;

            void Lap(string phase)
            {
                current[phase] = Stopwatch.GetElapsedTime(lap).TotalMilliseconds;
                var cpu = CpuMilliseconds();
                currentCpu[phase] = cpu - lapCpu;
                lap = Stopwatch.GetTimestamp();
                lapCpu = cpu;
            }

            var render = request(1000 + i % 20);
            var (layout, rng) = AssetRenderer.Pick(render);
            using var scene = new Scene(render, rng);
            Lap("scene: decode pictures, focal point");
            layout.Draw(scene);
            Lap("layout: fit, shape, measure contrast, draw");
            using var shrinks = new Shrinks(scene.Bitmap);
            ViralScorer.Score(new ScoreInput(scene.Bitmap, render.Spec, render.Brand, render.Headline, scene.Texts.ToList(), scene.Elements(), shrinks));
            Lap("score");
            var jpeg = ImageEncoder.Encode(scene.Bitmap, AssetFormat.Jpeg, render.Spec.MaxBytes);
            Lap("encode JPEG");
            var preview = AssetImages.Preview(shrinks);
            Lap("gallery preview (480 px: JPEG when opaque, else WebP)");
            var key = $"profile/{Guid.NewGuid():N}.jpg";
            storage.PutAsync(key, jpeg, "image/jpeg").GetAwaiter().GetResult();
            var previewKey = AssetImages.PreviewKeyFor(key, preview);
            storage.PutAsync(previewKey, preview, AssetImages.PreviewContentType(previewKey)).GetAwaiter().GetResult();
            Lap("storage write (local disk)");
            current["total: JPEG delivered (no database)"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            currentCpu["total: JPEG delivered (no database)"] = CpuMilliseconds() - startedCpu;
            lap = Stopwatch.GetTimestamp();
            lapCpu = CpuMilliseconds();
            ImageEncoder.Encode(scene.Bitmap, AssetFormat.Png, render.Spec.MaxBytes);
            Lap("encode PNG (instead of JPEG)");
            ImageEncoder.Encode(scene.Bitmap, AssetFormat.Webp, render.Spec.MaxBytes);
            Lap("encode WebP (instead of JPEG)");
            if (i < 0)
            {
                continue;
            }

            foreach (var (phase, ms) in current)
            {
                (laps.TryGetValue(phase, out var list) ? list : laps[phase] = []).Add(ms);
                (cpuLaps.TryGetValue(phase, out var cpuList) ? cpuList : cpuLaps[phase] = []).Add(currentCpu[phase]);
            }
        }

        return (laps, cpuLaps);
    }

    internal static double P(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
