using Microsoft.Extensions.DependencyInjection.Extensions;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Core.Workflows;

public static class WorkflowsServiceCollectionExtensions
{
    public static IServiceCollection AddWorkflows(this IServiceCollection services)
    {
        foreach (var type in typeof(INodeType).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(INodeType).IsAssignableFrom(t)))
        {
            services.AddSingleton(typeof(INodeType), type);
        }
        services.AddSingleton<NodeCatalog>();
        services.AddSingleton<Code.JavaScriptSandbox>();
        services.AddSingleton<WorkflowValidator>();
        services.AddSingleton<SecretParameters>();
        services.AddSingleton<WorkflowStore>();
        services.AddSingleton<History.WorkflowHistory>();
        services.AddSingleton<Hooks.WorkflowChanges>();
        services.AddSingleton<Hooks.PublishedHooks>();
        services.AddSingleton<WorkflowReferences>();
        services.AddSingleton<Credentials.CredentialStore>();
        return services;
    }

    /// <summary>
    /// Hears other processes' workflow changes, for a process that caches active workflows (it answers webhooks or
    /// polls triggers). Added once however many features ask for it.
    /// </summary>
    public static IServiceCollection AddWorkflowChangesListener(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, Hooks.WorkflowChangesListener>());
        return services;
    }
}
