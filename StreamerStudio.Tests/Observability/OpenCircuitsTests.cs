using StreamerStudio.Domain.Observability;

namespace StreamerStudio.Tests.Observability;

/// <summary>
/// The open-circuit count follows a real browser: up when a page becomes interactive, down when the person leaves
/// it. The class has its app to itself, so no other test's circuits come and go meanwhile; the app runs no job
/// server, which would compete with the job-server apps of other test classes (see <see cref="JobServerCollection"/>).
/// </summary>
public sealed class OpenCircuitsTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
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

        // Leaving for a page that is not Blazor's: on pagehide Blazor posts _blazor/disconnect, and the server lets
        // the circuit go at once instead of keeping it for a reconnect.
        var beacons = 0;
        creator.Context.RequestFinished += (_, request) =>
        {
            if (request.Url.EndsWith("/_blazor/disconnect", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref beacons);
            }
        };
        await creator.Page.GotoAsync("/healthz");
        await recorded.UntilAsync(() => Open() == before, $"the circuit to close ({beacons} disconnect beacons answered)");
        Assert.Contains(recorded.Of(StudioMetrics.OpenCircuits), r => r.Value == -1);
    }
}
