using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>A caller of the REST API as a script would be: an API token in the Authorization header (or none).</summary>
public sealed class ApiClient(PlatformHost host, string? token = null) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public HttpClient Http { get; } = CreateHttp(host, token);
    public string? Token { get; } = token;

    private static HttpClient CreateHttp(PlatformHost host, string? token)
    {
        var http = new HttpClient { BaseAddress = new Uri(host.BaseAddress, "/api/v1/"), Timeout = TimeSpan.FromMinutes(5) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    public async Task<HttpResponseMessage> PostAsync(string path, object? body) => await Http.PostAsJsonAsync(path, body, Json);

    public async Task<HttpResponseMessage> PutAsync(string path, object? body) => await Http.PutAsJsonAsync(path, body, Json);

    public async Task<JsonNode> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Http.GetAsync(path);
        return await ExpectAsync(response, expected);
    }

    public async Task<JsonNode> PostJsonAsync(string path, object? body, HttpStatusCode expected)
    {
        var response = await PostAsync(path, body);
        return await ExpectAsync(response, expected);
    }

    public static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static MultipartFormDataContent Multipart(string fileName, byte[] content, IDictionary<string, string>? fields = null)
    {
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value, Encoding.UTF8), key);
        }
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    public Task<HttpResponseMessage> SubmitAsync(Guid phaseId, string fileName, byte[] content, IDictionary<string, string>? fields = null) =>
        Http.PostAsync($"phases/{phaseId}/submissions", Multipart(fileName, content, fields));

    public Task<HttpResponseMessage> UploadAssetAsync(Guid phaseId, string kind, string fileName, byte[] content, bool isPublic = false) =>
        Http.PostAsync($"phases/{phaseId}/assets", Multipart(fileName, content,
            new Dictionary<string, string> { ["kind"] = kind, ["public"] = isPublic ? "true" : "false" }));

    /// <summary>Polls a submission until it reaches a final state (scored, failed, cancelled).</summary>
    public async Task<JsonNode> WaitForFinalAsync(Guid submissionId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var submission = await GetJsonAsync($"submissions/{submissionId}");
            var status = submission["status"]!.GetValue<string>();
            if (status is "Scored" or "Failed" or "Cancelled")
            {
                return submission;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Submission {submissionId} is still {status} after the timeout: {submission.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    public void Dispose() => Http.Dispose();
}
