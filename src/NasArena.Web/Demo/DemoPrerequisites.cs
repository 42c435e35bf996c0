using System.Diagnostics;

namespace NasArena.Web.Demo;

/// <summary>Something a demo track needs from the machine, and the Debian package that provides it.</summary>
public sealed record Prerequisite(string What, string DebianPackage, Func<bool> IsPresent);

/// <summary>
/// What each demo track needs beyond the app itself, checked before the track is seeded: a track whose needs are not
/// met is left out (and named, with the command that adds what it lacks) instead of failing the start half-way.
/// The prediction track needs nothing: its data is embedded. scripts/run.sh installs all of these.
/// </summary>
public static class DemoPrerequisites
{
    private static Prerequisite FashionMnistData(string folder) => new($"Fashion-MNIST ({folder})", "dataset-fashion-mnist",
        () => File.Exists(Path.Combine(folder, "train-images-idx3-ubyte.gz")) && File.Exists(Path.Combine(folder, "train-labels-idx1-ubyte.gz")));

    private static readonly Prerequisite Python3 = new(UnseenDataDemo.Python, "python3", () => File.Exists(UnseenDataDemo.Python));

    // The data set generator needs numpy; the baseline package imports torch when it is scored.
    private static readonly Prerequisite Numpy = new("numpy for python3", "python3-numpy", () => PythonHas("numpy"));
    private static readonly Prerequisite Torch = new("torch for python3 (the baseline package imports it)", "python3-torch", () => PythonHas("torch"));
    private static readonly Prerequisite Bubblewrap = new("/usr/bin/bwrap (the sandbox packages run in)", "bubblewrap",
        () => File.Exists("/usr/bin/bwrap"));

    public static IReadOnlyList<Prerequisite> For(string track, string fashionMnistFolder) => track switch
    {
        SupernetDemo.Track => [FashionMnistData(fashionMnistFolder)],
        UnseenDataDemo.Track => [Python3, Numpy, Torch, FashionMnistData(fashionMnistFolder), Bubblewrap],
        _ => [],
    };

    public static IReadOnlyList<Prerequisite> Missing(string track, string fashionMnistFolder) =>
        For(track, fashionMnistFolder).Where(p => !p.IsPresent()).ToList();

    /// <summary>The one command that adds what is missing (the demo machine is Debian; the app may run as root or not).</summary>
    public static string InstallCommand(IEnumerable<Prerequisite> missing) =>
        (Environment.IsPrivilegedProcess ? "" : "sudo ") + "apt-get install -y " + string.Join(' ', missing.Select(p => p.DebianPackage).Distinct());

    /// <summary>find_spec looks the module up without importing it: milliseconds, where importing torch takes seconds.</summary>
    private static bool PythonHas(string module)
    {
        if (!File.Exists(UnseenDataDemo.Python))
        {
            return false;
        }
        var start = new ProcessStartInfo(UnseenDataDemo.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", $"import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('{module}') else 1)" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
