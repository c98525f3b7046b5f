using Bronn.Core.Accounts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Components.Authorization;

namespace Bronn.Web.Accounts;

public static class AccountsWebServiceCollectionExtensions
{
    public const string AdminPolicy = "admin";

    public static IServiceCollection AddBronnAuthentication(this IServiceCollection services)
    {
        services.AddAccounts();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
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
