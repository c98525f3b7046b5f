using Bronn.Core.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddBronnData(this IServiceCollection services)
    {
        // A factory, because Blazor Server circuits outlive a request and must not share one context.
        services.AddDbContextFactory<BronnDbContext>((provider, options) =>
            Configure(options, provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Bronn!));
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<DatabaseReadiness>();
        services.AddSingleton<DatabaseStatus>();
        return services;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString).UseSnakeCaseNamingConvention();
}
