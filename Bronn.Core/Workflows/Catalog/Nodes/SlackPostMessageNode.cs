using Bronn.Core.Execution;
using Bronn.Core.Integrations.Providers.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class SlackPostMessageNode(IServiceProvider services) : INodeType, INodeExecutor
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

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) => ProviderFailures.GuardAsync(async () =>
    {
        var sent = await services.GetRequiredService<SlackClient>().PostMessageAsync(context.OwnerId,
            await context.RequiredTextAsync("channel"), await context.RequiredTextAsync("text"), ct);
        return NodeResult.Of(new { channel = sent.Channel, ts = sent.Ts });
    });
}
