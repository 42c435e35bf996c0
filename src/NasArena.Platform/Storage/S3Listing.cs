using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace NasArena.Platform.Storage;

/// <summary>
/// ListObjectsV2 over plain HTTP, signed with AWS Signature V4. The Minio SDK's own listing parses the answer with the
/// AWS XML namespace only, and s3rver (the suite's S3 server) answers with another one, so the SDK silently lists
/// nothing there; elements are read here by local name, which every S3 server's answer satisfies.
/// </summary>
internal sealed class S3Listing(StorageOptions options, HttpClient http)
{
    private static readonly string EmptyHash = Convert.ToHexStringLower(SHA256.HashData([]));
    private readonly Uri _endpoint = new(options.S3Endpoint.TrimEnd('/') + "/");

    public async Task<List<StoredObject>> ListAsync(string prefix, CancellationToken ct)
    {
        var found = new List<StoredObject>();
        string? continuation = null;
        do
        {
            var query = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["list-type"] = "2", ["prefix"] = prefix };
            if (continuation is not null)
            {
                query["continuation-token"] = continuation;
            }
            using var request = Signed(query);
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new IOException($"Object storage refused to list '{prefix}': {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
            }
            var root = XDocument.Parse(body).Root!;
            foreach (var item in root.Elements().Where(e => e.Name.LocalName == "Contents"))
            {
                found.Add(new StoredObject(Child(item, "Key")!, long.Parse(Child(item, "Size") ?? "0", CultureInfo.InvariantCulture)));
            }
            continuation = Child(root, "IsTruncated") == "true" ? Child(root, "NextContinuationToken") : null;
        }
        while (continuation is not null);
        return found;
    }

    private static string? Child(XElement element, string name) => element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private HttpRequestMessage Signed(SortedDictionary<string, string> query)
    {
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var path = _endpoint.AbsolutePath + Uri.EscapeDataString(options.S3Bucket);
        var canonicalQuery = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var host = _endpoint.Authority;
        var canonical = $"GET\n{path}\n{canonicalQuery}\nhost:{host}\nx-amz-content-sha256:{EmptyHash}\nx-amz-date:{amzDate}\n\n" +
            $"host;x-amz-content-sha256;x-amz-date\n{EmptyHash}";
        var scope = $"{day}/{options.S3Region}/s3/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + options.S3SecretKey), day), options.S3Region), "s3"), "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, toSign));
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_endpoint, path + "?" + canonicalQuery));
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", EmptyHash);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={options.S3AccessKey}/{scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={signature}");
        return request;
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
