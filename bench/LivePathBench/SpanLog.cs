using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace LivePathBench;

/// <summary>
/// Every span the app starts (its own, ASP.NET Core's, Npgsql's commands) on the bench's clock, for <c>--trace</c>:
/// where a try's time went, command by command, without a profiler in the way.
/// </summary>
internal sealed class SpanLog : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentDictionary<Activity, (double Wall, double Cpu, int Gen0, int Gen2)> started = new();
    private readonly ConcurrentQueue<(double Start, double End, double ThreadCpu, int Gen0, int Gen2, string Name)> spans = new();

    public SpanLog()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = a => started[a] = (HostClock.Now(), CpuClock.ThreadMs(), GC.CollectionCount(0), GC.CollectionCount(2)),
            // The thread's CPU time means something only for a span that starts and stops on one thread without
            // awaiting (the render); the collections are the whole process's, during the span.
            ActivityStopped = a =>
            {
                if (started.TryRemove(a, out var start))
                {
                    spans.Enqueue((start.Wall, HostClock.Now(), CpuClock.ThreadMs() - start.Cpu, GC.CollectionCount(0) - start.Gen0,
                        GC.CollectionCount(2) - start.Gen2, Describe(a)));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>The spans that overlap [from, to], as markdown rows relative to <paramref name="from"/>.</summary>
    public IEnumerable<string> Rows(double from, double to) =>
        spans.Where(s => s.End >= from && s.Start <= to)
            .OrderBy(s => s.Start)
            .Select(s => string.Create(CultureInfo.InvariantCulture,
                $"| {s.Start - from:F1} | {s.End - s.Start:F1} | {s.Name.Replace("|", "\\|", StringComparison.Ordinal)} |"));

    /// <summary>Durations of the spans of one source and name that started within [from, to].</summary>
    public List<double> Durations(string name, double from, double to) =>
        spans.Where(s => s.Name == name && s.Start >= from && s.Start <= to).Select(s => s.End - s.Start).ToList();

    /// <summary>The same spans' thread CPU time, and how many of them saw a gen-0 and a gen-2 collection.</summary>
    public (List<double> ThreadCpu, int WithGen0, int WithGen2) Cpu(string name, double from, double to)
    {
        var matching = spans.Where(s => s.Name == name && s.Start >= from && s.Start <= to).ToList();
        return (matching.Select(s => s.ThreadCpu).ToList(), matching.Count(s => s.Gen0 > 0), matching.Count(s => s.Gen2 > 0));
    }

    private static string Describe(Activity a)
    {
        var statement = a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement");
        var text = statement is string sql ? sql.ReplaceLineEndings(" ") : a.DisplayName;
        return $"{a.Source.Name}: {(text.Length > 140 ? text[..140] + "…" : text)}";
    }

    public void Dispose() => listener.Dispose();
}
