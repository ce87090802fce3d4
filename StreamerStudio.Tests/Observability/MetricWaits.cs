using System.Diagnostics.Metrics;
using System.Threading.Channels;
using StreamerStudio.Domain.Observability;

namespace StreamerStudio.Tests.Observability;

/// <summary>
/// Every measurement of one app's <see cref="StudioMetrics"/> (its meter alone: other apps in this test process
/// have their own), kept for assertions and signalled, so a test waits for the measurement it expects instead of
/// waiting for time to pass.
/// </summary>
internal sealed class RecordedMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Channel<Recorded> _arrived = Channel.CreateUnbounded<Recorded>();
    private readonly List<Recorded> _all = [];

    public sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);

    public RecordedMeasurements(StudioMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i.Name, v, t));
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i.Name, v, t));
        _listener.Start();
    }

    public IReadOnlyList<Recorded> Of(string instrument)
    {
        lock (_all)
        {
            return [.. _all.Where(r => r.Instrument == instrument)];
        }
    }

    /// <summary>Waits until a measurement arrives after which <paramref name="done"/> holds (checked at once too).</summary>
    public async Task UntilAsync(Func<bool> done, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!done())
        {
            try
            {
                await _arrived.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Still waiting for {what} after a minute.");
            }
        }
    }

    private void Add(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var recorded = new Recorded(instrument, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString()));
        lock (_all)
        {
            _all.Add(recorded);
        }

        _arrived.Writer.TryWrite(recorded);
    }

    public void Dispose() => _listener.Dispose();
}
