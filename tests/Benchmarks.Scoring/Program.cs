using Benchmarks.Scoring;

// "score QUERY SUBMISSION" is the child process of the end-to-end benchmark (its peak memory is measured alone).
if (args is ["score", var querySet, var submission]) return await EndToEnd.ScoreInChildAsync(querySet, submission);

// Timings on a shared machine depend on its load: print it with the figures.
Console.WriteLine($"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (1 min) at start");
// "bootstrap" runs only (c) and (d), the bootstrap's figures (issue 14).
if (args is not ["bootstrap"])
{
    KendallBenchmark.Run(n: 100_000);
    await EndToEnd.RunAsync(n: 100_000);
}
BootstrapBenchmark.Run(n: 100_000, resamples: 1_000, teams: 500);
Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (1 min) at end");
return 0;
