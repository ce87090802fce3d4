using System.Text;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace StreamerStudio.Tests.Observability;

/// <summary>The app with a collector configured: a fake OTLP/HTTP receiver on 127.0.0.1 that accepts whatever it is sent.</summary>
public sealed class CollectorAppFixture : StudioAppFixture
{
    public WireMockServer Collector { get; } = WireMockServer.Start();

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Generation:RunWorkerInWeb=false",
        $"--Observability:OtlpEndpoint={Collector.Url}",
        "--Observability:OtlpProtocol=http/protobuf",
    ];

    public override async Task InitializeAsync()
    {
        Collector.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/x-protobuf"));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Collector.Stop();
    }
}

public sealed class OtlpExportTests(CollectorAppFixture app) : IClassFixture<CollectorAppFixture>
{
    [Fact]
    public async Task With_a_collector_configured_metrics_and_traces_are_posted_to_it_as_protobuf()
    {
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{app.BaseUrl}/healthz")).StatusCode);

        // Flushing exports now what the periodic reader and the batch processor would send within the minute.
        // The server span ends after the client has read the response, so a flush can run before it exists:
        // flush until the collector holds it (CI once flushed first and the post carried only start-up spans).
        var tracer = app.Services.GetRequiredService<TracerProvider>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Posts().Any(IsHealthTrace) && DateTime.UtcNow < deadline)
        {
            Assert.True(tracer.ForceFlush());
        }

        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush());

        var posts = Posts();
        var traces = Assert.Single(posts, IsHealthTrace);
        // Metrics may go out in more than one post (the periodic reader can fire during start-up); together they hold all instruments.
        var metrics = posts.Where(p => p.Path == "/v1/metrics").ToList();
        Assert.NotEmpty(metrics);
        Assert.All(metrics.Append(traces), p => Assert.StartsWith("application/x-protobuf", p.Headers!["Content-Type"].Single()));
        // Protobuf keeps strings as UTF-8: the service and our own instruments are in there by name.
        Assert.Contains("streamer-studio", Text(traces.BodyAsBytes));
        var metricNames = string.Concat(metrics.Select(m => Text(m.BodyAsBytes)));
        Assert.Contains("studio.queue.depth", metricNames);
        Assert.Contains("http.server.request.duration", metricNames);
    }

    private List<IRequestMessage> Posts() => app.Collector.LogEntries.Select(e => e.RequestMessage).Where(r => r.Method == "POST").ToList();

    private static bool IsHealthTrace(IRequestMessage post) => post.Path == "/v1/traces" && Text(post.BodyAsBytes).Contains("/healthz");

    private static string Text(byte[]? body) => Encoding.UTF8.GetString(body ?? []);
}

/// <summary>
/// The app without a collector, next to a fake one listening where an OTLP/HTTP exporter sends by default
/// (localhost:4318): an exporter registered without an endpoint would post there.
/// </summary>
public sealed class NoCollectorAppFixture : StudioAppFixture
{
    public WireMockServer DefaultCollector { get; } = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:4318"] });

    protected override IEnumerable<string> ExtraArguments => ["--Generation:RunWorkerInWeb=false"];

    public override async Task InitializeAsync()
    {
        DefaultCollector.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        DefaultCollector.Stop();
    }
}

public sealed class NoCollectorTests(NoCollectorAppFixture app) : IClassFixture<NoCollectorAppFixture>
{
    [Fact]
    public async Task Without_a_collector_nothing_is_exported()
    {
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{app.BaseUrl}/healthz")).StatusCode);

        app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Assert.Empty(app.DefaultCollector.LogEntries);
    }
}
