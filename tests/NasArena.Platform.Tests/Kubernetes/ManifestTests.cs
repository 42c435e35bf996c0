using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NasArena.Platform.Jobs;
using NasArena.Platform.Health;

namespace NasArena.Platform.Tests.Kubernetes;

/// <summary>
/// The production overlay as `kubectl kustomize` renders it, held to the rules of issue 13 and cross-checked with the
/// code it runs (endpoint paths, ports, queue names, shutdown timeouts, the secrets folder). There is no API server
/// here to validate against, so the fields these objects need are checked by hand.
/// </summary>
[Trait("Category", "Deploy")]
public sealed class ManifestTests
{
    private static readonly Lazy<RenderedManifests> Production = new(() => RenderedManifests.Render("production"));
    private static RenderedManifests P => Production.Value;

    private static readonly string[] Workloads = ["nasarena-web", "nasarena-worker-cpu", "nasarena-worker-gpu"];

    [Fact]
    public void TheProductionOverlayRendersEveryObjectTheDeploymentNeeds()
    {
        foreach (var (kind, name) in new[]
        {
            ("Namespace", "nasarena"), ("ConfigMap", "nasarena-config"), ("ServiceAccount", "nasarena"), ("Job", "nasarena-migrate"),
            ("Deployment", "nasarena-web"), ("Service", "nasarena-web"), ("Ingress", "nasarena-web"),
            ("Deployment", "nasarena-worker-cpu"), ("Deployment", "nasarena-worker-gpu"),
            ("ScaledObject", "nasarena-worker-cpu"), ("ScaledObject", "nasarena-worker-gpu"), ("TriggerAuthentication", "nasarena-keda-postgres"),
            ("PodDisruptionBudget", "nasarena-web"), ("PodDisruptionBudget", "nasarena-worker-cpu"), ("PodDisruptionBudget", "nasarena-worker-gpu"),
            ("NetworkPolicy", "nasarena-workers"),
        })
        {
            P.Get(kind, name);
        }
        foreach (var o in P.Objects)
        {
            Assert.False(string.IsNullOrEmpty((string?)o["apiVersion"]), $"{o["kind"]} has no apiVersion");
            Assert.False(string.IsNullOrEmpty((string?)o["metadata"]?["name"]), $"a {o["kind"]} has no name");
            if ((string?)o["kind"] != "Namespace")
            {
                Assert.True((string?)o["metadata"]!["namespace"] == "nasarena", $"{o["kind"]}/{o["metadata"]!["name"]} is not in namespace nasarena");
            }
        }
    }

    [Fact]
    public void TheDevOverlayRendersToo() => Assert.NotEmpty(RenderedManifests.Render("dev").OfKind("Deployment"));

