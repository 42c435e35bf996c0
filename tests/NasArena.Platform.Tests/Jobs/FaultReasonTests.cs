using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Jobs;
using Npgsql;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>A participant reads what kind of platform fault it was, never an internal address, path or exception type.</summary>
[Trait("Category", "Integration")]
public sealed partial class FaultReasonTests
{
    public static TheoryData<string, Exception, string> Faults => new()
    {
        {
            "storage refused the connection",
            new HttpRequestException("Connection refused (127.0.0.1:41037)", new SocketException((int)SocketError.ConnectionRefused)),
            "object storage was unreachable"
        },
        {
            "the storage SDK could not connect",
            new Minio.Exceptions.ConnectionException("Connection error: http://10.0.3.7:9000/nasarena/submissions/x/p.csv"),
            "object storage was unreachable"
        },
        {
            "an object was missing",
            new NasArena.Platform.Storage.ObjectNotFoundException("submissions/4f0c/1a2b/p.csv"),
            "a file it needs was missing from object storage"
        },
        {
            "the database refused the connection",
            new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)),
            "the database was unavailable"
        },
        {
            "EF wrapped a database fault",
            new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
                new DbUpdateException("Host=db.internal;Port=5432", new NpgsqlException("timeout"))),
            "the database was unavailable"
        },
        {
            "the worker's disk failed",
            new IOException("No space left on device : '/var/tmp/nasarena/processes/17-ab/jobs/x/p.csv'"),
            "the worker's local disk failed"
        },
        {
            "a bug",
            new NullReferenceException("Object reference not set to an instance of an object."),
            "an internal error"
        },
        {
            "several faults at once",
            new AggregateException(new HttpRequestException("Connection refused (minio.internal:9000)")),
            "object storage was unreachable"
        },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void AReasonSaysTheKindOfFaultInPlainWordsWithoutAddressesPathsOrExceptionTypes(string what, Exception fault, string kind)
    {
        var reason = JobRun.FailureReason(3, fault);
        Assert.Contains(kind, reason);
        Assert.Contains("after 3 attempts", reason);
        Assert.Contains("does not count against your quota", reason);
        Assert.DoesNotContain("Exception", reason);
        Assert.False(Leak().IsMatch(reason), $"The reason for '{what}' shows internal detail: {reason}");
    }

    /// <summary>An IP address, a host:port, a URL or a path.</summary>
    [GeneratedRegex(@"\d+\.\d+\.\d+\.\d+|[\w.-]+:\d{2,5}|://|/\w|\\\w|\.internal")]
    private static partial Regex Leak();
}
