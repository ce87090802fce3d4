using System.Diagnostics.Metrics;

namespace CircuitMemory;

/// <summary>
/// What a server process holds, read inside that process: the managed heap after full blocking collections, and how
/// many circuits Blazor says are alive. The same file is compiled into the bench (which hosts Streamer Studio) and into
/// the bench's copy of the stock template, so both sides are measured by the same code.
/// </summary>
public sealed class ServerHeap : IDisposable
{
    private const string CircuitMeter = "Microsoft.AspNetCore.Components.Server.Circuits";
    private readonly MeterListener _listener = new();
    private long _activeCircuits;
    private long _connectedCircuits;

    /// <summary>Starts counting; must run before the first circuit opens, as the counters are up/down deltas.</summary>
    public ServerHeap()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CircuitMeter && instrument.Name is "aspnetcore.components.circuit.active" or "aspnetcore.components.circuit.connected")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, delta, _, _) =>
            Interlocked.Add(ref instrument.Name == "aspnetcore.components.circuit.active" ? ref _activeCircuits : ref _connectedCircuits, delta));
        _listener.Start();
    }

    /// <summary>Circuits in memory, connected or kept for reconnection (disposed ones are gone).</summary>
    public long ActiveCircuits => Interlocked.Read(ref _activeCircuits);

    public long ConnectedCircuits => Interlocked.Read(ref _connectedCircuits);

    public HeapReading Read()
    {
        // Finalizers of closed circuits' objects can free more on a second pass; GetTotalMemory(true) itself repeats
        // collections until the figure settles.
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var live = GC.GetTotalMemory(forceFullCollection: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return new HeapReading(live, info.HeapSizeBytes, Environment.WorkingSet, ActiveCircuits, ConnectedCircuits);
    }

    public void Dispose() => _listener.Dispose();
}

/// <param name="LiveBytes">GC.GetTotalMemory after full blocking collections: bytes of live managed objects.</param>
/// <param name="HeapBytes">The GC heap's size after the last full blocking collection (live objects plus fragmentation).</param>
/// <param name="WorkingSetBytes">The process's RSS, for context only.</param>
public sealed record HeapReading(long LiveBytes, long HeapBytes, long WorkingSetBytes, long ActiveCircuits, long ConnectedCircuits);
