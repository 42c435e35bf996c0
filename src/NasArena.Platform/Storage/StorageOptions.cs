using NasArena.Platform.Configuration;

namespace NasArena.Platform.Storage;

/// <summary>Bound from the "Storage" configuration section: where objects live (ADR 0004) and the local scratch disk.</summary>
public sealed class StorageOptions : IOptionsSection
{
    public static string Section => "Storage";

    /// <summary>"disk" (files under <see cref="DiskRoot"/>) or "s3" (an S3 or MinIO server), any case.</summary>
    public string Kind { get; set; } = "disk";

    public string DiskRoot { get; set; } = ".data/objects";
    public string S3Endpoint { get; set; } = "";
    public string S3AccessKey { get; set; } = "";
    public string S3SecretKey { get; set; } = "";
    public string S3Bucket { get; set; } = "nasarena";
    public string S3Region { get; set; } = "us-east-1";

    /// <summary>
    /// Where uploads are spooled and workers stage files; must have room for the largest upload. With S3, web processes
    /// also keep copies of received chunks here for up to an hour (<see cref="Uploads.LocalPartCopies"/>), each only while the disk keeps room for its upload's spool.
    /// </summary>
    public string ScratchDir { get; set; } = Path.Combine(Path.GetTempPath(), "nasarena");

    public bool IsS3 => string.Equals(Kind, "s3", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Problems()
    {
        string Key(string name) => $"{Section}:{name}";
        var problems = new List<string?>
        {
            Check.OneOf(Key(nameof(Kind)), Kind, "disk", "s3"),
            Check.Required(Key(nameof(ScratchDir)), ScratchDir, "a local folder"),
        };
        if (IsS3)
        {
            problems.Add(Uri.TryCreate(S3Endpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https" ? null
                : $"`{Key(nameof(S3Endpoint))}` must be the S3 server's http(s) URL when `{Key(nameof(Kind))}` is s3; got '{S3Endpoint}'.");
            problems.Add(Check.Required(Key(nameof(S3AccessKey)), S3AccessKey, "the S3 access key when Storage:Kind is s3"));
            problems.Add(Check.Required(Key(nameof(S3SecretKey)), S3SecretKey, "the S3 secret key when Storage:Kind is s3"));
            problems.Add(Check.Required(Key(nameof(S3Bucket)), S3Bucket, "a bucket name when Storage:Kind is s3"));
            problems.Add(Check.Required(Key(nameof(S3Region)), S3Region, "a region name when Storage:Kind is s3"));
        }
        else
        {
            problems.Add(Check.Required(Key(nameof(DiskRoot)), DiskRoot, "a folder when Storage:Kind is disk"));
        }
        return problems.OfType<string>();
    }
}
