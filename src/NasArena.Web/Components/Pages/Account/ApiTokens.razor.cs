using Microsoft.AspNetCore.Components;
using MudBlazor;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Account;

/// <summary>Makes, lists and revokes the user's API tokens through AccountService, as the REST API does.</summary>
public sealed partial class ApiTokens : PlatformComponent
{
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private List<ApiToken>? _tokens;
    private NewToken? _created;
    private string _name = "nasarena-cli";
    private int _days = 90;
    // The default of a token made without naming scopes (TokenScopes.Default): read and submit, not manage.
    private bool _submit = true;
    private bool _manage;
    private string? _error;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        var actor = Access.RequireUser(await ActorAsync());
        _tokens = await UseAsync<AccountService, List<ApiToken>>(a => a.TokensOfAsync(actor.UserId, CancellationToken.None));
    }

    private async Task CreateAsync()
    {
        _error = null;
        await RunAsync(async () =>
        {
            var actor = Access.RequireUser(await ActorAsync());
            _created = await UseAsync<AccountService, NewToken>(a => a.CreateTokenAsync(actor.UserId, _name, _days, Scopes(), CancellationToken.None));
            await LoadAsync();
        }, error => _error = error);
    }

    private async Task RevokeAsync(ApiToken token)
    {
        var sure = await Dialogs.ShowMessageBoxAsync("Revoke the token?",
            $"Scripts using \"{token.Name}\" ({token.Prefix}…) will be refused from now on. This cannot be undone.",
            yesText: "Revoke", cancelText: "Keep it");
        if (sure != true)
        {
            return;
        }
        var actor = Access.RequireUser(await ActorAsync());
        await UseAsync<AccountService>(a => a.RevokeTokenAsync(actor.UserId, token.Id, CancellationToken.None));
        if (_created?.Id == token.Id)
        {
            _created = null;
        }
        await LoadAsync();
    }

    private List<string> Scopes() =>
        [TokenScopes.Read, .. _submit ? [TokenScopes.Submit] : Array.Empty<string>(), .. _manage ? [TokenScopes.Manage] : Array.Empty<string>()];

    /// <summary>What to paste: the client stores the token and this site's address (clients/python/nasarena.py `token set`).</summary>
    private string CliCommand(string token) =>
        $"python3 clients/python/nasarena.py token set --url {Navigation.BaseUri.TrimEnd('/')} {token}";

    private string StateOf(ApiToken token) =>
        token.RevokedAt is not null ? "revoked" : token.ExpiresAt <= Clock.GetUtcNow() ? "expired" : "active";
}
