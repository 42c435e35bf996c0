using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using NasArena.Platform.Accounts;
using NasArena.Web.Auth;

namespace NasArena.Web.Components.Shared;

/// <summary>
/// A page that calls the platform's services in-process, each call in its own DI scope: a circuit lives for minutes and
/// its events can overlap, while a DbContext is neither thread-safe nor meant to track entities that long. The caller is
/// the circuit's user as an <see cref="Actor"/>, so the services apply the same Access rules as the REST API.
/// </summary>
public abstract class PlatformComponent : ComponentBase
{
    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    protected async Task<Actor?> ActorAsync() => AuthState is null ? null : (await AuthState).User.Actor();

    protected async Task<T> UseAsync<TService, T>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = Scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected async Task UseAsync<TService>(Func<TService, Task> work) where TService : notnull
    {
        await using var scope = Scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
