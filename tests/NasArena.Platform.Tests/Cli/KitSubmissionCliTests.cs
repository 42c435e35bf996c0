using System.IO.Compression;
using System.Net;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Web.Demo;

namespace NasArena.Platform.Tests.Cli;

/// <summary>
/// Submissions in the style of each NAS Unseen-Data starting-kit edition (starter-kits/unseen-data/kit-editions),
/// zipped as the kit's Makefile does (the files at the root), go up through the Python client to the demo's
/// unseen-data phase and come back scored, with each data set's numbers.
/// </summary>
[Collection(DemoCollection.Name)]
[Trait("Category", "Integration")]
public sealed class KitSubmissionCliTests(DemoHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;
    private const string Phase = DemoSeeder.Slug + "/" + UnseenDataDemo.Track + "/replay";

    [Theory]
    [InlineData("edition2022")]
    [InlineData("edition2024")]
    [InlineData("edition2026")]
    public async Task AKitEditionsPackageZippedAsTheKitSaysIsScoredOnTheDemoWithEachDataSetsScore(string edition)
    {
        using var participant = await Scenario.NewUserAsync(_host, "kit");
        var cli = CliSession.For(_host, participant);
        var register = await participant.PostAsync($"competitions/{DemoSeeder.Slug}/registrations", new { acceptRules = true, teamName = "Kit " + Guid.NewGuid().ToString("N")[..6] });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        // `cd submission; zip -r ../submission.zip *`: the package's files at the root of the zip.
        var source = Path.Combine(TestServers.RepoRoot, "starter-kits", "unseen-data", "kit-editions", edition);
        var zip = Path.Combine(cli.Dir, "submission.zip");
        ZipFile.CreateFromDirectory(source, zip, CompressionLevel.Optimal, includeBaseDirectory: false);

        var submit = await cli.RunAsync("submit", "--phase", Phase, "--description", edition, "--wait", "submission.zip");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.Contains("Scored", submit.Stdout);
        Assert.Matches(@"Fashion_accuracy=\d", submit.Stdout);
        Assert.Matches(@"FashionGroups_accuracy=\d", submit.Stdout);
        Assert.Matches(@" score=-?\d", submit.Stdout);
    }
}
