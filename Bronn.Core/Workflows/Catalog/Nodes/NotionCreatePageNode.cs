using Bronn.Core.Execution;
using Bronn.Core.Integrations.Providers.Notion;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class NotionCreatePageNode(IServiceProvider services) : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("notion.create_page", "Create page (Notion)", NodeCategory.Action, "description",
        "Creates a page in a Notion database with the given properties.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [
            new("databaseId", "Database ID", ParameterType.String, Required: true),
            new("properties", "Properties", ParameterType.Json, Required: true, Help: "Notion property values as JSON; strings may hold expressions."),
        ],
        Integration: "notion",
        ExampleOutput: new { id = "page-1", url = "https://www.notion.so/..." });

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) => ProviderFailures.GuardAsync(async () =>
    {
        var properties = await context.JsonAsync("properties") ?? throw new NodeFailedException("'properties' is empty.", retryable: false);
        var page = await services.GetRequiredService<NotionClient>().CreatePageAsync(context.OwnerId, await context.RequiredTextAsync("databaseId"), properties, ct);
        return NodeResult.Of(new { id = page.Id, url = page.Url });
    });
}
