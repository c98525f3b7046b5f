using Bronn.Core.Accounts;
using Bronn.Web.Accounts;

namespace Bronn.Web.Components.Account;

public partial class SignIn
{
    private string RegisterHref => ReturnUrl is null ? "/register" : $"/register?returnUrl={Uri.EscapeDataString(ReturnUrl)}";

    private static string? ValidatePassword(string? password) =>
        AccountInput.Validate("ok@example.com", password, forRegistration: false).GetValueOrDefault("password")?[0];

    protected override ValueTask<SessionResponse> SendAsync() => Session.SignInAsync(Email, Password);
}
