using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor.Services;
using NasArena.Web.Auth;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components;

public static class UiSetup
{
    /// <summary>The browser UI's services: MudBlazor, the circuit's user (revalidated against the database), the viewer's time zone.</summary>
    public static IServiceCollection AddNasArenaUi(this IServiceCollection services)
    {
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthState>();
        services.AddScoped<BrowserTimeZone>();
        services.AddSingleton<AnonymousPageCache>();
        services.AddSingleton<SignedInPageCache>();
        return services;
    }
}
