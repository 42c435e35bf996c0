using IEnumerable = System.Collections.IEnumerable;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NasArena.Platform.Jobs;
using NasArena.Platform.Storage;
using NasArena.Platform.Telemetry;
using NasArena.Platform.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace NasArena.Platform.Tests.Telemetry;

/// <summary>The web process's traces and metrics, read through an in-memory exporter added to the same registration.</summary>
[Trait("Category", "Integration")]
public sealed class TelemetryTests
{
    private static string? Tag(Activity a, string key) => a.GetTagItem(key)?.ToString();

    private static IEnumerable<MetricPoint> Points(IEnumerable<MetricSnapshot> metrics, string name) =>
        metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints);

    private static bool Tagged(MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && tag.Value?.ToString() == value)
            {
                return true;
            }
        }
        return false;
    }

    [Fact]
    public async Task ScoringASubmissionExportsItsRequestDatabaseAndJobSpansAndTheQueueAndScoringHistograms()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        await using var host = await PlatformHost.StartAsync(Stack.PostgresS3, new Dictionary<string, string?> { ["Jobs:MaxAttempts"] = "1" },
            services => services
                .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics)));
        var s = await Scenario.CreateAsync(host);
        var id = Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)),
            HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        var scored = await s.Participant.WaitForFinalAsync(id);
        Assert.Equal("Scored", scored["status"]!.GetValue<string>());

        // Then a platform fault that persists (its file gone, one attempt allowed): the run fails as a missing object.
        var artifact = (await new SubmissionRows(host).LoadAsync(id)).Artifact!;
        await host.Get<IObjectStore>().DeleteAsync(artifact.ObjectKey, CancellationToken.None);
        await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{id}/rescore", null), HttpStatusCode.OK);
        var failed = await s.Participant.WaitForFinalAsync(id);
        Assert.Equal("Failed", failed["status"]!.GetValue<string>());

        host.Get<TracerProvider>().ForceFlush();
        host.Get<MeterProvider>().ForceFlush();
        List<Activity> all;
        lock (spans)
        {
            all = spans.ToList();
        }
        Assert.Contains(all, a => a.Kind == ActivityKind.Server && Tag(a, "http.request.method") == "POST" &&
            (Tag(a, "http.route") ?? "").Contains("submissions", StringComparison.Ordinal));
        Assert.Contains(all, a => a.Source.Name == "Npgsql" && a.Kind == ActivityKind.Client);
        var jobs = all.Where(a => a.Source.Name == ScoringTelemetry.Name && Tag(a, "nasarena.submission.id") == id.ToString()).ToList();
        var described = string.Join("; ", jobs.Select(a => string.Join(",", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))));
        Assert.True(jobs.Any(a => Tag(a, "nasarena.track.kind") == "Predictor" && Tag(a, "nasarena.scoring.run") == "0" &&
            Tag(a, "nasarena.scoring.outcome") == "completed"), described + " / " + scored.ToJsonString());
        Assert.True(jobs.Any(a => Tag(a, "nasarena.scoring.outcome") == "failed" && Tag(a, "nasarena.scoring.failure_reason") == "missing_object" &&
            a.Status == ActivityStatusCode.Error), string.Join("; ", jobs.Select(a => string.Join(",", a.TagObjects.Select(t => $"{t.Key}={t.Value}")))) +
            " / " + failed.ToJsonString());

        List<MetricSnapshot> exported;
        lock (metrics)
        {
            exported = metrics.ToList();
        }
        Assert.Contains(Points(exported, ScoringTelemetry.QueueWaitName), p => Tagged(p, "kind", "Predictor") && p.GetHistogramCount() >= 1);
        Assert.Contains(Points(exported, ScoringTelemetry.DurationName), p => Tagged(p, "kind", "Predictor") && p.GetHistogramCount() >= 1);
        Assert.Contains(Points(exported, ScoringTelemetry.FailuresName),
            p => Tagged(p, "kind", "Predictor") && Tagged(p, "reason", "missing_object") && p.GetSumLong() >= 1);
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        // No defaults: the machine's own environment (an OTEL_EXPORTER_OTLP_ENDPOINT of whoever runs the tests) stays out.
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddNasArenaTelemetry(builder.Configuration, TelemetrySetup.WorkerService);
        return builder.Build();
    }

    /// <summary>The OTLP exporters anywhere in the providers' insides (processors, readers, composites).</summary>
    private static List<string> OtlpExporters(IHost host)
    {
        var found = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        void Walk(object? o, int depth)
        {
            if (o is null || depth > 10 || o is string || o.GetType().IsPrimitive || o is Type || o is Delegate || !seen.Add(o))
            {
                return;
            }
            var type = o.GetType();
            if (type.Name.StartsWith("Otlp", StringComparison.Ordinal) && type.Name.EndsWith("Exporter", StringComparison.Ordinal))
            {
                found.Add(type.Name);
            }
            if (o is IEnumerable && type.Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true || type.IsArray)
            {
                foreach (var item in (IEnumerable)o)
                {
                    Walk(item, depth + 1);
                }
                return;
            }
            if (type.Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) != true)
            {
                return;
            }
            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
                {
                    Walk(field.GetValue(o), depth + 1);
                }
            }
        }
        Walk(host.Services.GetRequiredService<TracerProvider>(), 0);
        Walk(host.Services.GetRequiredService<MeterProvider>(), 0);
        return found;
    }

    [Fact]
    public void WithNoOtlpSettingsNeitherProviderHasAnExporter()
    {
        using var host = Host([]);
        Assert.Empty(OtlpExporters(host));
    }

    [Fact]
    public void AnEndpointInTheTelemetrySectionOrTheStandardVariableAddsAnOtlpExporterToBothProviders()
    {
        // The positive control of the test above: the same probe finds the exporters once an endpoint is configured.
        using (var bound = Host(new() { ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:4318", ["Telemetry:OtlpProtocol"] = "http/protobuf" }))
        {
            Assert.Equal(["OtlpMetricExporter", "OtlpTraceExporter"], OtlpExporters(bound).Order());
        }
        using var standard = Host(new() { [TelemetrySetup.EndpointVariable] = "http://127.0.0.1:4317" });
        Assert.Equal(["OtlpMetricExporter", "OtlpTraceExporter"], OtlpExporters(standard).Order());
    }

    [Fact]
    public void AnEndpointThatIsNoUrlOrAnUnknownProtocolIsRefusedNamingItsKey()
    {
        var problems = new TelemetryOptions { OtlpEndpoint = "otel-collector:4317", OtlpProtocol = "udp" }.Problems().ToList();
        Assert.Contains(problems, p => p.Contains("`Telemetry:OtlpEndpoint`", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("`Telemetry:OtlpProtocol`", StringComparison.Ordinal));
        Assert.Empty(new TelemetryOptions { OtlpEndpoint = "http://otel-collector:4317" }.Problems());
    }

    [Fact]
    public void EveryFaultKindHasAReasonClassForTheFailuresCounter()
    {
        Assert.Equal("missing_object", FaultKind.Class(new ObjectNotFoundException("submissions/x")));
        Assert.Equal("object_storage", FaultKind.Class(new HttpRequestException("refused")));
        Assert.Equal("internal", FaultKind.Class(new InvalidOperationException()));
    }
}
