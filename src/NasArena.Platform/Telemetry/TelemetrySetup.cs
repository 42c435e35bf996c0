using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NasArena.Platform.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NasArena.Platform.Telemetry;

/// <summary>
/// The one OpenTelemetry registration of the web process and the worker: traces and metrics of ASP.NET Core, HttpClient
/// (object storage), Npgsql, the runtime and the scoring jobs (<see cref="ScoringTelemetry"/>). They go over OTLP only
/// when an endpoint is configured (<see cref="TelemetryOptions"/> or OTEL_EXPORTER_OTLP_ENDPOINT); otherwise no exporter
/// is added and nothing leaves the process. Tests add an exporter of their own through the SDK's hooks
/// (services.ConfigureOpenTelemetryTracerProvider / ConfigureOpenTelemetryMeterProvider), on this same pipeline.
/// </summary>
public static class TelemetrySetup
{
    public const string WebService = "nasarena-web";
    public const string WorkerService = "nasarena-worker";

    /// <summary>The standard variable the OTel SDK reads (with OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS, ...).</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddNasArenaTelemetry(this IServiceCollection services, IConfiguration config, string serviceName)
    {
        services.AddOptionsSection<TelemetryOptions>();
        var options = config.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var export = Export(options, config);
        // The worker's configured name, as Hangfire shows it; else the machine (the pod's name on Kubernetes).
        var instance = string.IsNullOrWhiteSpace(config["Worker:Name"]) ? Environment.MachineName : config["Worker:Name"]!;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceNamespace: "nasarena", serviceInstanceId: instance))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/healthz") && !c.Request.Path.StartsWithSegments("/readyz"))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource(ScoringTelemetry.Name);
                if (export is { } e)
                {
                    t.AddOtlpExporter(o => e(o, "v1/traces"));
                }
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(ScoringTelemetry.Name);
                if (export is { } e)
                {
                    m.AddOtlpExporter(o => e(o, "v1/metrics"));
                }
            });
        return services;
    }

    /// <summary>
    /// How the OTLP exporter is set up, or null for no export: the bound endpoint (with its protocol; the http one takes a
    /// path per signal), else OTEL_EXPORTER_OTLP_ENDPOINT, which the SDK reads itself.
    /// </summary>
    internal static Action<OtlpExporterOptions, string>? Export(TelemetryOptions options, IConfiguration config)
    {
        if (options.Endpoint is { } endpoint)
        {
            var http = string.Equals(options.OtlpProtocol, TelemetryOptions.HttpProtobuf, StringComparison.OrdinalIgnoreCase);
            return (o, signal) =>
            {
                o.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                o.Endpoint = http ? new Uri(new Uri(endpoint.ToString().TrimEnd('/') + "/"), signal) : endpoint;
            };
        }
        if (!string.IsNullOrWhiteSpace(config[EndpointVariable]))
        {
            return (_, _) => { };
        }
        return null;
    }
}
