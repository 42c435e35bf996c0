using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Accounts;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// A small demo competition for the browser journeys, made through the platform's services: the test hosts do not seed
/// the real demo (its tracks need PyTorch and minutes). One prediction track with an open phase, a finished one and one
/// still to come; 30 teams with scored entries (more than a leaderboard page) and a baseline.
/// </summary>
public sealed record UiDemo(string Slug, string Title, Guid OpenPhaseId, string OpenPhaseTitle, Guid NextPhaseId, int Teams, string BaselineTeam)
{
    public const string Password = "a long enough password";

    public static async Task<UiDemo> SeedAsync(PlatformHost host)
    {
        var slug = "ui-demo-" + Guid.NewGuid().ToString("N")[..6];
        const int teams = 30;
        return await host.InScopeAsync(async sp =>
        {
            var ct = CancellationToken.None;
            var accounts = sp.GetRequiredService<AccountService>();
            var competitions = sp.GetRequiredService<CompetitionService>();
            var organizerUser = await accounts.RegisterAsync($"org-{slug}@example.org", Password, "Demo organizer", ct);
            var organizer = new Actor(organizerUser.Id, false);
            var db = sp.GetRequiredService<NasArenaDb>();
            await db.Users.Where(u => u.Id == organizerUser.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.CanCreateCompetitions, true));
            await competitions.CreateAsync(organizer, new CompetitionInput(slug, "CVPR 2021 NAS replay (UI demo)",
                "Predict the accuracy of held-out architectures from the CVPR 2021 NAS workshop's Track 2.\nRanked by Kendall's tau.",
                "1. One account per person.\n2. No hand-labelling of the query set.\n3. Be fair.", RequiresApproval: false), ct);
            await competitions.CreateTrackAsync(organizer, slug, new TrackInput("prediction", "Performance prediction", TrackKind.Predictor, null, null), ct);
            var now = DateTimeOffset.UtcNow;
            await competitions.CreatePhaseAsync(organizer, slug, "prediction",
                new PhaseInput("warm-up", "Warm-up", now.AddDays(-20), now.AddDays(-10), 5, 20, "kendall_tau", true, false), ct);
            var open = await competitions.CreatePhaseAsync(organizer, slug, "prediction",
                new PhaseInput("replay", "Replay", now.AddDays(-5), now.AddDays(25), 10, 100, "kendall_tau", true, false), ct);
            var next = await competitions.CreatePhaseAsync(organizer, slug, "prediction",
                new PhaseInput("final", "Final", now.AddDays(30), now.AddDays(40), 2, 5, "kendall_tau", true, false), ct);
            await sp.GetRequiredService<AssetService>().UploadAsync(organizer, open.Id, "training-data", "training-data", true,
                "training-data.json", "application/json", new MemoryStream(Encoding.UTF8.GetBytes("{\"arch1\": {\"acc\": 0.9}}")), ct);

            var competitionId = open.Track?.CompetitionId ?? (await competitions.BySlugAsync(organizer, slug, ct)).Id;
            // A picture of a competition under way, written to the database like its teams and scores below: its past phases
            // have no hidden data, so the pre-publish check (which the organizer journeys go through) would refuse it.
            await db.Competitions.Where(c => c.Id == competitionId).ExecuteUpdateAsync(c => c.SetProperty(x => x.PublishedAt, DateTimeOffset.UtcNow));
            for (var i = 0; i <= teams; i++)
            {
                var baseline = i == teams;
                var team = new Team { CompetitionId = competitionId, Name = baseline ? "Organizers' ridge baseline" : $"Team {i + 1:00}", JoinCode = Guid.NewGuid().ToString("N")[..10] };
                db.Teams.Add(team);
                // Kendall falls with i while RMSE does not follow it: sorting by RMSE gives another order than the rank.
                var kendall = baseline ? 0.415 : 0.80 - i * 0.013;
                var rmse = baseline ? 0.05 : 0.02 + ((i * 7 + 11) % teams) * 0.001; // lowest for i = 7: Team 08
                for (var entry = 0; entry < (baseline ? 1 : 1 + i % 3); entry++)
                {
                    var metrics = new Dictionary<string, double> { ["kendall_tau"] = kendall - entry * 0.01, ["spearman_rho"] = kendall + 0.1, ["rmse"] = rmse + entry * 0.001 };
                    var json = ScoreRecords.ToJson(metrics);
                    var submissionId = Guid.NewGuid();
                    // Stand-in replicates (the worker's come from resampling a real file): the board reads them as it reads
                    // the worker's; with a spread of 0.012 the leader cannot be told from teams 2 and 3.
                    var noise = new Random(i * 10 + entry);
                    var replicates = Enumerable.Range(0, 1000).Select(_ => metrics["kendall_tau"] + 0.012 * Gauss(noise)).ToArray();
                    var interval = NasArena.Scoring.Metrics.Bootstrap.IntervalOf(replicates)!.Value;
                    db.ScoreReplicates.Add(new ScoreReplicates
                    {
                        SubmissionId = submissionId,
                        Public = NasArena.Platform.Leaderboards.Uncertainty.ToBytes(replicates),
                        Private = NasArena.Platform.Leaderboards.Uncertainty.ToBytes(replicates),
                    });
                    db.Submissions.Add(new Submission
                    {
                        Id = submissionId,
                        PhaseId = open.Id,
                        TeamId = team.Id,
                        SubmittedById = organizerUser.Id,
                        FileName = "predictions.csv",
                        IsBaseline = baseline,
                        CreatedAt = now.AddHours(-i - entry),
                        FinishedAt = now.AddHours(-i - entry),
                        Score = new Score
                        {
                            PublicMetricsJson = json,
                            PrivateMetricsJson = json,
                            PublicPrimary = metrics["kendall_tau"],
                            PrivatePrimary = metrics["kendall_tau"],
                            ScorerVersion = "ui-demo",
                            BootstrapMetric = "kendall_tau",
                            BootstrapResamples = 1000,
                            PublicLow = interval.Low,
                            PublicHigh = interval.High,
                            PrivateLow = interval.Low,
                            PrivateHigh = interval.High,
                            PublicItems = 500,
                            PrivateItems = 500
                        },
                    }.Force(status: SubmissionStatus.Scored));
                }
            }
            await db.SaveChangesAsync(ct);
            return new UiDemo(slug, "CVPR 2021 NAS replay (UI demo)", open.Id, "Replay", next.Id, teams, "Organizers' ridge baseline");
        });
    }

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
