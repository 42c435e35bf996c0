using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using NasArena.Web.Auth;

namespace NasArena.Web.Components.Pages.Account;

public sealed class SignInInput
{
    [Required(ErrorMessage = "Enter your e-mail address.")] public string Email { get; set; } = "";
    [Required(ErrorMessage = "Enter your password.")] public string Password { get; set; } = "";
}

public sealed class RegisterInput
{
    [Required(ErrorMessage = "Enter the name others will see."), StringLength(80)] public string DisplayName { get; set; } = "";
    [Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "This is not an e-mail address.")] public string Email { get; set; } = "";
    [Required(ErrorMessage = "Choose a password."), MinLength(Platform.Accounts.AccountService.MinPasswordLength,
        ErrorMessage = "The password needs at least 10 characters.")]
    public string Password { get; set; } = "";
}

public sealed class ChangePasswordInput
{
    [Required(ErrorMessage = "Enter your current password.")] public string CurrentPassword { get; set; } = "";
    [Required(ErrorMessage = "Choose a new password."), MinLength(Platform.Accounts.AccountService.MinPasswordLength,
        ErrorMessage = "The password needs at least 10 characters.")]
    public string NewPassword { get; set; } = "";
}

/// <summary>What the static account pages share: the cookie set in this request's response, and a safe way back.</summary>
public static class AccountFlow
{
    public static Task SignInAsync(HttpContext http, Platform.Domain.User user) =>
        http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ActorExtensions.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>Only a path of this site: a returnUrl to another host would make the sign-in page an open redirect.</summary>
    public static string SafeReturn(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
