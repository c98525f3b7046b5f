using Bronn.Core.Execution;
using Bronn.Core.Integrations.Providers.Google;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class GmailSendNode(IServiceProvider services) : INodeType, INodeExecutor
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

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) => ProviderFailures.GuardAsync(async () =>
    {
        var gmail = services.GetRequiredService<GmailClient>();
        // The same execution, node and item always give the same Message-ID: after a crash, look before sending again.
        var item = context.StepKey.LastIndexOf('/') is var slash and >= 0 ? "." + context.StepKey[(slash + 1)..] : "";
        var messageId = $"{context.ExecutionId:N}.{context.Node.Id}{item}@bronn";
        if ((await gmail.SearchAsync(context.OwnerId, $"rfc822msgid:{messageId}", 1, ct)) is [var existing, ..])
        {
            return NodeResult.Of(new { id = existing, alreadySent = true });
        }
        var email = new EmailToSend(Split(await context.RequiredTextAsync("to")), await context.RequiredTextAsync("subject"),
            await context.RequiredTextAsync("body"), await context.TextAsync("html"), Split(await context.TextAsync("cc") ?? ""), MessageId: messageId);
        var sent = await gmail.SendAsync(context.OwnerId, email, ct);
        return NodeResult.Of(new { id = sent.Id, threadId = sent.ThreadId });
    });

    private static List<string> Split(string addresses) =>
        addresses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
