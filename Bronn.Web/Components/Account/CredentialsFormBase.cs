using Bronn.Core.Accounts;
using Bronn.Web.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Bronn.Web.Components.Account;

/// <summary>What the sign-in and register pages share: fields, rules, busy and error state, the way back.</summary>
public abstract class CredentialsFormBase : ComponentBase
{
    [Inject] protected BrowserSession Session { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [SupplyParameterFromQuery] public string? ReturnUrl { get; set; }

    protected MudForm? Form { get; set; }
    protected string Email { get; set; } = "";
    protected string Password { get; set; } = "";
    protected string? Error { get; set; }
    protected bool Busy { get; set; }

    protected static string? ValidateEmail(string? email) => EmailAddress.Validate(email);

    protected bool CanSubmit => RendererInfo.IsInteractive && !Busy;

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null && (await AuthenticationState).User.Identity?.IsAuthenticated == true)
        {
            Navigation.NavigateTo(SafeReturnUrl, forceLoad: true);
        }
    }

    /// <summary>Only a path on this site, so a crafted link cannot bounce a freshly signed-in user elsewhere.</summary>
    protected string SafeReturnUrl =>
        Hosting.ReturnUrls.Safe(ReturnUrl) is { } url && !url.StartsWith("/signin", StringComparison.OrdinalIgnoreCase) ? url : "/";

    protected async Task SubmitAsync()
    {
        Error = null;
        if (Form is null)
        {
            return;
        }
        await Form.ValidateAsync();
        if (!Form.IsValid)
        {
            return;
        }
        Busy = true;
        try
        {
            var response = await SendAsync();
            if (response.Succeeded)
            {
                // A full load: the new circuit starts with the cookie the response just set.
                Navigation.NavigateTo(SafeReturnUrl, forceLoad: true);
                return;
            }
            Error = response.Errors is { Count: > 0 } errors
                ? string.Join(" ", errors.Values.SelectMany(m => m))
                : response.Message;
        }
        finally
        {
            Busy = false;
        }
    }

    protected abstract ValueTask<SessionResponse> SendAsync();
}
