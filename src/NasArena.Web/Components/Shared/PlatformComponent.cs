using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using NasArena.Platform.Accounts;
using NasArena.Platform.Errors;
using NasArena.Web.Auth;

namespace NasArena.Web.Components.Shared;

/// <summary>
/// A page that calls the platform's services in-process, each call in its own DI scope: a circuit lives for minutes and
/// its events can overlap, while a DbContext is neither thread-safe nor meant to track entities that long. The caller is
/// the circuit's user as an <see cref="Actor"/>, so the services apply the same Access rules as the REST API.
/// </summary>
public abstract class PlatformComponent : ComponentBase
{
    /// <summary>What a page shows when a call failed for a reason that is not the caller's (a bug, a lost database).</summary>
    public const string UnexpectedFailure =
        "That did not work: the server met an unexpected error (it is logged for the administrators). Try again, or reload the page.";

    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] private ILoggerFactory Loggers { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>True while a <see cref="RunAsync"/> call is in flight: pages disable their buttons with it.</summary>
    protected bool Busy { get; private set; }

    /// <summary>This page's logger (its type's name as the category).</summary>
    protected ILogger Log => Loggers.CreateLogger(GetType());

    /// <summary>A poller for this page; the page disposes it with itself.</summary>
    protected Poller NewPoller() => new(Log);

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

    /// <summary>
    /// Every page action's busy/catch/finally, once. A <see cref="DomainException"/> is the caller's to read (its message
    /// goes to <paramref name="failed"/>); anything else is a fault of ours: it is logged with the page's type and the page
    /// shows <see cref="UnexpectedFailure"/>. An exception let out of an event handler would end the circuit, and the
    /// user would see a dead page with no word of why. Answers whether <paramref name="work"/> ran to its end.
    /// </summary>
    protected async Task<bool> RunAsync(Func<Task> work, Action<string> failed)
    {
        Busy = true;
        try
        {
            await work();
            return true;
        }
        catch (DomainException e)
        {
            failed(e.Message);
            return false;
        }
        catch (Exception e)
        {
            Log.LogError(e, "{Page} failed unexpectedly", GetType().Name);
            failed(UnexpectedFailure);
            return false;
        }
        finally
        {
            Busy = false;
        }
    }
}
