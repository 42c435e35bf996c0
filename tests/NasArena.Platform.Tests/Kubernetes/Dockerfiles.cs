using System.Text.RegularExpressions;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Kubernetes;

/// <summary>A Dockerfile of deploy/platform read as instructions (continuation lines joined, comments dropped), by stage.</summary>
public sealed partial class Dockerfiles
{
    public required string Name { get; init; }
    public required IReadOnlyList<(string Instruction, string Arguments)> Lines { get; init; }

    public static Dockerfiles Read(string name)
    {
        var text = File.ReadAllText(Path.Combine(TestServers.RepoRoot, "deploy", "platform", name));
        var joined = text.Replace("\\\n", " ").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
        return new Dockerfiles
        {
            Name = name,
            Lines = joined.Select(l => l.Split(' ', 2) is var p ? (p[0].ToUpperInvariant(), p.Length > 1 ? p[1].Trim() : "") : default).ToList(),
        };
    }

    public IEnumerable<string> BaseImages => Lines.Where(l => l.Instruction == "FROM").Select(l => l.Arguments.Split(' ')[0]);

    /// <summary>The instructions of the last stage: what the image that runs holds.</summary>
    public IReadOnlyList<(string Instruction, string Arguments)> FinalStage => Lines.Skip(Lines.ToList().FindLastIndex(l => l.Instruction == "FROM")).ToList();

    public string FinalRun => string.Join('\n', FinalStage.Where(l => l.Instruction == "RUN").Select(l => l.Arguments));

    public string? User => FinalStage.LastOrDefault(l => l.Instruction == "USER").Arguments;

    public int WebPort => int.Parse(UrlPort().Match(string.Join('\n', FinalStage.Where(l => l.Instruction == "ENV").Select(l => l.Arguments))).Groups[1].Value);

    [GeneratedRegex(@"ASPNETCORE_URLS=http://0\.0\.0\.0:(\d+)")]
    private static partial Regex UrlPort();
}
