using Benchmarks.Scoring;

// "score QUERY SUBMISSION" is the child process of the end-to-end benchmark (its peak memory is measured alone).
if (args is ["score", var querySet, var submission]) return await EndToEnd.ScoreInChildAsync(querySet, submission);

// Timings on a shared machine depend on its load: print it with the figures.
Console.WriteLine($"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (1 min) at start");
KendallBenchmark.Run(n: 100_000);
await EndToEnd.RunAsync(n: 100_000);
Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (1 min) at end");
return 0;
