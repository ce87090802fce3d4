using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Domain.Observability;

public static class ObservabilityServices
{
    /// <summary>Where the collector is, in this app's configuration; the standard variable works too.</summary>
    public const string EndpointKey = "Observability:OtlpEndpoint";
    public const string StandardEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "Observability:OtlpProtocol";
    public const string StandardProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>
    /// Metrics (ours, the renderer's, ASP.NET Core's) and traces (ASP.NET Core, Npgsql, render jobs) for the web app
    /// and the worker alike. They leave the process only when a collector is configured; otherwise nothing is
    /// exported and nothing touches the network, and the admin overview still reads <see cref="StudioMetrics.Recent"/>.
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<StudioMetrics>();
        // Only a web host ever opens a circuit; in the worker this registration is never resolved.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitCounter>());

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName: "streamer-studio", serviceInstanceId: Environment.MachineName + "/" + Environment.ProcessId))
            .WithMetrics(m => m
                .AddMeter(StudioMetrics.MeterName, AssetRenderer.Meter.Name)
                // Built with the meter provider, not on first use: a web process without a worker or a circuit yet
                // must still report the queue depth (its gauge is created with the meter).
                .AddInstrumentation(sp => sp.GetRequiredService<StudioMetrics>())
                .AddAspNetCoreInstrumentation())
            .WithTracing(t => t
                .AddSource(StudioMetrics.MeterName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/_blazor"))
                .AddNpgsql());

        if (CollectorOf(builder.Configuration) is { } collector)
        {
            telemetry.UseOtlpExporter(collector.Protocol, collector.Endpoint);
        }

        return builder;
    }

    /// <summary>The configured collector, or null: no endpoint means no exporter at all (not one pointed at a default).</summary>
    internal static (Uri Endpoint, OtlpExportProtocol Protocol)? CollectorOf(IConfiguration configuration)
    {
        var endpoint = configuration[EndpointKey] is { Length: > 0 } ours ? ours : configuration[StandardEndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{EndpointKey} (or {StandardEndpointKey}) must be an http:// or https:// address, like http://collector:4318; it is \"{endpoint}\".");
        }

        var protocol = (configuration[ProtocolKey] is { Length: > 0 } p ? p : configuration[StandardProtocolKey])?.Trim().ToLowerInvariant() switch
        {
            null or "" or "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            "grpc" => OtlpExportProtocol.Grpc,
            var other => throw new InvalidOperationException($"{ProtocolKey} (or {StandardProtocolKey}) must be http/protobuf or grpc; it is \"{other}\"."),
        };
        return (uri, protocol);
    }
}
