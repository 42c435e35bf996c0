using System.Text;
using System.Text.Json;
using NasArena.Prediction;
using NasArena.Scoring.Tests.Support;

namespace NasArena.Scoring.Tests.Predictor;

/// <summary>The hand-written scanner must accept and reject exactly what System.Text.Json's reader does.</summary>
[Trait("Category", "Unit")]
public sealed class JsonCursorTests
{
    static bool CursorAccepts(byte[] json)
    {
        try
        {
            var cursor = new JsonCursor(json);
            cursor.SkipValue(0);
            return cursor.Peek() == -1;
        }
        catch (JsonShapeException) { return false; }
    }

    static bool ReaderAccepts(byte[] json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read()) { }
            return true;
        }
        catch (JsonException) { return false; }
    }

    [Fact]
    public void MutatedDocumentsAreAcceptedAndRejectedLikeUtf8JsonReader()
    {
        string[] seeds =
        [
            """{"arch1": {"acc": 0.91869998157, "arch": [[2, 0, 4, 0], [3, 0, 2, 0]]}, "arch2": {"acc": -1.5e-3, "split": "public"}}""",
            """{"a\"b\\c\u00e9\n": {"acc": 1E+2, "x": [true, false, null, {}, [], "", 0, -0.0]}}""",
            """[1, 2.5, -3e10, "s", {"k": {"k2": [null]}}]""",
            "{\"arch\": \"16-4-12-16-8-16-16-24\", \"acc\": 0.539}",
        ];
        const string alphabet = "{}[],:\"\\ 0123456789.eE+-tfnaxulrsuN\n\t\u0001/b";
        var random = new Random(12345);
        int accepted = 0, trials = 0;
        foreach (var seed in seeds)
        {
            var original = Encoding.UTF8.GetBytes(seed);
            Assert.True(CursorAccepts(original), seed);
            for (int trial = 0; trial < 5000; trial++, trials++)
            {
                var bytes = original.ToList();
                for (int m = random.Next(1, 4); m > 0; m--)
                {
                    int at = random.Next(bytes.Count + 1);
                    byte b = (byte)alphabet[random.Next(alphabet.Length)];
                    switch (random.Next(3))
                    {
                        case 0 when bytes.Count > 0 && at < bytes.Count: bytes.RemoveAt(at); break;
                        case 1 when at < bytes.Count: bytes[at] = b; break;
                        default: bytes.Insert(at, b); break;
                    }
                }
                var mutated = bytes.ToArray();
                bool expected = ReaderAccepts(mutated);
                Assert.True(expected == CursorAccepts(mutated),
                    $"Utf8JsonReader {(expected ? "accepts" : "rejects")} but the cursor does not: {Encoding.UTF8.GetString(mutated)}");
                if (expected) accepted++;
            }
        }
        // The mutations must exercise both outcomes, or the comparison proves little.
        Assert.InRange(accepted, trials / 50, trials - trials / 50);
    }

    [Fact]
    public void WalkingRealCvpr21FilesGivesTheIdsAndAccuraciesJsonDocumentSees()
    {
        foreach (var relative in Cvpr21Data.AccuracyFiles)
        {
            var bytes = File.ReadAllBytes(Cvpr21Data.PathOf(relative));
            var walked = new List<(string, double)>();
            ArchitectureJson.Walk(bytes, e => walked.Add((e.Id, e.Acc.Number)));
            using var doc = JsonDocument.Parse(bytes);
            var expected = doc.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetProperty("acc").GetDouble())).ToList();
            Assert.Equal(expected, walked);
        }
    }

    [Fact]
    public void EscapedIdsAndFieldNamesAreDecoded()
    {
        var json = Encoding.UTF8.GetBytes("""{"a\u0062\"c\n": {"\u0061cc": 0.25, "split": "pub\u006cic"}}""");
        var entries = new List<ArchitectureEntry>();
        ArchitectureJson.Walk(json, entries.Add);
        var entry = Assert.Single(entries);
        Assert.Equal("ab\"c\n", entry.Id);
        Assert.Equal(0.25, entry.Acc.Number);
        Assert.Equal("public", entry.Split.Text);
    }
}
