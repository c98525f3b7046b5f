namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class NotionCreatePageNode : INodeType
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
}
