using System.Text.RegularExpressions;

namespace NasArena.Web.Tests.Components;

/// <summary>
/// The browser UI's plumbing exists once (issue 26 item 6), read from the sources: a copy that comes back fails here with
/// the file that holds it. Each rule names the one place that owns the thing.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class UiPlumbingRulesTests
{
    private static readonly string Components = Path.Combine(Repo.Root, "src", "NasArena.Web", "Components");
    private static readonly string Scripts = Path.Combine(Repo.Root, "src", "NasArena.Web", "wwwroot", "js");

    private static IEnumerable<(string Path, string Text)> Sources(params string[] patterns) =>
        patterns.SelectMany(p => Directory.EnumerateFiles(Components, p, SearchOption.AllDirectories))
            .Select(p => (Path.GetRelativePath(Components, p).Replace('\\', '/'), File.ReadAllText(p)));

    private static void OnlyIn(string owner, Regex pattern, string what)
    {
        var offenders = Sources("*.razor", "*.cs").Where(f => f.Path != owner && pattern.IsMatch(f.Text)).Select(f => f.Path).ToList();
        Assert.True(offenders.Count == 0, $"{what} belongs in {owner} alone; also found in: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void NoPageWritesItsOwnBusyCatchFinallyAroundAServiceCall() =>
        OnlyIn("Shared/PlatformComponent.cs", BusyCatchFinally(), "catch (DomainException) ... finally (use RunAsync)");

    [Fact]
    public void OnlyThePollerOwnsATimer() =>
        OnlyIn("Shared/Poller.cs", new Regex(@"new (Periodic)?Timer\("), "a timer (use Poller)");

    [Fact]
    public void OnlyTheResumableUploadComponentImportsAJavaScriptModule() =>
        OnlyIn("Shared/Uploads/ResumableUpload.razor.cs", new Regex("\"import\""), "a JS module import");

    [Fact]
    public void OnlyFormatFormatsSizes() =>
        OnlyIn("Shared/Format.cs", new Regex(@"static string (Bytes|Memory)\("), "a byte formatter (use Format)");

    [Fact]
    public void OneJavaScriptModuleDrivesEveryResumableUpload()
    {
        var modules = Directory.EnumerateFiles(Scripts, "*.js").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["resumable-upload.js", "upload.js"], modules);
    }

    [Fact]
    public void AComponentWithMoreThanThirtyLinesOfCodeKeepsItInACodeBehindFile()
    {
        // Lines of C# in an @code block, blank lines and comments aside. A block that only builds render fragments
        // (__builder) is markup written in C# syntax, which a code-behind file cannot hold.
        var offenders = new List<string>();
        foreach (var (path, text) in Sources("*.razor"))
        {
            var at = text.IndexOf("@code {", StringComparison.Ordinal);
            if (at < 0 || text.Contains("__builder", StringComparison.Ordinal))
            {
                continue;
            }
            var lines = text[(at + 7)..].Split('\n').Select(l => l.Trim())
                .Count(l => l.Length > 0 && l != "}" && !l.StartsWith("//", StringComparison.Ordinal));
            if (lines > 30)
            {
                offenders.Add($"{path} ({lines} lines)");
            }
        }
        Assert.True(offenders.Count == 0, "move the @code into a .razor.cs: " + string.Join(", ", offenders));
    }

    [Fact]
    public void ThePageShellHasBlazorsErrorBarWithAReloadLink()
    {
        var app = File.ReadAllText(Path.Combine(Components, "App.razor"));
        var bar = Regex.Match(app, "<div id=\"blazor-error-ui\"[^>]*>(?<inner>.*?)</div>", RegexOptions.Singleline);
        Assert.True(bar.Success, "App.razor has no #blazor-error-ui: a failed circuit would leave a dead page with no word");
        Assert.Contains("class=\"reload\"", bar.Groups["inner"].Value);
        var css = File.ReadAllText(Path.Combine(Repo.Root, "src", "NasArena.Web", "wwwroot", "app.css"));
        Assert.Matches(@"#blazor-error-ui\s*\{[^}]*display:\s*none", css);
    }

    [GeneratedRegex(@"catch \((NasArena\.Platform\.Errors\.)?DomainException[^)]*\)\s*\{[^{}]*\}\s*finally")]
    private static partial Regex BusyCatchFinally();
}
