using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace LivePathBench;

/// <summary>
/// The runtime's own record of every method it compiles (MethodLoadVerbose), counted by namespace and name, for
/// <c>--trace</c>: code compiled while a creator clicks and waits is code running unoptimised, and new dynamic methods
/// keep resetting the runtime's tiering delay.
/// </summary>
internal sealed class JitLog : EventListener
{
    private readonly ConcurrentDictionary<string, int> _compiled = new();
    private volatile bool _counting;

    public void Start() => _counting = true;

    public IReadOnlyList<KeyValuePair<string, int>> Stop()
    {
        _counting = false;
        return [.. _compiled.OrderByDescending(c => c.Value)];
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            // 0x10: JIT keyword; verbose carries the method's names.
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x10);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_counting || e.EventName is null || !e.EventName.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) || e.Payload is null)
        {
            return;
        }

        var ns = e.PayloadNames!.IndexOf("MethodNamespace") is var i and >= 0 ? e.Payload[i] as string : null;
        var name = e.PayloadNames.IndexOf("MethodName") is var j and >= 0 ? e.Payload[j] as string : null;
        var flags = e.PayloadNames.IndexOf("MethodFlags") is var k and >= 0 ? Convert.ToInt64(e.Payload[k]) : 0;
        // MethodFlags 0x1: dynamic method.
        var key = $"{((flags & 1) != 0 ? "[dynamic] " : "")}{ns}::{name}";
        _compiled.AddOrUpdate(key, 1, (_, n) => n + 1);
    }
}
