using System.Data.Common;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Minio.Exceptions;

namespace NasArena.Platform.Jobs;

/// <summary>
/// A platform fault in plain words for the participant. Exception messages carry internal hosts, ports, paths, URLs
/// and type names ("HttpRequestException: Connection refused (127.0.0.1:41037)"); none of that is shown, only what kind
/// of fault it was. The full exception goes to the log.
/// </summary>
public static class FaultKind
{
    public static string Describe(Exception e)
    {
        // The outermost exception that says which dependency failed wins: a database driver wraps socket errors too.
        for (var current = e; current is not null; current = Next(current))
        {
            switch (current)
            {
                case DbException or DbUpdateException:
                    return "the database was unavailable";
                case Storage.ObjectNotFoundException or Minio.Exceptions.ObjectNotFoundException or BucketNotFoundException:
                    return "a file it needs was missing from object storage";
                case MinioException or HttpRequestException:
                    return "object storage was unreachable";
                case SocketException:
                    return "a network connection failed";
                case TimeoutException:
                    return "a service it needs did not answer in time";
                case OutOfMemoryException or InsufficientExecutionStackException:
                    return "the worker ran out of memory";
                case IOException or UnauthorizedAccessException:
                    return "the worker's local disk failed";
            }
        }
        return "an internal error";
    }

    /// <summary>
    /// The kind of fault as a short, stable token for metrics (the failures counter's reason class): database,
    /// missing_object, object_storage, network, timeout, memory, disk or internal, as <see cref="Describe"/> sorts it.
    /// </summary>
    public static string Class(Exception e)
    {
        for (var current = e; current is not null; current = Next(current))
        {
            switch (current)
            {
                case DbException or DbUpdateException:
                    return "database";
                case Storage.ObjectNotFoundException or Minio.Exceptions.ObjectNotFoundException or BucketNotFoundException:
                    return "missing_object";
                case MinioException or HttpRequestException:
                    return "object_storage";
                case SocketException:
                    return "network";
                case TimeoutException:
                    return "timeout";
                case OutOfMemoryException or InsufficientExecutionStackException:
                    return "memory";
                case IOException or UnauthorizedAccessException:
                    return "disk";
            }
        }
        return "internal";
    }

    /// <summary>
    /// True when the fault is a dependency being unreachable (the database, object storage, the network), which passes
    /// by itself: waited out with paced retries that spend no attempt. A missing object is not an outage.
    /// </summary>
    public static bool IsOutage(Exception e)
    {
        for (var current = e; current is not null; current = Next(current))
        {
            switch (current)
            {
                case Storage.ObjectNotFoundException or Minio.Exceptions.ObjectNotFoundException or BucketNotFoundException:
                    return false;
                case DbException db when db.IsTransient:
                case HttpRequestException or SocketException or TimeoutException or ConnectionException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Which dependency an outage is of, in words a caller reads ("object storage", "the database"), or null when the
    /// fault is not an outage (<see cref="IsOutage"/>). The web answers those with 503 and Retry-After.
    /// </summary>
    public static string? UnavailableDependency(Exception e)
    {
        if (!IsOutage(e))
        {
            return null;
        }
        for (var current = e; current is not null; current = Next(current))
        {
            switch (current)
            {
                case DbException:
                    return "the database";
                case HttpRequestException or ConnectionException:
                    return "object storage";
            }
        }
        return "a service the platform needs";
    }

    private static Exception? Next(Exception e) =>
        e is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[0] : e.InnerException;
}
