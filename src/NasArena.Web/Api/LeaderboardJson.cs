using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NasArena.Platform.Leaderboards;

namespace NasArena.Web.Api;

/// <summary>
/// A board's JSON, encoded (and gzipped) once per computed board: LeaderboardCache hands out the same Leaderboard object
/// until the phase's board version changes, so the encoding is kept beside that object and goes with it. Serializing 500
/// rows for each of 100 concurrent viewers would cost more than everything else the request does (issue 10's benchmark).
/// </summary>
public sealed class LeaderboardJson(IOptions<JsonOptions> options)
{
    private readonly ConditionalWeakTable<Leaderboard, Encoded> _encoded = new();

    public IResult Result(Leaderboard board) => new EncodedJson(_encoded.GetValue(board, Encode));

    private Encoded Encode(Leaderboard board)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(board, options.Value.SerializerOptions);
        using var gzip = new MemoryStream();
        using (var stream = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true))
        {
            stream.Write(json);
        }
        return new Encoded(json, gzip.ToArray());
    }

    private sealed record Encoded(byte[] Json, byte[] Gzip);

    private sealed class EncodedJson(Encoded encoded) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var response = http.Response;
            response.ContentType = "application/json; charset=utf-8";
            response.Headers.Vary = "Accept-Encoding";
            var gzip = http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
            var body = gzip ? encoded.Gzip : encoded.Json;
            if (gzip)
            {
                response.Headers.ContentEncoding = "gzip";
            }
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, http.RequestAborted);
        }
    }
}
