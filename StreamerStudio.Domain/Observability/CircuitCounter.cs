using Microsoft.AspNetCore.Components.Server.Circuits;

namespace StreamerStudio.Domain.Observability;

/// <summary>
/// Counts the Blazor circuits this process holds: opened when a page becomes interactive, closed when Blazor lets
/// it go (the tab closed or navigated away, or a lost connection outlived its retention period). The circuits
/// held, not the connections up, are what costs memory.
/// </summary>
internal sealed class CircuitCounter(StudioMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }
}
