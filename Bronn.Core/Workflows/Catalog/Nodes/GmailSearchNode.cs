using Bronn.Core.Execution;
using Bronn.Core.Integrations.Providers.Google;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class GmailSearchNode(IServiceProvider services) : INodeType, INodeExecutor
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

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) => ProviderFailures.GuardAsync(async () =>
    {
        var gmail = services.GetRequiredService<GmailClient>();
        var limit = (int)(context.Node.Parameter("limit")?.TryGetInt32(out var n) == true ? n : 10);
        var ids = await gmail.SearchAsync(context.OwnerId, await context.RequiredTextAsync("query"), limit, ct);
        var messages = new List<object>();
        foreach (var id in ids)
        {
            var m = await gmail.GetMessageAsync(context.OwnerId, id, ct);
            messages.Add(new { id = m.Id, threadId = m.ThreadId, from = m.From, to = m.To, subject = m.Subject, date = m.Date, snippet = m.Snippet, text = m.TextBody });
        }
        return NodeResult.Of(new { messages });
    });
}
