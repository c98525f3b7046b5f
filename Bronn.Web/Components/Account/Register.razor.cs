using Bronn.Web.Accounts;

namespace Bronn.Web.Components.Account;

public partial class Register
{
    private string Confirmation { get; set; } = "";

    private string SignInHref => ReturnUrl is null ? "/signin" : $"/signin?returnUrl={Uri.EscapeDataString(ReturnUrl)}";

    private string? ValidateConfirmation(string? confirmation) =>
        confirmation == Password ? null : "The passwords do not match.";

    protected override ValueTask<SessionResponse> SendAsync() => Session.RegisterAsync(Email, Password);
}
