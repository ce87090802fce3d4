using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using RenderVsChromium;
using SkiaSharp;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

// Our renderer against headless Chromium on the same design in the same run (issue 17).
// Usage: dotnet run -c Release --project bench/RenderVsChromium -- [renders-per-side=60] [throughput-seconds=20] [out.md]
// Latency: one render at a time, the two sides interleaved in blocks of 10 so a change in the machine's load hits
// both. Throughput: 2 threads of our renderer, then 2 Chromium pages, each side for the given seconds in two halves.
var perSide = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var output = args.Length > 2 ? args[2] : null;
const int Block = 10;
const int WarmUps = 10;
// Our side warms up longer: .NET compiles loops quickly first and replaces them with optimised code after about
// 30 calls (tiered compilation); until then the first format's CPU time also carries the JIT's background work.
const int OurWarmUps = 40;
AssetFormat[] formats = [AssetFormat.Jpeg, AssetFormat.Png, AssetFormat.Webp];

var loadBefore = LoadAverage();
var startedAt = DateTime.UtcNow;
Console.WriteLine($"Load average before: {loadBefore}");

// Scoring alone, from the renderer's own histogram, to say how much of our time is the viral score.
// The gallery preview, which our renderer makes and Chromium does not, per render: the measurement callback runs on the
// rendering thread, so the thread's last reading belongs to the render it just timed.
var scoreTimes = new List<double>();
var lastPreview = new ThreadLocal<double>();
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Meter == AssetRenderer.Meter && instrument.Name is "render.score.duration" or "render.preview.duration")
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
{
    if (instrument.Name == "render.preview.duration")
    {
        lastPreview.Value = value;
        return;
    }

    lock (scoreTimes)
    {
        scoreTimes.Add(value);
    }
});
listener.Start();

var design = ThumbnailDesign.Create();
var first = design.Render(AssetFormat.Jpeg);
var html = design.Html(first);
var headline = first.Texts.Single(t => t.Role == "headline");
await using var chromium = await Chromium.StartAsync(pageCount: 2);
foreach (var page in chromium.Pages)
{
    await page.RenderAsync(html, AssetFormat.Png);
    if (!await page.FontsLoadedAsync())
    {
        throw new InvalidOperationException("The bench fonts are not loaded in the page after SetContentAsync: Chromium would draw a fallback face.");
    }
}

var latency = new List<(AssetFormat Format, Side Ours, Side Chromium)>();
var lastJpeg = (Ours: Array.Empty<byte>(), Chromium: Array.Empty<byte>());
foreach (var format in formats)
{
    for (var i = 0; i < OurWarmUps; i++)
    {
        design.Render(format);
    }

    for (var i = 0; i < WarmUps; i++)
    {
        await chromium.Pages[0].RenderAsync(html, format);
    }

    var ours = new Side();
    var browser = new Side();
    while (ours.Times.Count < perSide || browser.Times.Count < perSide)
    {
        var cpu = Cpu.OwnMilliseconds();
        for (var i = 0; i < Block && ours.Times.Count < perSide; i++)
        {
            var clock = Stopwatch.StartNew();
            var rendered = design.Render(format);
            ours.Add(clock.Elapsed, rendered.Asset.Bytes);
            ours.WithoutPreview.Add(clock.Elapsed.TotalMilliseconds - lastPreview.Value);
        }

        ours.CpuMilliseconds += Cpu.OwnMilliseconds() - cpu;

        // The browser's CPU is Chromium's processes and Playwright's driver, plus this process's client side.
        cpu = Cpu.OwnMilliseconds() + Cpu.DescendantsMilliseconds();
        for (var i = 0; i < Block && browser.Times.Count < perSide; i++)
        {
            var clock = Stopwatch.StartNew();
            var bytes = await chromium.Pages[0].RenderAsync(html, format);
            browser.Add(clock.Elapsed, bytes);
        }

        browser.CpuMilliseconds += Cpu.OwnMilliseconds() + Cpu.DescendantsMilliseconds() - cpu;
    }

    latency.Add((format, ours, browser));
    if (format == AssetFormat.Jpeg)
    {
        lastJpeg = (ours.Last, browser.Last);
    }

    Console.WriteLine($"{format}: ours p50 {ours.P(0.5):0.0} ms, Chromium p50 {browser.P(0.5):0.0} ms");
}

