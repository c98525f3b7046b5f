namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class GmailSearchNode : INodeType
{
    public NodeDescriptor Descriptor { get; } = new("gmail.search", "Search email (Gmail)", NodeCategory.Action, "search",
        "Finds messages with Gmail's search syntax and returns them with their headers and text.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [
            new("query", "Query", ParameterType.String, Required: true),
            new("limit", "At most", ParameterType.Number, Default: 10),
        ],
        Integration: "gmail", Scopes: ["https://www.googleapis.com/auth/gmail.readonly"],
        ExampleOutput: new { messages = new[] { new { id = "18c1", subject = "Hello" } } });
}
