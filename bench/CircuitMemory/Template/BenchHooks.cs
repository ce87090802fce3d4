using CircuitMemory;

namespace Template;

/// <summary>
/// The only addition to the stock template: the bench's copy answers GET /bench/heap with <see cref="ServerHeap"/>'s
/// reading, so bench/CircuitMemory can read this process's managed heap. Not part of Streamer Studio.
/// </summary>
public static class BenchHooks
{
    public static void MapBenchHooks(this WebApplication app)
    {
        var heap = new ServerHeap();
        app.Lifetime.ApplicationStopping.Register(heap.Dispose);
        app.MapGet("/bench/heap", () => heap.Read());
        app.MapGet("/bench/circuits", () => new { heap.ActiveCircuits, heap.ConnectedCircuits });
    }
}
