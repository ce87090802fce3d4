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
    public static async Task RunAsync(int runs, BrandStyle brand, StringBuilder report)
    {
        var screenshot = Pictures.Screenshot(1920, 1080);
        var subject = Pictures.Figure(900, 1200);
        var root = Path.Combine(Path.GetTempPath(), $"render-profile-{Guid.NewGuid():N}");
        var storage = new LocalAssetStorage(root);
        report.AppendLine(CultureInfo.InvariantCulture, $"Thumbnail 1280×720 profile — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {runs} renders per case after 3 warm-ups, one thread; ms.")
            .AppendLine()
            .AppendLine("| phase | text-only p50 | text-only p95 | with pictures p50 | with pictures p95 |")
            .AppendLine("|---|---|---|---|---|");
        try
        {
            var plain = await TimeAsync(runs, seed => new RenderRequest(AssetCatalogue.For(AssetType.Thumbnail), AssetFormat.Jpeg, brand, "Road to Diamond", "Ranked every night at 8", "LIVE", seed), storage);
            var withPictures = await TimeAsync(runs, seed => new RenderRequest(AssetCatalogue.For(AssetType.Thumbnail), AssetFormat.Jpeg, brand, "Clutch or kick", "Ranked every night at 8", "LIVE", seed, screenshot, null, subject, null), storage);
            foreach (var phase in plain.Keys)
            {
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {phase} | {P(plain[phase], 0.5):0.0} | {P(plain[phase], 0.95):0.0} | {P(withPictures[phase], 0.5):0.0} | {P(withPictures[phase], 0.95):0.0} |");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<Dictionary<string, List<double>>> TimeAsync(int runs, Func<int, RenderRequest> request, LocalAssetStorage storage)
    {
        var laps = new Dictionary<string, List<double>>();
        for (var i = -3; i < runs; i++)
        {
            var current = new Dictionary<string, double>();
            var started = Stopwatch.GetTimestamp();
            var lap = started;

            void Lap(string phase)
            {
                current[phase] = Stopwatch.GetElapsedTime(lap).TotalMilliseconds;
                lap = Stopwatch.GetTimestamp();
            }

            var render = request(1000 + i % 20);
            var (layout, rng) = AssetRenderer.Pick(render);
            using var scene = new Scene(render, rng);
            Lap("scene: decode pictures, focal point");
            layout.Draw(scene);
            Lap("layout: fit, shape, measure contrast, draw");
            ViralScorer.Score(new ScoreInput(scene.Bitmap, render.Spec, render.Brand, render.Headline, scene.Texts.ToList(), scene.Elements()));
            Lap("score");
            var jpeg = ImageEncoder.Encode(scene.Bitmap, AssetFormat.Jpeg, render.Spec.MaxBytes);
            Lap("encode JPEG");
            var preview = AssetImages.Preview(scene.Bitmap);
            Lap("gallery preview (WebP 480 px)");
            var key = $"profile/{Guid.NewGuid():N}.jpg";
            await storage.PutAsync(key, jpeg, "image/jpeg");
            await storage.PutAsync(AssetImages.PreviewKeyFor(key), preview, "image/webp");
            Lap("storage write (local disk)");
            current["total: thumbnail JPEG delivered (no database)"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            lap = Stopwatch.GetTimestamp();
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
            }
        }

        return laps;
    }

    private static double P(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
