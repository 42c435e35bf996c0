using Microsoft.AspNetCore.Components;
using NasArena.Platform.Accounts;
using NasArena.Platform.Errors;

namespace NasArena.Web.Components.Pages.Account;

public sealed partial class ReleaseAddress
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;
    [SupplyParameterFromQuery(Name = "token")] private string? Token { get; set; }

    private Platform.Domain.User? _account;
    private string? _error;
    private bool _released;

    protected override async Task OnInitializedAsync()
    {
        // The post renders the form again (Blazor dispatches the submit to a rendered form), so the account is read on both.
        if (HttpMethods.IsPost(HttpContext.Request.Method) && HttpContext.Request.HasFormContentType)
        {
            Token = HttpContext.Request.Form["token"].ToString();
        }
        try
        {
            _account = await SignUp.UnverifiedByLinkAsync(Token, HttpContext.RequestAborted);
        }
        catch (DomainException e)
        {
            _error = e.Message;
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            await SignUp.ReleaseAsync(Token, HttpContext.RequestAborted);
            _released = true;
        }
        catch (DomainException e)
        {
            _error = e.Message;
        }
    }
}
