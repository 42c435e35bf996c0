using Microsoft.AspNetCore.Components;
using NasArena.Platform.Accounts;

namespace NasArena.Web.Components.Pages.Account;

public sealed partial class SignIn
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;
    [SupplyParameterFromForm] private SignInInput? Input { get; set; }
    [SupplyParameterFromQuery(Name = "returnUrl")] private string? ReturnUrl { get; set; }

    private string? _error;

    protected override void OnInitialized()
    {
        Input ??= new();
        // A posted form carries the return path in its body (the post goes to the bare path).
        ReturnUrl ??= HttpMethods.IsPost(HttpContext.Request.Method) && HttpContext.Request.HasFormContentType
            ? HttpContext.Request.Form["returnUrl"].ToString() is { Length: > 0 } posted ? posted : null
            : null;
    }

    private async Task SignInAsync()
    {
        Platform.Domain.User? user;
        try
        {
            // Failed sign-ins per e-mail address are limited here as on the API (ADR 0027); per address, by the middleware.
            Throttle.EnsureAllowed(Input!.Email);
            user = await Accounts.CheckPasswordAsync(Input!.Email, Input.Password, HttpContext.RequestAborted);
        }
        catch (Platform.Errors.ForbiddenException disabled)
        {
            _error = disabled.Message; // a disabled account: when, and the admin's reason
            return;
        }
        catch (Platform.Errors.RateLimitedException limited)
        {
            _error = limited.Message;
            return;
        }
        if (user is null)
        {
            Throttle.Failed(Input.Email);
            _error = "The e-mail or the password is wrong.";
            return;
        }
        await AccountFlow.SignInAsync(HttpContext, user);
        Navigation.NavigateTo(AccountFlow.SafeReturn(ReturnUrl));
    }
}
