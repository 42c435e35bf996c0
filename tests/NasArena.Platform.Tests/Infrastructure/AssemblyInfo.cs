// Hangfire keeps its configured storage in a static (JobStorage.Current): hosts are started one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
