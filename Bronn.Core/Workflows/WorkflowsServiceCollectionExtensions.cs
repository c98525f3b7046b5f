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
        services.AddSingleton<Hooks.PublishedHooks>();
        services.AddSingleton<WorkflowReferences>();
        services.AddSingleton<Credentials.CredentialStore>();
        return services;
    }
}
