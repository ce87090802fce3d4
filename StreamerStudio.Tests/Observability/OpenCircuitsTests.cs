using StreamerStudio.Domain.Observability;

namespace StreamerStudio.Tests.Observability;

/// <summary>
/// The open-circuit count follows a real browser: up when a page becomes interactive, down when the person leaves
/// it. The class has its app to itself, so no other test's circuits come and go meanwhile.
/// </summary>
public sealed class OpenCircuitsTests(StudioAppFixture app) : IClassFixture<StudioAppFixture>
{
    [Fact]
    public async Task A_page_opens_a_circuit_and_leaving_it_closes_the_circuit()
    {
        var metrics = app.Services.GetRequiredService<StudioMetrics>();
        using var recorded = new RecordedMeasurements(metrics);
        long Open() => metrics.Recent.Read().OpenCircuits;
        var before = Open();

        await using var creator = await app.SignInNewUserAsync();
        await creator.Page.WaitForCircuitAsync();
        await recorded.UntilAsync(() => Open() == before + 1, "the dashboard's circuit to open");
        Assert.Contains(recorded.Of(StudioMetrics.OpenCircuits), r => r.Value == 1);

        // Leaving the page: Blazor tells the server on pagehide, and the server lets the circuit go at once.
        await creator.Page.GotoAsync("about:blank");
        await recorded.UntilAsync(() => Open() == before, "the circuit to close");
        Assert.Contains(recorded.Of(StudioMetrics.OpenCircuits), r => r.Value == -1);
    }
}
