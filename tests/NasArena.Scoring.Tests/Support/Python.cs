using System.Diagnostics;
using System.Globalization;

namespace NasArena.Scoring.Tests.Support;

/// <summary>
/// Runs Debian's /usr/bin/python3 (not the pyenv python3 on PATH) for reference values from numpy and scipy.
/// Fails loudly when Python or scipy is missing: the golden tests must never pass vacuously.
/// </summary>
public static class Python
{
    const string Interpreter = "/usr/bin/python3";
    const string Install = "install them with: apt-get install --no-install-recommends python3-numpy python3-scipy (or scripts/install-test-deps.sh)";

    /// <summary>Runs a script and returns its standard output; throws with stderr when it fails.</summary>
    public static string Run(string script, params string[] args)
    {
        if (!File.Exists(Interpreter))
            throw new InvalidOperationException($"{Interpreter} is missing; the golden tests compare against scipy, {Install}.");
        var scriptPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nasarena-ref-{Guid.NewGuid():N}.py");
        File.WriteAllText(scriptPath, script);
        try
        {
            var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(scriptPath);
            foreach (var a in args) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stderrTask = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            string stderr = stderrTask.Result;
            if (process.ExitCode != 0)
            {
                string hint = stderr.Contains("No module named") ? $"\nnumpy/scipy are missing for {Interpreter}; {Install}." : "";
                throw new InvalidOperationException($"{Interpreter} failed (exit {process.ExitCode}):\n{stderr}{hint}");
            }
            return stdout;
        }
        finally { File.Delete(scriptPath); }
    }

    /// <summary>Writes doubles as raw little-endian float64 (numpy.fromfile reads them bit for bit).</summary>
    public static string WriteDoubles(IEnumerable<double[]> arrays)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nasarena-data-{Guid.NewGuid():N}.bin");
        using var writer = new BinaryWriter(File.Create(path));
        foreach (var array in arrays)
            foreach (var v in array) writer.Write(v);
        return path;
    }

    /// <summary>Parses Python's repr() of a float ('nan' and 'inf' included).</summary>
    public static double ParseRepr(string text) => text.Trim() switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        var t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
