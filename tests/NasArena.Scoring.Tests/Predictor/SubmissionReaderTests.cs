using System.Text;
using NasArena.Scoring.Contract;
using NasArena.Prediction;
using NasArena.Scoring.Tests.Support;

namespace NasArena.Scoring.Tests.Predictor;

[Trait("Category", "Unit")]
public sealed class SubmissionReaderTests : IDisposable
{
    readonly TempFiles _files = new();
    readonly QuerySet _querySet;

    public SubmissionReaderTests() => _querySet = QuerySet.Load(_files.Write("q.json", QuerySets.Small(8)));

    public void Dispose() => _files.Dispose();

    static IEnumerable<(string, double)> AllRows(int n = 8) => Enumerable.Range(0, n).Select(i => ($"a{i}", 0.1 * i));

    double[] Read(string name, string content) => Read(name, new UTF8Encoding(false).GetBytes(content));
    double[] Read(string name, byte[] content) => SubmissionReader.Read(_files.Write(name, content), name, _querySet);

    string Rejected(string name, string content) => Assert.Throws<SubmissionRejectedException>(() => Read(name, content)).Message;
    string Rejected(string name, byte[] content) => Assert.Throws<SubmissionRejectedException>(() => Read(name, content)).Message;

    [Fact]
    public void Cvpr21JsonWithArchFieldsIsReadInQuerySetOrder()
    {
        var json = "{" + string.Join(", ", Enumerable.Range(0, 8).Reverse().Select(i =>
            $"\"a{i}\": {{\"arch\": [[{i}, 0, 1, 0]], \"acc\": {0.1 * i:R}}}")) + "}";
        Assert.Equal(AllRows().Select(r => r.Item2), Read("pred.json", json));
    }

