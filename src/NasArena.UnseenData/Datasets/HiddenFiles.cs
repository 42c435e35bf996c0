using NasArena.Scoring.Contract;
using NasArena.UnseenData.Sandbox;

namespace NasArena.UnseenData.Datasets;

/// <summary>
/// The hidden labels (and private mask) must lie under none of the folders a runner mounts into the sandbox: the stager
/// puts them beside the public folder, and this check before every run keeps a future layout change from mounting
/// them (ADR 0032).
/// </summary>
public static class HiddenFiles
{
    public static void CheckNotMounted(StagedDataset dataset, SandboxJob job)
    {
        string[] mounted = [job.HarnessDirectory, job.SubmissionDirectory, job.DataDirectory, job.OutputDirectory];
        foreach (var hidden in new[] { dataset.TestLabelsPath, dataset.PrivateMaskPath }.OfType<string>())
            foreach (var folder in mounted)
                if (IsUnder(hidden, folder))
                    throw new ScoringConfigurationException(
                        $"Data set '{dataset.Name}': its hidden file {Path.GetFileName(hidden)} lies under {folder}, which the sandbox mounts; the run was not started.");
    }

    private static bool IsUnder(string path, string folder) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
