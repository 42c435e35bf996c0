using System.Reflection;
using System.Text.RegularExpressions;
using NasArena.Platform.Configuration;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Web.Hosting;

namespace NasArena.Platform.Tests.Configuration;

/// <summary>README.md's configuration table and the options classes (IOptionsSection) name the same keys.</summary>
[Trait("Category", "Integration")]
public sealed class ConfigurationTableTests
{
    /// <summary>Section__Key of every settable property of every options class in the platform and the web process.</summary>
    private static SortedSet<string> KeysOfTheOptionsClasses()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in new[] { typeof(IOptionsSection).Assembly, typeof(NasArenaApp).Assembly }.SelectMany(a => a.GetTypes())
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IOptionsSection).IsAssignableFrom(t)))
        {
            var section = (string)type.GetProperty(nameof(IOptionsSection.Section), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
            {
                keys.Add($"{section}__{property.Name}");
            }
        }
        return keys;
    }

    /// <summary>The backticked Section__Key names (or deeper ones) in the first column of the table under "Configuration".</summary>
    private static SortedSet<string> KeysOfTheReadme()
    {
        var lines = File.ReadAllLines(Path.Combine(TestServers.RepoRoot, "README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("Configuration (", StringComparison.Ordinal));
        Assert.True(start >= 0, "README.md has no paragraph starting with 'Configuration ('.");
        var rows = lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2);
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var firstCell = row.Split('|', StringSplitOptions.TrimEntries)[1];
            // A nested key (RateLimits__SignIn__PerIp, ForwardedHeaders__KnownProxies__0) documents its section's property.
            foreach (Match key in Regex.Matches(firstCell, @"`([A-Za-z0-9]+__[A-Za-z0-9]+)(?:__[A-Za-z0-9]+)*`"))
            {
                keys.Add(key.Groups[1].Value);
            }
        }
        return keys;
    }

    [Fact]
    public void TheReadmeDocumentsEveryKeyOfTheOptionsClassesAndNoOther()
    {
        var code = KeysOfTheOptionsClasses();
        var readme = KeysOfTheReadme();
        Assert.True(code.Count >= 20, $"Found only {code.Count} keys in the options classes: {string.Join(", ", code)}");
        var undocumented = code.Except(readme).ToList();
        Assert.True(undocumented.Count == 0, $"README.md's configuration table lacks: {string.Join(", ", undocumented)}");
        var unknown = readme.Except(code).ToList();
        Assert.True(unknown.Count == 0, $"README.md documents keys that no options class has: {string.Join(", ", unknown)}");
    }
}
