using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bronn.Core.Accounts;

public static class AccountsServiceCollectionExtensions
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AccountSessions>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<ApiKeys.ApiKeyStore>();
        return services;
    }
}
