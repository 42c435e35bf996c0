using Scalar.AspNetCore;

namespace NasArena.Web.Hosting;

/// <summary>
/// The API reference page (/scalar/v1), served self-contained: it loads only the app's own files, so it works on a
/// closed network and calls no third party, and it shows NasArena's API without the vendor's own offers.
/// Tests/Browser/ApiReferenceTests loads it in Chromium and fails on any request to another host.
/// </summary>
public static class ApiReference
{
    public static void Configure(ScalarOptions o) => o
        .WithTitle("NasArena API")
        .DisableDefaultFonts() // Inter and JetBrains Mono would come from fonts.scalar.com; the system's fonts do
        .DisableTelemetry()
        .DisableAgent() // "Ask AI": a chat on the vendor's servers
        .DisableMcp()
        .HideDeveloperTools() // the localhost toolbar: Configure, Share, "Deploy .NET", "Generate SDK"
        .HideClientButton(); // opens the vendor's API client
}
