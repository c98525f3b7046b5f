namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class GmailSendNode : INodeType
{
    public NodeDescriptor Descriptor { get; } = new("gmail.send", "Send email (Gmail)", NodeCategory.Action, "send",
        "Sends an email from the connected Gmail account. At most once per execution and node, even across a crash.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [
            new("to", "To", ParameterType.String, Required: true, Help: "One or more addresses, separated by commas."),
            new("cc", "Cc", ParameterType.String),
            new("subject", "Subject", ParameterType.String, Required: true),
            new("body", "Body (text)", ParameterType.Text, Required: true),
            new("html", "Body (HTML)", ParameterType.Text),
        ],
        Integration: "gmail", Scopes: ["https://www.googleapis.com/auth/gmail.send"],
        ExampleOutput: new { id = "18c2", threadId = "18c2" });
}
