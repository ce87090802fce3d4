using System.Diagnostics.Metrics;

namespace StreamerStudio.Domain.Observability;

/// <summary>Renders of one asset type and format in the window.</summary>
public sealed record RenderFigures(string AssetType, string Format, int Count, double P50Ms, double P95Ms);

/// <summary>What <see cref="RecentFigures.Read"/> returns: the studio's instruments over the last minutes, as this process saw them.</summary>
public sealed record LiveFigures(
    TimeSpan Window,
    IReadOnlyList<RenderFigures> Renders,
    double? RenderP95Ms,
    double RendersPerMinute,
    long? Queued,
    long? Processing,
    double? QueueWaitP95Ms,
    IReadOnlyDictionary<JobOutcome, long> Jobs,
    long OpenCircuits,
    IReadOnlyDictionary<WebhookAnswer, long> Webhooks)
{
    /// <summary>Nothing rendered, settled or answered in the window (open circuits and the queue are "now", not history).</summary>
    public bool NothingHappened => Renders.Count == 0 && QueueWaitP95Ms is null && Jobs.Values.Sum() == 0 && Webhooks.Values.Sum() == 0;
}

/// <summary>
/// The admin overview's view of <see cref="StudioMetrics"/>: a <see cref="MeterListener"/> on the same instruments
/// the exporter reads, keeping the last <see cref="Window"/> of measurements in memory. One source for both, so a
/// dashboard in the collector and the overview cannot disagree about what this process did.
/// </summary>
public sealed class RecentFigures : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>Bounds memory when something records far more than a studio does (about 20 renders a second for 15 minutes).</summary>
    private const int MaxSamples = 20_000;

    private readonly TimeProvider _clock;
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Queue<Sample> _samples = new();
    private long _openCircuits;
    private long? _queued;
    private long? _processing;

    private readonly record struct Sample(DateTimeOffset At, string Instrument, double Value, string? AssetType, string? Format, string? Outcome);

    internal RecentFigures(Meter meter, TimeProvider clock)
    {
        _clock = clock;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.Start();
    }

    public LiveFigures Read()
    {
        // The queue depth is observed, not recorded: asking for it now runs its (cached) database count.
        _listener.RecordObservableInstruments();
        lock (_lock)
        {
            Prune(_clock.GetUtcNow());
            var renders = _samples.Where(s => s.Instrument == StudioMetrics.RenderDuration).ToList();
            var waits = _samples.Where(s => s.Instrument == StudioMetrics.QueueWait).Select(s => s.Value).ToList();
            return new LiveFigures(
                Window,
                [.. renders.GroupBy(s => (s.AssetType ?? "none", s.Format ?? "none"))
                    .OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
                    .Select(g =>
                    {
                        var values = g.Select(s => s.Value).ToList();
                        return new RenderFigures(g.Key.Item1, g.Key.Item2, values.Count, Percentile(values, 0.50), Percentile(values, 0.95));
                    })],
                renders.Count == 0 ? null : Percentile([.. renders.Select(s => s.Value)], 0.95),
                renders.Count / Window.TotalMinutes,
                _queued,
                _processing,
                waits.Count == 0 ? null : Percentile(waits, 0.95),
                Enum.GetValues<JobOutcome>().ToDictionary(o => o, o => Count(StudioMetrics.Jobs, StudioMetrics.Tag(o))),
                Interlocked.Read(ref _openCircuits),
                Enum.GetValues<WebhookAnswer>().ToDictionary(o => o, o => Count(StudioMetrics.Webhooks, StudioMetrics.Tag(o))));
        }
    }

    private long Count(string instrument, string outcome) =>
        (long)_samples.Where(s => s.Instrument == instrument && s.Outcome == outcome).Sum(s => s.Value);

    private void Record(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (instrument == StudioMetrics.OpenCircuits)
        {
            Interlocked.Add(ref _openCircuits, (long)value);
            return;
        }

        string? type = null, format = null, outcome = null, status = null;
        foreach (var (key, tagValue) in tags)
        {
            switch (key)
            {
                case "asset.type": type = tagValue as string; break;
                case "asset.format": format = tagValue as string; break;
                case "outcome": outcome = tagValue as string; break;
                case "status": status = tagValue as string; break;
            }
        }

        lock (_lock)
        {
            if (instrument == StudioMetrics.QueueDepth)
            {
                if (status == "queued")
                {
                    _queued = (long)value;
                }
                else if (status == "processing")
                {
                    _processing = (long)value;
                }

                return;
            }

            var now = _clock.GetUtcNow();
            _samples.Enqueue(new Sample(now, instrument, value, type, format, outcome));
            Prune(now);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        while (_samples.Count > 0 && (_samples.Count > MaxSamples || now - _samples.Peek().At > Window))
        {
            _samples.Dequeue();
        }
    }

    /// <summary>Nearest-rank percentile: a value that was actually measured.</summary>
    private static double Percentile(List<double> values, double p)
    {
        values.Sort();
        return values[Math.Clamp((int)Math.Ceiling(p * values.Count) - 1, 0, values.Count - 1)];
    }

    public void Dispose() => _listener.Dispose();
}
