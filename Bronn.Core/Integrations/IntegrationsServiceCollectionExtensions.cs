using Bronn.Core.Integrations.OAuth;
using Bronn.Core.Integrations.Providers;
using Bronn.Core.Integrations.Providers.Google;
using Bronn.Core.Integrations.Providers.Notion;
using Bronn.Core.Integrations.Providers.Slack;
using Bronn.Core.Integrations.Refresh;
using Bronn.Core.Integrations.Vault;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Integrations;

public static class IntegrationsServiceCollectionExtensions
{
    /// <summary>The vault, the catalog, OAuth, refresh and change notification: everything but the background loops.</summary>
    public static IServiceCollection AddIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntegrationsOptions>().Bind(configuration.GetSection(IntegrationsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntegrationsOptions>, IntegrationsOptionsValidator>();
        services.AddOptions<EncryptionOptions>().Bind(configuration.GetSection("Bronn:Encryption")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EncryptionOptions>, EncryptionOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<KeyRing>();
        services.AddSingleton<SecretCipher>();
        services.AddSingleton<TokenVault>();
        services.AddSingleton<VaultRotation>();
        services.AddSingleton<IntegrationCatalog>();
        services.AddSingleton<IntegrationChangeFeed>();

        // Long-lived clients (held by singletons) that still notice DNS changes: the pool recycles connections.
        services.AddHttpClient<OAuthTokenClient>(c => c.Timeout = TimeSpan.FromSeconds(30)).UseRecyclingPool();
        services.AddHttpClient<UserInfoAccountReader>(c => c.Timeout = TimeSpan.FromSeconds(15)).UseRecyclingPool();
        services.AddSingleton<IAccountReader>(sp => sp.GetRequiredService<UserInfoAccountReader>());
        services.AddSingleton<IAccountReader>(sp => new GoogleAccountReader(sp.GetRequiredService<UserInfoAccountReader>()));
        services.AddSingleton<IAccountReader, SlackAccountReader>();
        services.AddSingleton<IAccountReader, NotionAccountReader>();

        services.AddSingleton<OAuthConnectFlow>();
        services.AddSingleton<OAuthCallback>();
        services.AddSingleton<ConnectionWriter>();
        services.AddSingleton<IntegrationConnections>();
        services.AddSingleton<IntegrationAdministration>();
        services.AddSingleton<CredentialRefresher>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<RefreshSweeper>();
        services.AddProviderApiClients();
        return services;
    }

    private static IHttpClientBuilder UseRecyclingPool(this IHttpClientBuilder builder) => builder
        .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
        .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

    /// <summary>The loops: hearing changes from other processes, and refreshing ahead of expiry.</summary>
    public static IServiceCollection AddIntegrationBackgroundServices(this IServiceCollection services)
    {
        services.AddHostedService<IntegrationChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<RefreshSweeper>());
        return services;
    }
}
