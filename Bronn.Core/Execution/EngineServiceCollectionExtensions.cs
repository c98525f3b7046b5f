using Bronn.Core.Workflows.Catalog.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Core.Execution;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Execution records and the services that start and read them (every process).</summary>
    public static IServiceCollection AddExecutions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.SectionName));
        services.AddSingleton<ExecutionSignal>();
        services.AddSingleton<ExecutionLeases>();
        services.AddSingleton<ExecutionRunner>();
        services.AddSingleton<ExecutionService>();
        services.AddHttpClient(HttpRequestNode.ClientName);
        return services;
    }

    /// <summary>The embedded engine's loop, unless Engine:Enabled is false.</summary>
    public static IServiceCollection AddEmbeddedEngine(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue(EngineOptions.SectionName + ":Enabled", true))
        {
            services.AddHostedService<ExecutionDispatcher>();
            services.AddSingleton<Triggers.ScheduleTriggerService>();
            services.AddHostedService(sp => sp.GetRequiredService<Triggers.ScheduleTriggerService>());
            services.AddSingleton<Triggers.GmailTriggerService>();
            services.AddHostedService(sp => sp.GetRequiredService<Triggers.GmailTriggerService>());
            services.AddSingleton<ExecutionPruner>();
            services.AddHostedService(sp => sp.GetRequiredService<ExecutionPruner>());
        }
        return services;
    }
}
