using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class GmailNewMessageTriggerNode : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("gmail.new_message", "New Gmail message", NodeCategory.Trigger, "mark_email_unread",
        "Starts the workflow once for every new message matching the query.",
        NodeDescriptor.None, NodeDescriptor.Main,
        [
            new("query", "Search query", ParameterType.String, Default: "in:inbox", Help: "Gmail search syntax, e.g. from:boss@example.com has:attachment."),
            new("pollInterval", "Check every", ParameterType.Duration, Default: "00:01:00"),
        ],
        Integration: "gmail", Scopes: ["https://www.googleapis.com/auth/gmail.readonly"],
        ExampleOutput: new { id = "18c1", from = "ann@example.com", subject = "Hello", snippet = "Hi there", text = "Hi there" });

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) =>
        Task.FromResult(new NodeResult(context.TriggerData));
}
