using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Configuration;

public static class ConfigurationServiceCollectionExtensions
{
    /// <summary>Binds and validates (at start-up) the options every Bronn process shares.</summary>
    public static IServiceCollection AddBronnConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BronnOptions>()
            .Bind(configuration.GetSection(BronnOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<BronnOptions>, SigningKeyFileLoader>();
        services.AddSingleton<IValidateOptions<BronnOptions>, BronnOptionsValidator>();

        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton<IPostConfigureOptions<DatabaseOptions>, ConnectionPoolSizing>();
        return services;
    }
}
