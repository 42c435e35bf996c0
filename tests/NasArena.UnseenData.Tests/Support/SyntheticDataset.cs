using System.Security.Cryptography;
using System.Text.Json;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Tests.Support;

/// <summary>
/// A tiny learnable data set (shape 1x4x4, the class is the mean brightness level) as a dataset asset zip.
/// Lets sandbox tests run in a second where no real learning is under test.
/// </summary>
public static class SyntheticDataset
{
    public static string Create(string directory, string codename = "tiny", int classes = 2, int train = 40, int valid = 20, int test = 20,
        double benchmark = 50, Action<ZipBuilder, Dictionary<string, byte[]>>? tamper = null)
    {
        var rng = new Random(7);
        (byte[] X, byte[] Y) Split(int n)
        {
            var labels = Enumerable.Range(0, n).Select(i => (long)(i % classes)).ToArray();
            var x = labels.SelectMany(l => Enumerable.Range(0, 16).Select(_ => (float)(l + rng.NextDouble() * 0.5))).ToArray();
            return (Npy.Float32(x, n, 1, 4, 4), Npy.Int64(labels));
        }
        var files = new Dictionary<string, byte[]>();
        foreach (var (name, n) in new[] { ("train", train), ("valid", valid), ("test", test) })
        {
            var (x, y) = Split(n);
            files[$"{name}_x.npy"] = x;
            files[$"{name}_y.npy"] = y;
        }
        files["metadata.json"] = JsonSerializer.SerializeToUtf8Bytes(new
        {
            num_classes = classes,
            input_shape = new[] { 1, 4, 4 },
            codename,
            benchmark,
        });
        var zip = new ZipBuilder();
        tamper?.Invoke(zip, files);
        foreach (var (name, data) in files) zip.Add(name, data);
        return zip.Save(Path.Combine(directory, codename + ".zip"));
    }

    public static StagedAsset AsAsset(string zipPath) =>
        new("dataset", Path.GetFileName(zipPath), zipPath, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(zipPath))));
}
