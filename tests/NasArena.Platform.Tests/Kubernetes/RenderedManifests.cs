using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace NasArena.Platform.Tests.Kubernetes;

/// <summary>
/// An overlay under deploy/kubernetes rendered by `kubectl kustomize` (offline: no cluster needed), each object as JSON.
/// Scalars stay strings as YAML wrote them (no typing guesses): read numbers with <see cref="Int"/>.
/// </summary>
public sealed class RenderedManifests
{
    public IReadOnlyList<JsonObject> Objects { get; }
    public string Yaml { get; }

    private RenderedManifests(string yaml, IReadOnlyList<JsonObject> objects)
    {
        Yaml = yaml;
        Objects = objects;
    }

    public static RenderedManifests Render(string overlay)
    {
        var dir = Path.Combine(TestServers.RepoRoot, "deploy", "kubernetes", "overlays", overlay);
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "kustomize", dir })
        {
            start.ArgumentList.Add(a);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is not installed: scripts/install-test-deps.sh installs it (it renders the manifests).", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var yaml = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {dir} failed ({process.ExitCode}):\n{stderr.Result}");
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return new RenderedManifests(yaml, stream.Documents.Select(d => (JsonObject)ToJson(d.RootNode)!).ToList());
        }
    }

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject Get(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => (string?)o["metadata"]?["name"] == name)
        ?? throw new Xunit.Sdk.XunitException($"The rendered manifests have no {kind} {name}; they have: " +
            string.Join(", ", Objects.Select(o => $"{o["kind"]}/{o["metadata"]?["name"]}")));

    /// <summary>The pod template's spec of a Deployment or Job.</summary>
    public static JsonObject PodSpec(JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    public static IEnumerable<JsonObject> AllContainers(JsonObject podSpec) =>
        new[] { "initContainers", "containers" }.SelectMany(k => podSpec[k]?.AsArray() ?? []).Select(c => c!.AsObject());

    public static int Int(JsonNode? node) => int.Parse((string)node!, CultureInfo.InvariantCulture);

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };
}
