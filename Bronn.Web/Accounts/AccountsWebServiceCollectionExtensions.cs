using Bronn.Core.Accounts;
using Bronn.Web.Accounts.ApiKeys;
using Bronn.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Components.Authorization;

namespace Bronn.Web.Accounts;

public static class AccountsWebServiceCollectionExtensions
{
    public const string AdminPolicy = "admin";
    public const string SignedInScheme = "Bronn";

    public static IServiceCollection AddBronnAuthentication(this IServiceCollection services)
    {
        services.AddAccounts();
        // Login tokens (header or cookie) and personal API keys: a request is read by the scheme its credential belongs to.
        services.AddAuthentication(SignedInScheme)
            .AddPolicyScheme(SignedInScheme, "Login token or API key", policy => policy.ForwardDefaultSelector = context =>
                RequestKind.IsApi(context.Request) && ApiKeyAuthenticationHandler.Carries(context.Request)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.ConfigureOptions<JwtBearerSetup>();
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<CredentialSignIn>();
        services.AddScoped<BrowserSession>();
        return services;
    }
}
