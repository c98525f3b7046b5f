namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class SlackPostMessageNode : INodeType
{
    public NodeDescriptor Descriptor { get; } = new("slack.post_message", "Post message (Slack)", NodeCategory.Action, "forum",
        "Posts a message to a Slack channel.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [
            new("channel", "Channel", ParameterType.String, Required: true, Help: "A channel name (#general) or id."),
            new("text", "Text", ParameterType.Text, Required: true),
        ],
        Integration: "slack", Scopes: ["chat:write"],
        ExampleOutput: new { channel = "C1", ts = "1700000000.000100" });
}