    [Fact]
    public void CsvWithCrlfBomAndQuotesIsRead()
    {
        var csv = QuerySets.CsvFor(AllRows(), "\r\n").Replace("a3,", "\"a3\",");
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv + "\r\n")).ToArray();
        Assert.Equal(AllRows().Select(r => r.Item2), Read("PRED.CSV", bytes));
    }

    [Fact]
    public void DuplicateCsvIdsNameTheirLines()
    {
        var message = Rejected("p.csv", QuerySets.CsvFor(AllRows().Append(("a2", 0.5))));
        Assert.Contains("duplicate ids: \"a2\" (line 4 and line 10)", message);
    }

    [Fact]
    public void DuplicateJsonKeysAreRejectedWithLines()
    {
        var message = Rejected("p.json", QuerySets.JsonFor(AllRows().Append(("a5", 0.5))));
        Assert.Contains("duplicate ids: \"a5\" (line 6 and line 9)", message);
    }

    [Fact]
    public void UnknownIdsAreListedFirstFiveThenCounted()
    {
        var rows = AllRows().Concat(Enumerable.Range(0, 9).Select(i => ($"x{i}", 0.5)));
        var message = Rejected("p.csv", QuerySets.CsvFor(rows));
        Assert.Contains("ids that are not in the query set: \"x0\" (line 10); \"x1\" (line 11)", message);
        Assert.Contains("\"x4\" (line 14); and 4 more", message);
        Assert.DoesNotContain("x5", message);
    }

    [Fact]
    public void MissingIdsAreCountedWithExamples()
    {
        var message = Rejected("p.json", QuerySets.JsonFor(AllRows().Take(1)));
        Assert.Contains("missing ids (no prediction for 7 of the 8 queried architectures): \"a1\"; \"a2\"; \"a3\"; \"a4\"; \"a5\"; and 2 more", message);
    }

    [Theory]
    [InlineData("NaN", "\"a4\" (line 6): NaN is not a finite number")]
    [InlineData("inf", "\"a4\" (line 6): inf is not a finite number")]
    [InlineData("-Infinity", "\"a4\" (line 6): -Infinity is not a finite number")]
    [InlineData("1e999", "\"a4\" (line 6): 1e999 is not a finite number")]
    [InlineData("abc", "\"a4\" (line 6): \"abc\" is not a number")]
    [InlineData("", "\"a4\" (line 6): the prediction is empty")]
    [InlineData("0,5", "\"a4\" (line 6): the line has 3 columns, expected 2")]
    public void BadCsvValuesNameTheIdAndLine(string value, string expected)
    {
        var csv = QuerySets.CsvFor(AllRows()).Replace("a4,0.4", $"a4,{value}");
        Assert.Contains(expected, Rejected("p.csv", csv));
    }

    [Theory]
    [InlineData("\"0.4\"", "\"a4\" (line 5): the string \"0.4\" is not a number")]
    [InlineData("null", "\"a4\" (line 5): null is not a number")]
    [InlineData("[0.4]", "\"a4\" (line 5): an array is not a number")]
    [InlineData("1e400", "\"a4\" (line 5): 1e400 is not a finite number")]
    public void BadJsonValuesNameTheId(string value, string expected)
    {
        var json = QuerySets.JsonFor(AllRows()).Replace("\"a4\": {\"acc\": 0.4}", $"\"a4\": {{\"acc\": {value}}}");
        Assert.Contains(expected, Rejected("p.json", json));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void PythonsNonFiniteLiteralsInJsonNameTheArchitecture(string literal)
    {
        var json = QuerySets.JsonFor(AllRows()).Replace("\"a4\": {\"acc\": 0.4}", $"\"a4\": {{\"acc\": {literal}}}");
        Assert.Contains($"{literal} at line 5 (architecture \"a4\") is not allowed", Rejected("p.json", json));
    }

    [Fact]
    public void JsonEntriesThatAreNotObjectsOrRepeatAccAreRejected()
    {
        var json = QuerySets.JsonFor(AllRows()).Replace("\"a4\": {\"acc\": 0.4}", "\"a4\": 0.4")
            .Replace("\"a6\": {\"acc\": 0.6000000000000001}", "\"a6\": {\"acc\": 0.6, \"acc\": 0.7}");
        var message = Rejected("p.json", json);
        Assert.Contains("\"a4\" (line 5): its value is the number 0.4, expected an object such as {\"acc\": 0.93}", message);
        Assert.Contains("\"a6\" (line 7): it has the field \"acc\" twice", message);
        Assert.DoesNotContain("missing ids", message);
    }

    [Fact]
    public void OneLineJsonLocatesFaultsByByte()
    {
        var json = QuerySets.JsonFor(AllRows().Append(("a1", 0.5))).Replace("\n", "");
        int first = json.IndexOf("\"a1\"") + 1, second = json.LastIndexOf("\"a1\"") + 1;
        Assert.Contains($"duplicate ids: \"a1\" (byte {first} and byte {second})", Rejected("p.json", json));
    }

    [Fact]
    public void CsvLinesWithoutAKnownIdAreReportedByLine()
    {
        var message = Rejected("p.csv", QuerySets.CsvFor(AllRows()) + "just some text\n,0.5\n");
        Assert.Contains("malformed lines: line 10: the line has 1 column, expected 2 (arch_id,prediction); line 11: the arch_id is empty", message);
    }

    [Fact]
    public void CsvContentInAJsonFileIsNamedAsSuch()
    {
        var message = Rejected("pred.json", QuerySets.CsvFor(AllRows()));
        Assert.Contains("the file is named pred.json but its content is not JSON", message);
        Assert.Contains("It looks like CSV", message);
    }

    [Fact]
    public void JsonContentInACsvFileIsNamedAsSuch() =>
        Assert.Contains("the file is named pred.csv but its content is JSON", Rejected("pred.csv", QuerySets.JsonFor(AllRows())));

    [Fact]
    public void AMissingCsvHeaderIsReported()
    {
        var message = Rejected("p.csv", QuerySets.CsvFor(AllRows()).Replace("arch_id,prediction\n", ""));
        Assert.Contains("its first line must be the header \"arch_id,prediction\"", message);
        Assert.Contains("The header line seems to be missing", message);
    }

    [Fact]
    public void ACsvHeaderWithOtherColumnsIsReported() =>
        Assert.Contains("but it is \"arch_id,prediction,rank\"",
            Rejected("p.csv", QuerySets.CsvFor(AllRows()).Replace("arch_id,prediction", "arch_id,prediction,rank")));

    [Fact]
    public void MalformedJsonReportsLineAndByte()
    {
        var message = Rejected("p.json", "{\"a0\": {\"acc\": 0.1},\n \"a1\": {\"acc\": 0.2}\n \"a2\": {\"acc\": 0.3}}");
        Assert.Contains("Invalid JSON at line 3, byte 2", message);
    }

    [Fact]
    public void AJsonArrayIsRejected() =>
        Assert.Contains("The top level must be a JSON object", Rejected("p.json", "[{\"a0\": 0.1}]"));

    [Fact]
    public void EmptyAndBlankFilesAreRejected()
    {
        Assert.Contains("the file is empty", Rejected("p.csv", ""));
        Assert.Contains("the file is empty (only whitespace)", Rejected("p.json", " \n\r\n"));
    }

    [Fact]
    public void Utf16IsRejectedWithAnInstruction()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(QuerySets.CsvFor(AllRows()))).ToArray();
        Assert.Contains("encoded as UTF-16", Rejected("p.csv", bytes));
        var noBom = Encoding.BigEndianUnicode.GetBytes(QuerySets.CsvFor(AllRows()));
        Assert.Contains("looks like UTF-16", Rejected("p.csv", noBom));
    }

    [Fact]
    public void InvalidUtf8IsRejectedWithItsLine()
    {
        var bytes = Encoding.UTF8.GetBytes(QuerySets.CsvFor(AllRows())).ToList();
        bytes.InsertRange(20, [0xC3, 0x28]); // a broken two-byte sequence inside "a0" on line 2
        Assert.Contains("is not valid UTF-8 (invalid byte 0xC3 on line 2)", Rejected("p.csv", bytes.ToArray()));
    }

    [Fact]
    public void OtherExtensionsAreRejected()
    {
        Assert.Contains("\".txt\" files are not accepted", Rejected("p.txt", QuerySets.CsvFor(AllRows())));
        Assert.Contains("this file name has no extension", Rejected("predictions", QuerySets.CsvFor(AllRows())));
    }

    [Fact]
    public void EveryKindOfFaultIsReportedAtOnce()
    {
        var csv = QuerySets.CsvFor(AllRows().Skip(1).Append(("a2", 0.3)).Append(("zz", 0.3))).Replace("a5,0.5", "a5,oops");
        var message = Rejected("p.csv", csv);
        Assert.Contains("duplicate ids", message);
        Assert.Contains("ids that are not in the query set: \"zz\"", message);
        Assert.Contains("\"a5\" (line 6): \"oops\" is not a number", message);
        Assert.Contains("missing ids (no prediction for 1 of the 8 queried architectures): \"a0\"", message);
    }
}
