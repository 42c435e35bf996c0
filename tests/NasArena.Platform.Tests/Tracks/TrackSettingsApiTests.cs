using System.Net;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Tracks;

/// <summary>
/// Issue 24, item 1: the API validates a track's settings with its kind's schema, the same reader the scorer uses. Anyone
/// who signs up can organize; a setting the scorer would refuse at run time (and so fail every participant's submission)
/// is refused when saved instead, with the key and what was expected.
/// </summary>
public abstract class TrackSettingsApiTests(PlatformHost host)
{
    [Fact]
    public async Task ASettingItsKindsSchemaRefusesIsRefusedWhenSavedNamingTheKeyAndWhatWasExpected()
    {
        var organizer = await Scenario.NewOrganizerAsync(host, "organizer");
        var slug = "schema-" + Guid.NewGuid().ToString("N")[..10];
        await organizer.PostJsonAsync("competitions", new { slug, title = "Schema", rules = "Be fair." }, HttpStatusCode.Created);

        async Task<string> RefusedAsync(string kind, object settings)
        {
            var response = await organizer.PostAsync($"competitions/{slug}/tracks",
                new { slug = "t-" + Guid.NewGuid().ToString("N")[..8], title = "Track", kind, settings });
            var problem = await ApiClient.ExpectAsync(response, HttpStatusCode.BadRequest);
            return problem["detail"]!.GetValue<string>();
        }

        Assert.Equal("Track setting 'batchSize' is 0; expected an integer from 1 to 65536.", await RefusedAsync("Supernet", new { space = "demo", batchSize = 0 }));
        Assert.Equal("Track setting 'mode' is \"zip\"; expected \"checkpoint\" or \"score-file\".", await RefusedAsync("Supernet", new { mode = "zip" }));
        Assert.Equal("Track setting 'topKPercent' is 150; expected a number above 0 and at most 100.", await RefusedAsync("Predictor", new { topKPercent = 150 }));
        Assert.Equal("Track setting 'phases.final.runner' is \"podman\"; expected \"bubblewrap\" or \"docker\".",
            await RefusedAsync("UnseenData", new { phases = new { final = new { runner = "podman" } } }));
        var unknownKind = await organizer.PostAsync($"competitions/{slug}/tracks", new { slug = "odd", title = "Odd", kind = 7 });
        Assert.Equal("'kind' must be one of: Predictor, Supernet, UnseenData, HardwareMultiObjective.",
            (await ApiClient.ExpectAsync(unknownKind, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());

        // Valid settings, and keys the platform reads (shardSize), are saved; an update is checked like a creation.
        await organizer.PostJsonAsync($"competitions/{slug}/tracks", new
        {
            slug = "ok",
            title = "Supernet",
            kind = "Supernet",
            settings = new { space = "demo", batchSize = 128, shardSize = 8 }
        }, HttpStatusCode.Created);
        var update = await organizer.PutAsync($"competitions/{slug}/tracks/ok", new { title = "Supernet", kind = "Supernet", settings = new { space = "demo", threads = 0 } });
        Assert.Equal("Track setting 'threads' is 0; expected an integer from 1 to 256.",
            (await ApiClient.ExpectAsync(update, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATrackCreatedWithoutASizeTakesItsKindsDefaultSize()
    {
        var organizer = await Scenario.NewOrganizerAsync(host, "organizer");
        var slug = "size-" + Guid.NewGuid().ToString("N")[..10];
        await organizer.PostJsonAsync("competitions", new { slug, title = "Sizes", rules = "Be fair." }, HttpStatusCode.Created);
        var unseen = await organizer.PostJsonAsync($"competitions/{slug}/tracks", new { slug = "unseen", title = "Unseen", kind = "UnseenData" }, HttpStatusCode.Created);
        var prediction = await organizer.PostJsonAsync($"competitions/{slug}/tracks", new { slug = "prediction", title = "Prediction", kind = "Predictor" }, HttpStatusCode.Created);
        Assert.Equal(50L << 20, unseen["maxSubmissionBytes"]!.GetValue<long>());
        Assert.Equal(10L << 20, prediction["maxSubmissionBytes"]!.GetValue<long>());
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TrackSettingsApiOnSqliteAndDisk(SqliteDiskHost fixture) : TrackSettingsApiTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class TrackSettingsApiOnPostgresAndS3(PostgresS3Host fixture) : TrackSettingsApiTests(fixture.Host);