// Throughput on both cores, JPEG: each side twice for half the time, alternating, so neither gets only the quiet half.
var half = TimeSpan.FromSeconds(seconds / 2.0);
var oursRun = new Throughput();
var browserRun = new Throughput();
for (var round = 0; round < 2; round++)
{
    oursRun = oursRun.Add(RunOurs(design, half));
    browserRun = browserRun.Add(await RunChromium(chromium, html, half));
}

var loadAfter = LoadAverage();
Console.WriteLine($"Load average after: {loadAfter}");

var root = RepositoryRoot();
var images = Path.Combine(root, "docs", "images");
Directory.CreateDirectory(images);
File.WriteAllBytes(Path.Combine(images, "render-vs-chromium-ours.jpg"), Preview(lastJpeg.Ours));
File.WriteAllBytes(Path.Combine(images, "render-vs-chromium-chromium.jpg"), Preview(lastJpeg.Chromium));

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Renderer vs Chromium — {startedAt:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, Chromium {chromium.Version}, {perSide} renders per side per format after {OurWarmUps} (ours) and {WarmUps} (Chromium) warm-ups, interleaved in blocks of {Block}.")
    .AppendLine(CultureInfo.InvariantCulture, $"Load average (1/5/15 min) before: {loadBefore}; after: {loadAfter}.")
    .AppendLine(CultureInfo.InvariantCulture, $"Design: YouTube thumbnail {ThumbnailDesign.Spec.Width}×{ThumbnailDesign.Spec.Height}, layout {ThumbnailDesign.LayoutName}, headline \"{ThumbnailDesign.Headline}\" ({headline.Lines} lines at {headline.FontSize:0} px), subline, {ThumbnailDesign.Badge} badge, 256 px PNG logo.")
    .AppendLine(CultureInfo.InvariantCulture, $"Ours: the whole `AssetRenderer` call — layout, text fitting and shaping, drawing, viral score, encoding, and the 480 px gallery preview (a JPEG for this opaque design); the score alone took p50 {Stats.Percentile(scoreTimes, 0.5):0.0} ms, p95 {Stats.Percentile(scoreTimes, 0.95):0.0} ms over all our renders (render.score.duration).")
    .AppendLine("Chromium: `SetContentAsync` of the HTML then the screenshot (Playwright's for JPEG/PNG, CDP `Page.captureScreenshot` for WebP); the HTML carries our layout's positions and font sizes, so Chromium does no fitting.")
    .AppendLine(CultureInfo.InvariantCulture, $"Quality: ours JPEG starts at 92 and WebP at 88 (ImageEncoder steps down only past the 2 MB limit, not reached here), PNG through libvips at zlib level 2 without a row filter, WebP at libwebp effort 0; Chromium JPEG {Chromium.JpegQuality}, WebP {Chromium.WebpQuality}, PNG its default.")
    .AppendLine()
    .AppendLine("| format | ours p50 ms | ours p95 ms | Chromium p50 ms | Chromium p95 ms | Chromium ÷ ours (p50) | Chromium ÷ ours (p95) | goal | ours CPU ms | Chromium CPU ms | CPU ratio | ours KB | Chromium KB |")
    .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var (format, ours, browser) in latency)
{
    var goal = format switch { AssetFormat.Jpeg => "≥ 3.5×", AssetFormat.Png => "≥ 10×", _ => "—" };
    report.AppendLine(CultureInfo.InvariantCulture,
        $"| {format.ToString().ToUpperInvariant()} | {ours.P(0.5):0.0} | {ours.P(0.95):0.0} | {browser.P(0.5):0.0} | {browser.P(0.95):0.0} | {browser.P(0.5) / ours.P(0.5):0.00}× | {browser.P(0.95) / ours.P(0.95):0.00}× | {goal} | {ours.CpuPerRender:0} | {browser.CpuPerRender:0} | {browser.CpuPerRender / ours.CpuPerRender:0.00}× | {ours.MedianBytes / 1024:0} | {browser.MedianBytes / 1024:0} |");
}

report.AppendLine()
    .AppendLine("The issue counts the gallery preview as delivery, not rendering, and Chromium makes none; ours without it (each render's time less its own preview, render.preview.duration):")
    .AppendLine()
    .AppendLine("| format | ours without the preview p50 ms | p95 ms | Chromium ÷ ours (p50) | Chromium ÷ ours (p95) | goal |")
    .AppendLine("|---|---|---|---|---|---|");
