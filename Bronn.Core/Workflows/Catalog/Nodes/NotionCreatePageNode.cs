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
            new("properties", "Properties", ParameterType.KeyValue, Required: true, ObjectValues: true,
                Help: "One row per database property: its name, and its value as text or an expression, e.g. Name = Order {{ item.id }}. " +
                      "Bronn writes it as the property's type (title, text, number, select, multi-select as a comma list, date or start/end, " +
                      "checkbox, URL, email, phone, relation and people as comma-separated ids, files as comma-separated addresses); " +
                      "a value in Notion's own JSON shape is sent as it is."),
        ],
        Integration: "notion",
        ExampleOutput: new { id = "page-1", url = "https://www.notion.so/..." });

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) => ProviderFailures.GuardAsync(async () =>
    {
        var rows = await context.JsonAsync("properties") ?? throw new NodeFailedException("'properties' is empty.", retryable: false);
        var notion = services.GetRequiredService<NotionClient>();
        var databaseId = await context.RequiredTextAsync("databaseId");
        var properties = await NotionPropertyValues.ToNotionAsync(rows, () => notion.PropertyTypesAsync(context.OwnerId, databaseId, ct));
        var page = await notion.CreatePageAsync(context.OwnerId, databaseId, properties, ct);
        return NodeResult.Of(new { id = page.Id, url = page.Url });
    });
}
