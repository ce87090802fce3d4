using System.Diagnostics;
using System.Globalization;
using System.Text;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

// Render time per asset type and format, one render at a time on one thread: what a Hangfire worker does.
// Usage: dotnet run -c Release --project bench/RenderBench [renders per case] [markdown output file]
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 12;
var output = args.Length > 1 ? args[1] : null;
var renderer = new AssetRenderer();
var brand = BrandStyle.Default with { Tone = Tone.Competitive };
var report = new StringBuilder()
    .AppendLine($"Render benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {runs} renders per case after 2 warm-ups, one thread.")
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

Console.Write(report);
if (output is not null)
{
    File.WriteAllText(output, report.ToString());
}