foreach (var (format, ours, browser) in latency)
{
    var goal = format switch { AssetFormat.Jpeg => "≥ 3.5×, ≤ 20 ms", AssetFormat.Png => "≥ 10×, ≤ 25 ms", _ => "≤ 45 ms" };
    var p50 = Stats.Percentile(ours.WithoutPreview, 0.5);
    var p95 = Stats.Percentile(ours.WithoutPreview, 0.95);
    report.AppendLine(CultureInfo.InvariantCulture,
        $"| {format.ToString().ToUpperInvariant()} | {p50:0.0} | {p95:0.0} | {browser.P(0.5) / p50:0.00}× | {browser.P(0.95) / p95:0.00}× | {goal} |");
}

report.AppendLine()
    .AppendLine("CPU ms is CPU time per render over the timed blocks (all threads; for Chromium its processes, Playwright's driver and this process's client side), read from /proc: steadier than wall time when the machine is shared.");

report.AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"Throughput, JPEG, both cores, {seconds} s per side (two alternating halves):")
    .AppendLine()
    .AppendLine("| side | workers | renders | seconds | renders/s | goal |")
    .AppendLine("|---|---|---|---|---|---|")
    .AppendLine(CultureInfo.InvariantCulture, $"| ours | 2 threads | {oursRun.Renders} | {oursRun.Seconds:0.0} | {oursRun.Rate:0.0} | ≥ 80/s |")
    .AppendLine(CultureInfo.InvariantCulture, $"| Chromium | 2 pages (a context each) | {browserRun.Renders} | {browserRun.Seconds:0.0} | {browserRun.Rate:0.0} | — |")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"Throughput ratio (ours ÷ Chromium): {oursRun.Rate / browserRun.Rate:0.00}×.")
    .AppendLine(CultureInfo.InvariantCulture, $"Ceiling on two idle cores from the JPEG CPU time above (2,000 CPU ms a second): ours {2000 / latency[0].Ours.CpuPerRender:0} renders/s, Chromium {2000 / latency[0].Chromium.CpuPerRender:0} renders/s.");

Console.WriteLine();
Console.Write(report);
if (output is not null)
{
    File.WriteAllText(output, report.ToString());
}

static Throughput RunOurs(ThumbnailDesign design, TimeSpan span)
{
    var renders = 0;
    var clock = Stopwatch.StartNew();
    var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
    {
        while (clock.Elapsed < span)
        {
            design.Render(AssetFormat.Jpeg);
            Interlocked.Increment(ref renders);
        }
    })).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());
    return new Throughput(renders, clock.Elapsed.TotalSeconds);
}

static async Task<Throughput> RunChromium(Chromium chromium, string html, TimeSpan span)
{
    var renders = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(chromium.Pages.Select(async page =>
    {
        while (clock.Elapsed < span)
        {
            await page.RenderAsync(html, AssetFormat.Jpeg);
            Interlocked.Increment(ref renders);
        }
    }));
    return new Throughput(renders, clock.Elapsed.TotalSeconds);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "StreamerStudio.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

// Both sides' JPEG at half size and quality 70, through the same resampler: small enough to commit, fair to compare.
static byte[] Preview(byte[] jpeg)
{
    using var full = SKBitmap.Decode(jpeg);
    using var small = full.Resize(new SKImageInfo(full.Width / 2, full.Height / 2), new SKSamplingOptions(SKCubicResampler.Mitchell));
    using var data = small.Encode(SKEncodedImageFormat.Jpeg, 70);
    return data.ToArray();
}

/// <summary>One side's timed renders of one format.</summary>
internal sealed class Side
{
    private readonly List<int> _sizes = [];

    public List<double> Times { get; } = [];

    /// <summary>Ours only: each render's time less the gallery preview made inside it.</summary>
    public List<double> WithoutPreview { get; } = [];

    public byte[] Last { get; private set; } = [];

    public double CpuMilliseconds { get; set; }

    public double CpuPerRender => CpuMilliseconds / Times.Count;

    public double MedianBytes => _sizes.Order().ElementAt(_sizes.Count / 2);

    public void Add(TimeSpan elapsed, byte[] bytes)
    {
        Times.Add(elapsed.TotalMilliseconds);
        _sizes.Add(bytes.Length);
        Last = bytes;
    }

    public double P(double q) => Stats.Percentile(Times, q);
}

internal sealed record Throughput(int Renders = 0, double Seconds = 0)
{
    public double Rate => Renders / Seconds;

    public Throughput Add(Throughput other) => new(Renders + other.Renders, Seconds + other.Seconds);
}

internal static class Stats
{
    /// <summary>Nearest-rank percentile, as bench/RenderBench.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
