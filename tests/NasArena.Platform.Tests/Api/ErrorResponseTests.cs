using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Api;

/// <summary>Every error answer has one shape (ProblemDetails), and the OpenAPI document declares each route's.</summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ErrorResponseTests(SqliteDiskHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;
    private static readonly string[] UnsafeMethods = ["post", "put", "patch", "delete"];

    private async Task<JsonObject> OpenApiAsync()
    {
        using var http = new HttpClient { BaseAddress = _host.BaseAddress };
        return (await ApiClient.ExpectAsync(await http.GetAsync("/openapi/v1.json"), HttpStatusCode.OK)).AsObject();
    }

    private static IEnumerable<(string Method, string Path, JsonObject Responses)> Operations(JsonObject doc) =>
        from path in doc["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where operation.Key is "get" or "post" or "put" or "patch" or "delete"
        select (operation.Key, path.Key, operation.Value!["responses"]!.AsObject());

    [Fact]
    public async Task EveryOperationOfTheOpenApiDocumentListsItsErrorResponses()
    {
        var operations = Operations(await OpenApiAsync()).ToList();
        Assert.True(operations.Count >= 37, $"The document has {operations.Count} operations; the API has 37 routes.");
        var missing = new List<string>();
        foreach (var (method, path, responses) in operations)
        {
            var codes = responses.Select(r => r.Key).ToHashSet();
            // A presented but refused API token is answered 401 on any route.
            var expected = new List<string> { "401" };
            if (UnsafeMethods.Contains(method))
            {
                expected.Add("400"); // a body that fails validation, or a session cookie without the antiforgery header
            }
            if (path.Contains('{'))
            {
                expected.Add("404"); // a path naming something that does not exist
            }
            missing.AddRange(expected.Where(c => !codes.Contains(c)).Select(c => $"{method.ToUpperInvariant()} {path} lacks {c}"));
            foreach (var (code, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                if (response!["content"]?["application/problem+json"]?["schema"] is null)
                {
                    missing.Add($"{method.ToUpperInvariant()} {path} declares {code} without an application/problem+json schema");
                }
            }
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public async Task TheSubmitOperationListsEveryWayAnUploadIsRefused()
    {
        var submit = Operations(await OpenApiAsync()).Single(o => o is { Method: "post", Path: "/api/v1/phases/{phaseId}/submissions" });
        foreach (var code in new[] { "400", "401", "403", "404", "409", "413", "415", "422", "429", "503" })
        {
            Assert.True(submit.Responses.ContainsKey(code), $"POST submissions does not declare {code}: {submit.Responses.ToJsonString()}");
        }
    }

    [Fact]
    public async Task AnswersOfTheAuthChecksHaveTheShapeOfEveryOtherProblem()
    {
        using var anonymous = new ApiClient(_host);
        using var badToken = new ApiClient(_host, "nsa_not-a-token");
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(_host.BaseAddress, "/api/v1/") };
        var email = $"shape-{Guid.NewGuid():N}@example.org";
        await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("account/register", new { email, password = "a long enough password", displayName = "S" }), HttpStatusCode.Accepted);
        await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("account/login", new { email, password = "a long enough password" }), HttpStatusCode.OK);

        var problems = new Dictionary<string, JsonNode>
        {
            ["service fault"] = await anonymous.GetJsonAsync("competitions/no-such-competition", HttpStatusCode.NotFound),
            ["cookie challenge"] = await anonymous.GetJsonAsync("account/me", HttpStatusCode.Unauthorized),
            ["refused token"] = await badToken.GetJsonAsync("competitions", HttpStatusCode.Unauthorized),
            ["antiforgery"] = await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("account/tokens", new { name = "x" }), HttpStatusCode.BadRequest),
        };
        foreach (var (what, problem) in problems)
        {
            var fields = problem.AsObject().Select(p => p.Key).Order().ToList();
            Assert.True(fields.SequenceEqual(["detail", "status", "title", "traceId", "type"]), $"{what}: {problem.ToJsonString()}");
        }
    }
}
