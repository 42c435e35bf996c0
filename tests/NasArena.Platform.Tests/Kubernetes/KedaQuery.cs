namespace NasArena.Platform.Tests.Kubernetes;

/// <summary>The query the KEDA ScaledObjects run: a queue's rows in Hangfire.PostgreSql's job queue table (queued and running).</summary>
public static class KedaQuery
{
    public static string For(string queue) => $"SELECT COUNT(*) FROM hangfire.jobqueue WHERE queue = '{queue}'";
}
