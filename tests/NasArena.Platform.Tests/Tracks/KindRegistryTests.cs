using System.Text.Json;
using System.Text.RegularExpressions;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Contract.Kinds;
using NasArena.Web.Components.Shared.Kinds;

namespace NasArena.Platform.Tests.Tracks;

/// <summary>
/// Issue 24, item 1: a track kind is described once, by its descriptor (ADR 0013). Nothing outside the kind's own
/// projects and the two registries names a kind, so no switch or if-chain over kinds can hide a forgotten place that
/// would show another kind's words or breakdown; a fourth kind is a descriptor, a module, a breakdown and references.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class KindRegistryTests
{
    /// <summary>The registries: the catalogue of descriptors, and the web's Razor parts per kind (breakdowns).</summary>
    private static readonly string[] Registries =
    [
        "src/NasArena.Platform/Tracks/TrackCatalog.cs",
        "src/NasArena.Web/Components/Shared/Kinds/KindViews.cs",
    ];

    [GeneratedRegex(@"\bTrackKind\.[A-Z]\w*")]
    private static partial Regex KindMember();

    /// <summary>A kind's projects: its module's (NasArena.X) and its descriptor's (NasArena.X.Kind), from the catalogue.</summary>
    private static IEnumerable<string> KindProjects() =>
        TrackCatalog.All.SelectMany(d => new[] { $"src/{d.Assembly}/", $"src/{d.Assembly}.Kind/" });

    [Fact]
    public void NoFileOutsideTheKindsOwnProjectsAndTheRegistriesNamesATrackKind()
    {
        var root = TestServers.RepoRoot;
        var allowed = KindProjects().ToList();
        var offenders = new List<string>();
        var scanned = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)) continue;
            scanned++;
            if (Registries.Contains(relative) || allowed.Any(p => relative.StartsWith(p, StringComparison.Ordinal))) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                foreach (Match m in KindMember().Matches(lines[i]))
                    offenders.Add($"{relative}:{i + 1}: {m.Value}");
        }
        Assert.True(scanned > 100, $"only {scanned} source files found under {root}/src: the scan would prove nothing.");
        Assert.True(offenders.Count == 0, "Read the kind's descriptor (TrackCatalog.Get(kind)) instead of naming a kind:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TheScanFindsAKindNamedInAFileOutsideTheKindsProjects()
    {
        // The regex the scan uses, on the lines it must refuse and the ones it must let through.
        Assert.Matches(KindMember(), "    case TrackKind.Supernet:");
        Assert.Matches(KindMember(), "phase.Track.Kind == TrackKind.UnseenData ? a : b");
        Assert.Matches(KindMember(), "TrackKind.Predictor => \"performance prediction\",");
        Assert.DoesNotMatch(KindMember(), "public static string KindName(TrackKind kind) =>");
        Assert.Contains("src/NasArena.Supernet.Kind/", KindProjects());
        Assert.DoesNotContain(KindProjects(), p => "src/NasArena.Web/Demo/SupernetDemo.cs".StartsWith(p, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryKindHasOneDescriptorAndOneBreakdown()
    {
        var kinds = Enum.GetValues<TrackKind>().Order().ToList();
        Assert.Equal(kinds, TrackCatalog.All.Select(d => d.Kind).Order());
        Assert.Equal(kinds, KindViews.Kinds.Order());
        foreach (var kind in kinds)
            Assert.True(KindViews.Breakdown(kind).IsAssignableTo(typeof(Microsoft.AspNetCore.Components.IComponent)), $"{kind}'s breakdown is not a component");
    }

    [Fact]
    public void EachDescriptorIsWhole()
    {
        foreach (var d in TrackCatalog.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(d.DisplayName), $"{d.Kind}: no display name");
            Assert.False(string.IsNullOrWhiteSpace(d.Description), $"{d.Kind}: no description");
            Assert.Contains(d.Queue, new[] { "cpu", "gpu" });
            Assert.NotEmpty(d.Metrics);
            Assert.NotEmpty(d.HiddenAssetKinds);
            Assert.All(d.RequiredAssets(JsonDocument.Parse("{}").RootElement), a => Assert.Contains(a, d.HiddenAssetKinds));
            Assert.True(d.Files.DefaultMaxBytes > 0, $"{d.Kind}: no default size");
            Assert.All(d.Files.Extensions ?? [], e => Assert.Matches("^\\.[a-z0-9]+$", e));
            Assert.Equal(d.Settings.Fields.Count, d.Settings.Fields.Select(f => f.Key).Distinct().Count());
            Assert.All(d.OrganizerOnlySettings, k => Assert.Contains(k, d.Settings.Fields.Select(f => f.Key)));
            if (d.PlatformSecretSetting is { } secret) Assert.Contains(secret, d.OrganizerOnlySettings);
        }
    }

    [Fact]
    public void EverySettingsDefaultIsAValueItsOwnFieldAccepts()
    {
        foreach (var d in TrackCatalog.All)
            foreach (var field in d.Settings.Fields.Where(f => f.Default is not null))
            {
                var json = JsonSerializer.SerializeToElement(field.Default);
                Assert.True(SettingsSchema.Problem(field, json) is null, $"{d.Kind}.{field.Key}: default {json.GetRawText()} is refused: {SettingsSchema.Problem(field, json)}");
                // A label that states the default ("Batch size (default 256)") states this one.
                if (field.Label is { } label && Regex.Match(label, @"default (\d+(\.\d+)?)\)") is { Success: true } m)
                    Assert.Equal(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                        Convert.ToDouble(field.Default, System.Globalization.CultureInfo.InvariantCulture) / field.DisplayScale);
            }
    }

    [Theory]
    [InlineData(TrackKind.Predictor, """{"topKPercent": 0}""", "Track setting 'topKPercent' is 0; expected a number above 0 and at most 100.")]
    [InlineData(TrackKind.Predictor, """{"topKPercent": "ten"}""", "Track setting 'topKPercent' is \"ten\"; expected a number above 0 and at most 100.")]
    [InlineData(TrackKind.Supernet, """{"mode": "zip"}""", "Track setting 'mode' is \"zip\"; expected \"checkpoint\" or \"score-file\".")]
    [InlineData(TrackKind.Supernet, """{"batchSize": 0}""", "Track setting 'batchSize' is 0; expected an integer from 1 to 65536.")]
    [InlineData(TrackKind.Supernet, """{"bnCalibrationBatches": 2.5}""", "Track setting 'bnCalibrationBatches' is 2.5; expected an integer from 0 to 10000.")]
    [InlineData(TrackKind.UnseenData, """{"privateTestFraction": 1}""", "Track setting 'privateTestFraction' is 1; expected a number of at least 0 and below 1.")]
    [InlineData(TrackKind.UnseenData, """{"hideLogs": "yes"}""", "Track setting 'hideLogs' is \"yes\"; expected true or false.")]
    [InlineData(TrackKind.UnseenData, """{"phases": {"final": {"runner": "podman"}}}""", "Track setting 'phases.final.runner' is \"podman\"; expected \"bubblewrap\" or \"docker\".")]
    public void ABadSettingIsNamedWithWhatItsSchemaExpects(TrackKind kind, string json, string expected) =>
        Assert.Equal(expected, TrackCatalog.Get(kind).Settings.ProblemsWithPhases(JsonDocument.Parse(json).RootElement).First());

    [Fact]
    public void KeysTheSchemaDoesNotNameBelongToThePlatformAndPass()
    {
        var settings = JsonDocument.Parse("""{"space": "demo", "shardSize": 8, "phases": {"final": {"batchSize": 64}}}""").RootElement;
        Assert.Empty(TrackCatalog.Get(TrackKind.Supernet).Settings.ProblemsWithPhases(settings));
    }

    [Fact]
    public void TheWebProcessScoresOnlyTheKindsWhoseScorerIsLight()
    {
        // The web image ships no TorchSharp and no sandbox (ADR 0013): only descriptors marked ScoredInWeb are registered there.
        // The multi-objective scorer is table look-ups and counting in pure C# (ADR 0048): light too.
        Assert.Equal([TrackKind.Predictor, TrackKind.HardwareMultiObjective], TrackCatalog.All.Where(d => d.ScoredInWeb).Select(d => d.Kind));
    }
}
