using System.Diagnostics;
using System.Diagnostics.Metrics;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Domain.Observability;

/// <summary>
/// The studio's own figures: one meter, <c>StreamerStudio</c>, exported over OTLP when a collector is configured and
/// read back in-process by <see cref="Recent"/> for the admin overview, so both show the same numbers.
/// </summary>
/// <remarks>
/// Created through <see cref="IMeterFactory"/>, so each host (and each test's app) has a meter of its own and a
/// listener can tell them apart. Durations are in milliseconds, like the renderer's <c>StreamerStudio.Rendering</c>
/// meter, which is exported beside this one.
/// </remarks>
public sealed class StudioMetrics : IDisposable
{
    public const string MeterName = "StreamerStudio";

    /// <summary>
    /// Spans around work the ASP.NET Core and Npgsql instrumentation do not see: a render job, and inside it the
    /// render, the writing of its files and the delivery's transaction.
    /// </summary>
    public static readonly ActivitySource Traces = new(MeterName);

    public const string RenderDuration = "studio.render.duration";
    public const string QueueWait = "studio.queue.wait";
    public const string QueueDepth = "studio.queue.depth";
    public const string Jobs = "studio.jobs";
    public const string OpenCircuits = "studio.circuits.open";
    public const string Webhooks = "studio.webhooks";

    private readonly Histogram<double> _renderDuration;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _jobs;
    private readonly UpDownCounter<long> _circuits;
    private readonly Counter<long> _webhooks;
    private readonly QueueDepthProbe _queueDepth;

    public StudioMetrics(IMeterFactory meters, IDbContextFactory<StudioDbContext> dbFactory, TimeProvider clock)
    {
        Meter = meters.Create(MeterName);
        // Listening before anything is recorded: the open-circuit count is a running sum and must see every change.
        Recent = new RecentFigures(Meter, clock);
        _queueDepth = new QueueDepthProbe(dbFactory, clock);
        _renderDuration = Meter.CreateHistogram<double>(RenderDuration, "ms", "Rendering one asset (drawing, scoring, encoding), by asset type and format.");
        _queueWait = Meter.CreateHistogram<double>(QueueWait, "ms", "From submission to a worker starting the job, first attempts only.");
        _jobs = Meter.CreateCounter<long>(Jobs, "{job}", "Render jobs settled or sent back to the queue, by outcome: completed, failed, retried.");
        _circuits = Meter.CreateUpDownCounter<long>(OpenCircuits, "{circuit}", "Blazor circuits this process holds open.");
        _webhooks = Meter.CreateCounter<long>(Webhooks, "{request}", "Webhook calls answered, by provider and outcome: handled, ignored, refused, duplicate.");
        Meter.CreateObservableGauge(QueueDepth, _queueDepth.Observe, "{job}", "Render jobs waiting or being rendered, across all workers (from the database).");
    }

    public Meter Meter { get; }

    /// <summary>The last minutes of these figures, as this process saw them.</summary>
    public RecentFigures Recent { get; }

    /// <summary>Starts the span of one render job; the worker adds the job's type and format once it has claimed it.</summary>
    public static Activity? StartRenderJob(Guid jobId) =>
        Traces.StartActivity(RenderJobSpan)?.SetTag("studio.job.id", jobId);

    private const string RenderJobSpan = "render job";

    /// <summary>The render job's span, also from inside one of its steps' spans (the delivery settles the job).</summary>
    private static Activity? CurrentRenderJob()
    {
        for (var span = Activity.Current; span is not null; span = span.Parent)
        {
            if (span.Source == Traces && span.OperationName == RenderJobSpan)
            {
                return span;
            }
        }

        return null;
    }

    /// <summary>A worker claimed a job; a first attempt tells how long it waited in the queue.</summary>
    public void JobStarted(GenerationJob job, DateTimeOffset now)
    {
        CurrentRenderJob()?.SetTag("studio.asset.type", Tag(job.AssetType)).SetTag("studio.asset.format", Tag(job.Format)).SetTag("studio.job.attempt", job.RenderAttempts);
        if (job.RenderAttempts == 1)
        {
            _queueWait.Record(Math.Max(0, (now - job.QueuedAt).TotalMilliseconds), new KeyValuePair<string, object?>("asset.type", Tag(job.AssetType)));
        }
    }

    public void Rendered(AssetType type, AssetFormat format, TimeSpan took) =>
        _renderDuration.Record(took.TotalMilliseconds, new("asset.type", Tag(type)), new("asset.format", Tag(format)));

    public void JobSettled(AssetType? type, JobOutcome outcome)
    {
        CurrentRenderJob()?.SetTag("studio.job.outcome", Tag(outcome));
        _jobs.Add(1, new("asset.type", Tag(type)), new("outcome", Tag(outcome)));
    }

    public void CircuitOpened() => _circuits.Add(1);

    public void CircuitClosed() => _circuits.Add(-1);

    public void WebhookAnswered(string provider, WebhookAnswer answer) =>
        _webhooks.Add(1, new("provider", provider), new("outcome", Tag(answer)));

    /// <summary>The tag value of an enum: lower case, as collectors and dashboards expect.</summary>
    internal static string Tag<T>(T? value) where T : struct, Enum => value?.ToString().ToLowerInvariant() ?? "none";

    internal static string Tag<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>The meter itself belongs to the factory, which disposes it with the host.</summary>
    public void Dispose() => Recent.Dispose();
}

public enum JobOutcome
{
    Completed,
    Failed,
    Retried,
}

public enum WebhookAnswer
{
    Handled,
    Ignored,
    Refused,
    Duplicate,
}
