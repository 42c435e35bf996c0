using Microsoft.Extensions.Configuration;
using NasArena.Platform;

namespace NasArena.Platform.Tests.Hosting;

[Trait("Category", "Unit")]
public sealed class SecretFilesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "secrets-" + Guid.NewGuid().ToString("N"));

    public SecretFilesTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AFilePerKeyBecomesConfigurationAndWinsOverTheEnvironment()
    {
        File.WriteAllText(Path.Combine(_dir, "Storage__S3SecretKey"), "from-file\n");
        File.WriteAllText(Path.Combine(_dir, "..data"), "kubernetes bookkeeping");
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:S3SecretKey"] = "from-env", ["Storage:S3Bucket"] = "b" })
            .AddSecretFiles(_dir)
            .Build();
        Assert.Equal("from-file", config["Storage:S3SecretKey"]); // trimmed: secret files often end with a newline
        Assert.Equal("b", config["Storage:S3Bucket"]);
        Assert.Null(config["..data"]);
    }

    [Fact]
    public void AMissingSecretsFolderAddsNothing()
    {
        var config = new ConfigurationBuilder().AddSecretFiles(Path.Combine(_dir, "absent")).Build();
        Assert.Empty(config.AsEnumerable());
    }
}
