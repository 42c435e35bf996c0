using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>The resumable upload protocol spoken as a script would (ADR 0012): start, chunks with Content-Range, offset, complete.</summary>
public static class ChunkedUploads
{
    public static async Task<JsonNode> StartAsync(ApiClient client, Guid phaseId, string fileName, long size, string? sha256 = null,
        HttpStatusCode expected = HttpStatusCode.Created) =>
        await client.PostJsonAsync($"phases/{phaseId}/uploads", new { fileName, sizeBytes = size, sha256 }, expected);

    public static Guid IdOf(JsonNode upload) => Guid.Parse(upload["id"]!.GetValue<string>());

    /// <summary>PUT of bytes [from, from + content length) of a file of <paramref name="total"/> bytes, the body read from <paramref name="body"/>.</summary>
    public static Task<HttpResponseMessage> PutAsync(ApiClient client, Guid id, long from, long length, long total, Stream body)
    {
        var content = new StreamContent(body, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = length;
        // Raw, not ContentRangeHeaderValue: that refuses a range past its total, which the tests send on purpose.
        content.Headers.TryAddWithoutValidation("Content-Range", $"bytes {from}-{from + length - 1}/{total}");
        return client.Http.PutAsync($"uploads/{id}", content);
    }

    public static Task<HttpResponseMessage> PutAsync(ApiClient client, Guid id, byte[] file, long from, int length) =>
        PutAsync(client, id, from, length, file.Length, new MemoryStream(file, (int)from, length));

    /// <summary>Sends <paramref name="file"/> from the server's offset to the end, in chunks of <paramref name="chunk"/> bytes.</summary>
    public static async Task SendRestAsync(ApiClient client, Guid id, byte[] file, int chunk)
    {
        var offset = await OffsetAsync(client, id);
        while (offset < file.Length)
        {
            var length = (int)Math.Min(chunk, file.Length - offset);
            var sent = await ApiClient.ExpectAsync(await PutAsync(client, id, file, offset, length), HttpStatusCode.OK);
            offset = sent["offset"]!.GetValue<long>();
        }
    }

    /// <summary>The offset as HEAD answers it (the header a client resumes from).</summary>
    public static async Task<long> OffsetAsync(ApiClient client, Guid id)
    {
        using var head = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"uploads/{id}"));
        Assert.True(head.StatusCode == HttpStatusCode.OK, $"HEAD uploads/{id}: {(int)head.StatusCode}");
        return long.Parse(head.Headers.GetValues("Upload-Offset").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<HttpResponseMessage> CompleteAsync(ApiClient client, Guid id) => await client.PostAsync($"uploads/{id}/complete", null);

    /// <summary>The whole protocol for a file held in memory; answers the completion's body (a submission).</summary>
    public static async Task<JsonNode> UploadAsync(ApiClient client, Guid phaseId, string fileName, byte[] file, int chunk)
    {
        var id = IdOf(await StartAsync(client, phaseId, fileName, file.Length));
        await SendRestAsync(client, id, file, chunk);
        return await ApiClient.ExpectAsync(await CompleteAsync(client, id), HttpStatusCode.Accepted);
    }
}
