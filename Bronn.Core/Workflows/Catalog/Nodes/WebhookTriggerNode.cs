using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class WebhookTriggerNode : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("webhook", "Webhook", NodeCategory.Trigger, "webhook",
        "Starts the workflow when an HTTP request arrives at its unguessable URL /hooks/{hookId}.",
        NodeDescriptor.None, NodeDescriptor.Main,
        [
            new("method", "HTTP method", ParameterType.Select, Default: "POST", Options: ["POST", "GET"]),
            new("respond", "Respond", ParameterType.Select, Default: "immediately", Options: ["immediately", "when_finished"],
                Help: "immediately: 202 with the execution id. when_finished: wait and return the output of the response node."),
            new("responseNode", "Response node", ParameterType.String, Help: "The node whose output is returned; default: the last one."),
            new("responseData", "Response data", ParameterType.Select, Default: "first", Options: ["first", "all"],
                Help: "first: the response node's first item. all: a JSON array of all its items."),
            new("secretHeader", "Secret header name", ParameterType.String, Help: "Require this header to carry the secret."),
            new("secret", "Secret", ParameterType.String, Help: "Checked in the secret header, or as the HMAC-SHA256 key when signature is set. Never shown again or exported.", Secret: true),
            new("signatureHeader", "HMAC signature header", ParameterType.String, Help: "Header carrying hex HMAC-SHA256 of the body with the secret."),
        ],
        ExampleOutput: new { body = new { }, headers = new { }, query = new { }, method = "POST" });

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) =>
        Task.FromResult(new NodeResult(context.TriggerData));
}
