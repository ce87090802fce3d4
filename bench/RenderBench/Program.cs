using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using SkiaSharp;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

// Render time per asset type and format, one render at a time on one thread: what a Hangfire worker does.
// Usage: dotnet run -c Release --project bench/RenderBench [renders per case] [markdown output file] [--pictures | --profile]
// --pictures: every asset type in its first format with a full-bleed screenshot and a cut-out subject, p50/p95 of
// render + encode, and the p95 of scoring alone (read from the renderer's render.score.duration histogram).
// --profile: the YouTube thumbnail's phases timed one by one (text-only and with pictures), the delivery's
// preview and storage write included.
// --encoders: encoder settings and the shrinks side by side on the same drawn thumbnails, CPU ms and bytes, then WebP
// settings on the 2560×1440 banner with their PSNR (--encoders --banner: only those).
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 12;
var output = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : null;
var pictures = args.Contains("--pictures");
var renderer = new AssetRenderer();
var brand = BrandStyle.Default with { Tone = Tone.Competitive };
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Load average before: {File.ReadAllText("/proc/loadavg").Trim()}");

if (args.Contains("--encoders"))
{
    Encoders.Run(runs, brand, report, bannerOnly: args.Contains("--banner"));
}
else if (args.Contains("--profile"))
{
    Profile.Run(runs, brand, report);
}
else if (pictures)
{
    var screenshot = Pictures.Screenshot(1920, 1080);
    var subject = Pictures.Figure(900, 1200);
    var scoreTimes = new List<double>();
    using var listener = new MeterListener();
    listener.InstrumentPublished = (instrument, l) =>
    {
        if (instrument.Meter == AssetRenderer.Meter && instrument.Name == "render.score.duration")
        {
            l.EnableMeasurementEvents(instrument);
        }
    };
    listener.SetMeasurementEventCallback<double>((_, value, _, _) => scoreTimes.Add(value));
    listener.Start();

    report.AppendLine(CultureInfo.InvariantCulture, $"Render benchmark with pictures — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {runs} renders per case after 2 warm-ups, one thread.")
        .AppendLine(CultureInfo.InvariantCulture, $"Screenshot {screenshot.Length / 1024} KB JPEG 1920×1080, subject {subject.Length / 1024} KB PNG 900×1200 with alpha (as the media library stores them); decode, layout, score and encode are all in the time.")
        .AppendLine()
        .AppendLine("| asset | format | layouts seen | p50 ms | p95 ms | max ms | p95 score ms | median bytes |")
        .AppendLine("|---|---|---|---|---|---|---|---|");
    var allScores = new List<double>();
    foreach (var spec in AssetCatalogue.All)
    {
        var format = spec.Formats[0];
        var times = new List<double>();
        var sizes = new List<int>();
        var layouts = new HashSet<string>();
        scoreTimes.Clear();
        for (var i = -2; i < runs; i++)
        {
            var request = new RenderRequest(spec, format, brand, "Clutch or kick", "Ranked every night at 8", "LIVE", 1000 + i, screenshot, null, subject, null);
            var clock = Stopwatch.StartNew();
            var rendered = renderer.Render(request);
            clock.Stop();
            if (i >= 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
                sizes.Add(rendered.Bytes.Length);
                layouts.Add(rendered.Layout);
            }
        }

        var scores = scoreTimes.Skip(2).ToList();
        allScores.AddRange(scores);
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {spec.Name} {spec.Width}×{spec.Height} | {format} | {layouts.Count} | {P(times, 0.5):0} | {P(times, 0.95):0} | {times.Max():0} | {P(scores, 0.95):0.0} | {P(sizes.Select(s => (double)s).ToList(), 0.5):N0} |");
    }

    // The same run's text-only thumbnail, to read the machine's load against the figures above.
    var baseline = new List<double>();
    for (var i = -2; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        renderer.Render(new RenderRequest(AssetCatalogue.For(AssetType.Thumbnail), AssetFormat.Jpeg, brand, "Road to Diamond", "Ranked every night at 8", "LIVE", 1000 + i));
        if (i >= 0)
        {
            baseline.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Scoring over all cases: p50 {P(allScores, 0.5):0.0} ms, p95 {P(allScores, 0.95):0.0} ms.")
        .AppendLine(CultureInfo.InvariantCulture, $"Same run, text-only thumbnail JPEG (no pictures): p50 {P(baseline, 0.5):0} ms, p95 {P(baseline, 0.95):0} ms.");
}
else
{
    report.AppendLine(CultureInfo.InvariantCulture, $"Render benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {runs} renders per case after 2 warm-ups, one thread.")
        .AppendLine()
        .AppendLine("| asset | format | min ms | median ms | max ms | median bytes |")
        .AppendLine("|---|---|---|---|---|---|");

    foreach (var spec in AssetCatalogue.All)
    {
        foreach (var format in spec.Formats)
        {
            var times = new List<double>();
            var sizes = new List<int>();
            for (var i = -2; i < runs; i++)
            {
                var request = new RenderRequest(spec, format, brand, "Road to Diamond", "Ranked every night at 8", "LIVE", Seed: 1000 + i);
                var clock = Stopwatch.StartNew();
                var rendered = renderer.Render(request);
                clock.Stop();
                if (i >= 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    sizes.Add(rendered.Bytes.Length);
                }
            }

            times.Sort();
            sizes.Sort();
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {spec.Name} {spec.Width}×{spec.Height} | {format} | {times[0]:0} | {times[times.Count / 2]:0} | {times[^1]:0} | {sizes[sizes.Count / 2]:N0} |");
        }
    }
}

report.AppendLine(CultureInfo.InvariantCulture, $"Load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.Write(report);
if (output is not null)
{
    File.WriteAllText(output, report.ToString());
}

// Nearest-rank percentile.
static double P(List<double> values, double q)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }

    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>Pictures made here, nothing downloaded: a busy game-like frame and a drawn figure with transparency.</summary>
internal static class Pictures
{
    /// <summary>A game-like frame, JPEG at quality 90: what the media library stores for a background.</summary>
    public static byte[] Screenshot(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height), [new SKColor(0x38, 0xBD, 0xF8), new SKColor(0xF9, 0x73, 0x16)], SKShaderTileMode.Clamp) };
            canvas.DrawRect(0, 0, width, height, sky);
            var random = new Random(3);
            using var block = new SKPaint { IsAntialias = true };
            for (var i = 0; i < 80; i++)
            {
                var w = width * (0.03f + random.NextSingle() * 0.06f);
                var h = height * (0.15f + random.NextSingle() * 0.5f);
                var x = random.NextSingle() * width;
                block.Color = new SKColor((byte)random.Next(90), (byte)random.Next(90), (byte)(40 + random.Next(100)));
                canvas.DrawRect(x, height - h, w, h, block);
                block.Color = new SKColor(0xFD, 0xE0, 0x47);
                for (var j = 0; j < 8; j++)
                {
                    canvas.DrawRect(x + random.NextSingle() * (w - 6), height - h + random.NextSingle() * (h - 8), 5, 7, block);
                }
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    public static byte[] Figure(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var body = new SKPaint { Color = new SKColor(0x22, 0xC5, 0x5E), IsAntialias = true };
            canvas.DrawRoundRect(new SKRect(width * 0.18f, height * 0.42f, width * 0.82f, height * 0.98f), width * 0.12f, width * 0.12f, body);
            using var skin = new SKPaint { Color = new SKColor(0xF2, 0xB8, 0x8C), IsAntialias = true };
            canvas.DrawRect(new SKRect(width * 0.44f, height * 0.3f, width * 0.56f, height * 0.45f), skin);
            canvas.DrawOval(new SKPoint(width * 0.5f, height * 0.22f), new SKSize(width * 0.17f, height * 0.15f), skin);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