    [Fact]
    public void EveryDeploymentSelectsItsOwnPodsAndEveryReferenceNamesAnObjectThatExists()
    {
        foreach (var name in Workloads)
        {
            var d = P.Get("Deployment", name);
            var selector = d["spec"]!["selector"]!["matchLabels"]!.AsObject();
            var labels = d["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
            Assert.NotEmpty(selector);
            foreach (var (k, v) in selector)
            {
                Assert.True((string?)labels[k] == (string?)v, $"{name}: selector {k}={v} does not match its pod labels");
            }
            var spec = RenderedManifests.PodSpec(d);
            var volumes = spec["volumes"]!.AsArray().Select(v => (string)v!["name"]!).ToHashSet();
            foreach (var c in RenderedManifests.AllContainers(spec))
            {
                Assert.False(string.IsNullOrEmpty((string?)c["name"]), $"{name} has a container without a name");
                foreach (var m in c["volumeMounts"]?.AsArray() ?? [])
                {
                    Assert.Contains((string)m!["name"]!, volumes);
                }
            }
            Assert.Equal("nasarena", (string?)spec["serviceAccountName"]);
            Assert.Equal("false", (string?)spec["automountServiceAccountToken"]);
        }
        foreach (var pdb in P.OfKind("PodDisruptionBudget"))
        {
            var app = (string?)pdb["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"];
            Assert.Contains(app, Workloads);
        }
        var service = P.Get("Service", "nasarena-web");
        Assert.Equal("nasarena-web", (string?)service["spec"]!["selector"]!["app.kubernetes.io/name"]);
        var backend = P.Get("Ingress", "nasarena-web")["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!;
        Assert.Equal("nasarena-web", (string?)backend["name"]);
        Assert.Contains(service["spec"]!["ports"]!.AsArray(), p => (string?)p!["name"] == (string?)backend["port"]!["name"]);
        Assert.Equal("nasarena-keda", (string?)P.Get("TriggerAuthentication", "nasarena-keda-postgres")["spec"]!["secretTargetRef"]![0]!["name"]);
    }

    /// <summary>Issue 23 (Why 18): TLS ends at the Ingress with a cert-manager certificate for the configured host, and the
    /// web pods believe X-Forwarded-Proto only from the cluster's network (the ingress controller), so cookies are Secure.</summary>
    [Fact]
    public void TheIngressServesTlsWithACertManagerCertificateAndTheWebTrustsOnlyTheClusterAsProxy()
    {
        var ingress = P.Get("Ingress", "nasarena-web");
        Assert.False(string.IsNullOrEmpty((string?)ingress["metadata"]!["annotations"]?["cert-manager.io/cluster-issuer"]),
            "the Ingress has no cert-manager.io/cluster-issuer annotation");
        var host = (string?)ingress["spec"]!["rules"]![0]!["host"];
        var tls = ingress["spec"]!["tls"]?.AsArray() ?? throw new Xunit.Sdk.XunitException("the Ingress has no tls section");
        var entry = Assert.Single(tls)!;
        Assert.Equal([host], entry["hosts"]!.AsArray().Select(h => (string?)h));
        Assert.Equal("nasarena-web-tls", (string?)entry["secretName"]);
        var config = P.Get("ConfigMap", "nasarena-config")["data"]!;
        Assert.False(string.IsNullOrEmpty((string?)config["ForwardedHeaders__KnownNetworks__0"]),
            "the web pods trust no proxy network: behind the Ingress every request would look like plain http");
    }

    [Fact]
    public void EveryContainerRunsAsNonRootWithoutPrivilegeAndWithLimits()
    {
        foreach (var (workload, spec) in PodSpecs())
        {
            var pod = spec["securityContext"]!;
            Assert.True((string?)pod["runAsNonRoot"] == "true", $"{workload}: runAsNonRoot is not set");
            Assert.NotEqual(0, RenderedManifests.Int(pod["runAsUser"]));
            foreach (var c in RenderedManifests.AllContainers(spec))
            {
                var where = $"{workload}/{c["name"]}";
                var sc = c["securityContext"] ?? throw new Xunit.Sdk.XunitException($"{where} has no securityContext");
                Assert.True((string?)sc["allowPrivilegeEscalation"] == "false", $"{where} may gain privileges");
                Assert.True((string?)sc["readOnlyRootFilesystem"] == "true", $"{where} has a writable root");
                Assert.True(sc["privileged"] is null || (string?)sc["privileged"] == "false", $"{where} is privileged");
                Assert.True(sc["runAsUser"] is null || RenderedManifests.Int(sc["runAsUser"]) != 0, $"{where} runs as root");
                Assert.Equal(["ALL"], sc["capabilities"]!["drop"]!.AsArray().Select(x => (string)x!));
                Assert.Null(sc["capabilities"]!["add"]);
                var limits = c["resources"]?["limits"] ?? throw new Xunit.Sdk.XunitException($"{where} has no limits");
                Assert.NotNull(limits["cpu"]);
                Assert.NotNull(limits["memory"]);
                Assert.NotNull(c["resources"]!["requests"]?["memory"]);
            }
        }
    }

    [Fact]
    public void TheGpuWorkerTakesOneGpuOnGpuNodesWithOneHangfireWorker()
    {
        var spec = RenderedManifests.PodSpec(P.Get("Deployment", "nasarena-worker-gpu"));
        var worker = spec["containers"]![0]!.AsObject();
        Assert.Equal("1", (string?)worker["resources"]!["limits"]!["nvidia.com/gpu"]);
        Assert.Null(worker["resources"]!["requests"]!["nvidia.com/gpu"]); // GPUs go in limits only
        Assert.Equal("true", (string?)spec["nodeSelector"]!["nvidia.com/gpu.present"]);
        Assert.Contains(spec["tolerations"]!.AsArray(), t => (string?)t!["key"] == "nvidia.com/gpu" && (string?)t["effect"] == "NoSchedule");
        Assert.Equal("1", Env(worker, "Worker__Count"));
        Assert.Equal("gpu", Env(worker, "Worker__Queues__0"));
        // The CPU worker never asks for a GPU.
        Assert.Null(RenderedManifests.PodSpec(P.Get("Deployment", "nasarena-worker-cpu"))["containers"]![0]!["resources"]!["limits"]!["nvidia.com/gpu"]);
    }

    [Fact]
    public void GracePeriodsOutlastTheNestedShutdownTimeouts()
    {
        // The web host keeps the default shutdown timeout, in which Kestrel drains open requests.
        var web = new HostOptions().ShutdownTimeout;
        var webGrace = TimeSpan.FromSeconds(RenderedManifests.Int(RenderedManifests.PodSpec(P.Get("Deployment", "nasarena-web"))["terminationGracePeriodSeconds"]));
        Assert.True(webGrace >= web + TimeSpan.FromSeconds(10), $"nasarena-web: terminationGracePeriodSeconds {webGrace.TotalSeconds} < host shutdown {web.TotalSeconds} + 10");
        foreach (var name in Workloads.Where(w => w != "nasarena-web"))
        {
            var spec = RenderedManifests.PodSpec(P.Get("Deployment", name));
            var worker = WorkerOptionsOf(spec["containers"]![0]!.AsObject());
            // What the worker checks at its start: the drain plus the requeue allowance fit in the host's timeout.
            Assert.True(!worker.Problems().Any(), $"{name}: {string.Join(" ", worker.Problems())}");
            Assert.True(worker.ShutdownTimeout > worker.JobShutdownTimeout, $"{name}: host {worker.ShutdownTimeout} <= Hangfire {worker.JobShutdownTimeout}");
            var grace = TimeSpan.FromSeconds(RenderedManifests.Int(spec["terminationGracePeriodSeconds"]));
            // At least 10 s beyond the host's timeout: the runtime's exit and a sandbox's teardown come after it.
            Assert.True(grace >= worker.ShutdownTimeout + TimeSpan.FromSeconds(10),
                $"{name}: terminationGracePeriodSeconds {grace.TotalSeconds} < the worker's shutdown timeout {worker.ShutdownTimeout.TotalSeconds} + 10");
        }
    }

    [Fact]
    public void AWorkerWhoseDrainDoesNotFitInItsShutdownTimeoutIsRefusedNamingTheKey()
    {
        var worker = Bind(new() { ["Worker:Shutdown"] = "Drain", ["Worker:DrainTimeout"] = "00:00:25", ["Worker:ShutdownTimeout"] = "00:00:30" });
        Assert.Contains(worker.Problems(), p => p.Contains("`Worker:ShutdownTimeout` must be longer than the drain (00:00:25)"));
        Assert.Equal(TimeSpan.FromSeconds(25), worker.JobStopTimeout);
        var cancel = Bind(new() { ["Worker:Shutdown"] = "cancel", ["Worker:DrainTimeout"] = "00:00:25" });
        Assert.Empty(cancel.Problems()); // the drain does not apply when jobs are cancelled
        Assert.Equal(TimeSpan.Zero, cancel.JobStopTimeout);
        Assert.Contains(Bind(new() { ["Worker:Shutdown"] = "Wait" }).Problems(), p => p.Contains("`Worker:Shutdown` must be one of Cancel, Drain; got 'Wait'"));
    }

    /// <summary>The Worker section as the container's environment variables (Worker__Key) set it.</summary>
    private static WorkerOptions WorkerOptionsOf(JsonObject container) => Bind(container["env"]!.AsArray()
        .Where(e => ((string?)e!["name"])!.StartsWith("Worker__", StringComparison.Ordinal) && e["value"] is not null)
        .ToDictionary(e => ((string?)e!["name"])!.Replace("__", ":"), e => (string?)e!["value"]));

    private static WorkerOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();

    [Fact]
    public void SecretsComeAsFilesInTheFolderTheProcessesReadNeverAsEnvironmentVariables()
    {
        var config = P.Get("ConfigMap", "nasarena-config")["data"]!;
        Assert.Equal(SecretFiles.DefaultDirectory, (string?)config["NASARENA_SECRETS_DIR"]);
        Assert.DoesNotContain("secretKeyRef", P.Yaml);
        foreach (var (workload, spec) in PodSpecs())
        {
            var secretVolume = spec["volumes"]!.AsArray().Single(v => v!["secret"] is not null)!;
            Assert.Equal("nasarena-secrets", (string?)secretVolume["secret"]!["secretName"]);
            foreach (var c in RenderedManifests.AllContainers(spec))
            {
                Assert.DoesNotContain(c["envFrom"]?.AsArray() ?? [], e => e!["secretRef"] is not null);
                var mount = c["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == (string?)secretVolume["name"])!;
                Assert.Equal((string?)config["NASARENA_SECRETS_DIR"], (string?)mount["mountPath"]);
                Assert.Equal("true", (string?)mount["readOnly"]);
            }
        }
    }

    [Fact]
    public void EachWorkerQueueHasAScaledObjectCountingThatQueueGpuToZeroCpuNever()
    {
        foreach (var queue in new[] { "cpu", "gpu" })
        {
            var deployment = P.Get("Deployment", $"nasarena-worker-{queue}");
            var worker = RenderedManifests.PodSpec(deployment)["containers"]![0]!.AsObject();
            Assert.Equal(queue, Env(worker, "Worker__Queues__0"));
            var scaled = P.Get("ScaledObject", $"nasarena-worker-{queue}")["spec"]!;
            Assert.Equal($"nasarena-worker-{queue}", (string?)scaled["scaleTargetRef"]!["name"]);
            var trigger = scaled["triggers"]!.AsArray().Single()!;
            Assert.Equal("postgresql", (string?)trigger["type"]);
            Assert.Equal(KedaQuery.For(queue), (string?)trigger["metadata"]!["query"]);
            // One job per Hangfire worker thread of a pod.
            Assert.Equal(Env(worker, "Worker__Count"), (string?)trigger["metadata"]!["targetQueryValue"]);
            var min = RenderedManifests.Int(scaled["minReplicaCount"]);
            if (queue == "gpu")
            {
                Assert.Equal(0, min);
            }
            else
            {
                Assert.True(min >= 1, "The CPU workers must never scale to zero: they keep the watchdog alive.");
            }
        }
    }

    [Fact]
    public void ProbesPointAtTheEndpointsAndPortsTheProcessesServe()
    {
        var webImagePort = Dockerfiles.Read("Dockerfile.web").WebPort;
        foreach (var name in Workloads)
        {
            var c = RenderedManifests.PodSpec(P.Get("Deployment", name))["containers"]![0]!.AsObject();
            Assert.Equal(NasArenaHealth.LivePath, (string?)c["livenessProbe"]!["httpGet"]!["path"]);
            Assert.Equal(NasArenaHealth.LivePath, (string?)c["startupProbe"]!["httpGet"]!["path"]);
            Assert.Equal(NasArenaHealth.ReadyPath, (string?)c["readinessProbe"]!["httpGet"]!["path"]);
            // Probe timeouts are longer than a readiness check may take (5 s per check, run in parallel).
            Assert.True(RenderedManifests.Int(c["readinessProbe"]!["timeoutSeconds"]) > 5);
            var portName = (string)c["readinessProbe"]!["httpGet"]!["port"]!;
            var port = RenderedManifests.Int(c["ports"]!.AsArray().Single(p => (string?)p!["name"] == portName)!["containerPort"]);
            var served = name == "nasarena-web" ? webImagePort : int.Parse(Env(c, "Worker__HealthPort")!);
            Assert.True(port == served, $"{name} probes port {port}; the process listens on {served}");
        }
    }

    [Fact]
    public void ImagesAreNamedConsistentlyAndEveryPodWaitsForTheMigrations()
    {
        var job = RenderedManifests.PodSpec(P.Get("Job", "nasarena-migrate"))["containers"]![0]!;
        const string registry = "registry.example.org/nasarena/";
        Assert.Equal(registry + "web:1.0.0", (string?)job["image"]);
        Assert.Equal(["migrate"], job["args"]!.AsArray().Select(a => (string)a!));
        foreach (var name in Workloads)
        {
            var spec = RenderedManifests.PodSpec(P.Get("Deployment", name));
            var init = spec["initContainers"]!.AsArray().Single()!;
            Assert.Equal(registry + "web:1.0.0", (string?)init["image"]);
            Assert.Equal(["wait-for-migrations"], init["args"]!.AsArray().Select(a => (string)a!));
            Assert.Equal(registry + name["nasarena-".Length..] + ":1.0.0", (string?)spec["containers"]![0]!["image"]);
        }
    }

    [Fact]
    public void WorkersTakeNoConnectionsAndReachOnlyDnsTheDatabaseObjectStorageAndTheTelemetryCollector()
    {
        var policy = P.Get("NetworkPolicy", "nasarena-workers")["spec"]!;
        Assert.Equal("worker", (string?)policy["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"]);
        Assert.Empty(policy["ingress"]!.AsArray());
        var ports = policy["egress"]!.AsArray().SelectMany(e => e!["ports"]!.AsArray()).Select(p => RenderedManifests.Int(p!["port"])).ToHashSet();
        Assert.Equal(new HashSet<int> { 53, 5432, 9000, 443, 4317, 4318 }, ports);
        // The collector the ConfigMap points telemetry at is reachable through the policy: exports are not dropped.
        var otlp = (string?)P.Get("ConfigMap", "nasarena-config")["data"]!["Telemetry__OtlpEndpoint"];
        Assert.NotNull(otlp);
        Assert.Contains(new Uri(otlp).Port, ports);
        foreach (var name in new[] { "nasarena-worker-cpu", "nasarena-worker-gpu" })
        {
            Assert.Equal("worker", (string?)P.Get("Deployment", name)["spec"]!["template"]!["metadata"]!["labels"]!["app.kubernetes.io/component"]);
        }
    }

    private static IEnumerable<(string Name, JsonObject Spec)> PodSpecs() =>
        Workloads.Select(n => (n, RenderedManifests.PodSpec(P.Get("Deployment", n))))
            .Append(("nasarena-migrate", RenderedManifests.PodSpec(P.Get("Job", "nasarena-migrate"))));

    private static string? Env(JsonObject container, string name) =>
        (string?)container["env"]?.AsArray().SingleOrDefault(e => (string?)e!["name"] == name)?["value"];
}
