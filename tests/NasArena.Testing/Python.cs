using System.Diagnostics;
using System.Globalization;

namespace NasArena.Testing;

/// <summary>
/// Runs Debian's /usr/bin/python3 (with python3-numpy, -scipy, -torch), never the pyenv python3 on PATH. Fails loudly when
/// it is missing: a test that compares against numpy/scipy/PyTorch must never pass vacuously.
/// </summary>
public static class Python
{
    public const string Interpreter = "/usr/bin/python3";
    private const string Install = "scripts/install-test-deps.sh installs it with python3-numpy, python3-scipy and python3-torch";

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>Runs python3 with <paramref name="args"/> and returns what it did, whatever its exit code (the client's
    /// tests assert on failures too). NASARENA_URL and NASARENA_TOKEN are not passed on.</summary>
    public static async Task<Result> RunAsync(string workingDir, string? stdin, params string[] args)
    {
        Require();
        var start = Start(args, workingDir, redirectInput: true);
        start.Environment.Remove("NASARENA_URL");
        start.Environment.Remove("NASARENA_TOKEN");
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs python3 with <paramref name="args"/> (in the repository root unless told) and returns its standard
    /// output; throws with its standard error when it fails.</summary>
    public static string Run(IEnumerable<string> args, string? workingDirectory = null, string? stdin = null)
    {
        Require();
        var list = args.ToList();
        using var process = Process.Start(Start(list, workingDirectory ?? Repo.Root, redirectInput: stdin is not null))!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var hint = stderr.Result.Contains("No module named", StringComparison.Ordinal) ? $"\nA module is missing: {Install}." : "";
            throw new InvalidOperationException($"python3 {string.Join(' ', list)} failed (exit {process.ExitCode}):\n{stderr.Result}{hint}");
        }
        return stdout;
    }

    /// <summary>Runs <c>python3 -c code args...</c>.</summary>
    public static string RunCode(string code, params string[] args) => Run(["-c", code, .. args]);

    /// <summary>Runs a script written to a temporary file (a reference long enough to read as a file), then deletes it.</summary>
    public static string RunScript(string script, params string[] args)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nasarena-ref-{Guid.NewGuid():N}.py");
        File.WriteAllText(path, script);
        try
        {
            return Run([path, .. args]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Writes doubles as raw little-endian float64 (numpy.fromfile reads them bit for bit); the caller deletes the file.</summary>
    public static string WriteDoubles(IEnumerable<double[]> arrays)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nasarena-data-{Guid.NewGuid():N}.bin");
        using var writer = new BinaryWriter(File.Create(path));
        foreach (var array in arrays)
        {
            foreach (var v in array)
            {
                writer.Write(v);
            }
        }
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

    /// <summary>Throws (never skips) when Debian's python3 is not installed.</summary>
    public static void Require()
    {
        if (!File.Exists(Interpreter))
        {
            throw new InvalidOperationException($"{Interpreter} is missing: {Install}.");
        }
    }

    private static ProcessStartInfo Start(IEnumerable<string> args, string workingDir, bool redirectInput)
    {
        var start = new ProcessStartInfo(Interpreter)
        {
            WorkingDirectory = workingDir,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }
}
