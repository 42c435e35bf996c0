using Benchmarks.Scoring;

// "score QUERY SUBMISSION" is the child process of the end-to-end benchmark (its peak memory is measured alone).
if (args is ["score", var querySet, var submission]) return await EndToEnd.ScoreInChildAsync(querySet, submission);

KendallBenchmark.Run(n: 100_000);
await EndToEnd.RunAsync(n: 100_000);
return 0;
