using Microsoft.Extensions.Configuration;

namespace NasArena.Platform;

/// <summary>
/// Configuration from one file per key (Docker and Kubernetes secrets: /run/secrets/Storage__S3SecretKey holds the S3
/// key), so that secrets need not sit in the process's environment, which child processes inherit and /proc shows.
/// "__" in a file name is the section separator, as in environment variables; the value is the file's text, trimmed.
/// Added after the environment, so a secret file wins over a variable of the same key.
/// </summary>
public static class SecretFiles
{
    public const string DefaultDirectory = "/run/secrets";

    /// <summary>The folder comes from NASARENA_SECRETS_DIR (a path, not a secret) or is /run/secrets; a missing folder adds nothing.</summary>
    public static IConfigurationBuilder AddSecretFiles(this IConfigurationBuilder builder, string? directory = null)
    {
        directory ??= Environment.GetEnvironmentVariable("NASARENA_SECRETS_DIR") is { Length: > 0 } d ? d : DefaultDirectory;
        return builder.AddInMemoryCollection(Read(directory));
    }

    public static Dictionary<string, string?> Read(string directory)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!Directory.Exists(directory)) return values;
        foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.')) continue; // Kubernetes keeps its ..data links and timestamps as dot files
            values[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = File.ReadAllText(file).Trim();
        }
        return values;
    }
}
