using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using NasArena.Platform.Errors;

namespace NasArena.Web.Api;

/// <summary>
/// Reads a multipart/form-data upload as a stream: text fields before the file are collected, the file section is
/// handed to <paramref name="consume"/> while it arrives. Nothing is buffered whole (browsers and the CLI stream it).
/// </summary>
public static class MultipartUpload
{
    public sealed record FilePart(string FileName, string ContentType, Stream Content, IReadOnlyDictionary<string, string> Fields);

    public static async Task<T> ReadAsync<T>(HttpRequest request, long maxBytes, Func<FilePart, Task<T>> consume, CancellationToken ct)
    {
        // The platform enforces each track's own limit while spooling; Kestrel's default 30 MB cap must not cut in first.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes + 1024 * 1024;
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedUploadException("Send the file as multipart/form-data with one part named 'file'.");
        }
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new InvalidInputException("The multipart/form-data content type has no boundary.");
        }
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }
            var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value;
            if (!string.IsNullOrEmpty(fileName))
            {
                return await consume(new FilePart(HeaderUtilities.RemoveQuotes(fileName).Value ?? "", section.ContentType ?? "", section.Body, fields));
            }
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            using var text = new StreamReader(section.Body);
            var buffer = new char[4097];
            var read = await text.ReadBlockAsync(buffer, ct);
            if (read > 4096)
            {
                throw new InvalidInputException($"The form field '{name}' is longer than 4096 characters.");
            }
            fields[name] = new string(buffer, 0, read);
        }
        throw new InvalidInputException("The upload holds no file: add a part named 'file' with a file name.");
    }
}
