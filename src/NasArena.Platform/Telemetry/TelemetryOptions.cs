using NasArena.Platform.Configuration;

namespace NasArena.Platform.Telemetry;

/// <summary>
/// Bound from the "Telemetry" configuration section: where traces and metrics go over OTLP. Unset, and with no
/// OTEL_EXPORTER_OTLP_ENDPOINT in the environment either, nothing is exported (no exporter, no network traffic).
/// </summary>
public sealed class TelemetryOptions : IOptionsSection
{
    public static string Section => "Telemetry";

    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The collector's OTLP endpoint, e.g. http://otel-collector:4317; unset: OTEL_EXPORTER_OTLP_ENDPOINT, else no export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>grpc (port 4317, the default) or http/protobuf (port 4318); applies to <see cref="OtlpEndpoint"/>.</summary>
    public string OtlpProtocol { get; set; } = Grpc;

    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && Endpoint is null)
        {
            yield return $"`{Section}:{nameof(OtlpEndpoint)}` must be an absolute http or https URL (e.g. http://otel-collector:4317); got '{OtlpEndpoint}'.";
        }
        if (Check.OneOf($"{Section}:{nameof(OtlpProtocol)}", OtlpProtocol, Grpc, HttpProtobuf) is { } protocol)
        {
            yield return protocol;
        }
    }

    /// <summary>The configured endpoint when it is usable, else null.</summary>
    public Uri? Endpoint => Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
}
