using Microsoft.JSInterop;

namespace NasArena.Web.Components.Shared;

/// <summary>
/// The viewer's time zone (IANA id from the browser's Intl), asked once per circuit after the first render; prerendered
/// HTML has no browser to ask, so times show in UTC first and gain the local time once it is known.
/// </summary>
public sealed class BrowserTimeZone(IJSRuntime js)
{
    private Task<TimeZoneInfo?>? _zone;

    public Task<TimeZoneInfo?> GetAsync() => _zone ??= AskAsync();

    private async Task<TimeZoneInfo?> AskAsync()
    {
        try
        {
            var id = await js.InvokeAsync<string?>("nasarena.timeZone");
            return Find(id);
        }
        catch (JSException)
        {
            return null;
        }
    }

    /// <summary>The zone of an IANA id, or null when the id is empty, UTC itself or unknown to this machine.</summary>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id is "UTC" or "Etc/UTC")
        {
            return null;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
    }
}
