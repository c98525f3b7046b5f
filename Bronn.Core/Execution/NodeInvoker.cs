using Bronn.Core.Workflows.Catalog;
using Microsoft.Extensions.Logging;

namespace Bronn.Core.Execution;

/// <summary>
/// The one way a node is invoked (embedded runner, Temporal activity, "Test this node"): whatever a node throws becomes
/// a <see cref="NodeFailedException"/>, so a failure is always a recorded attempt under the node's retry policy and never
/// an exception that escapes the engine and leaves the run stuck.
/// </summary>
public sealed class NodeInvoker(NodeCatalog catalog, Microsoft.Extensions.Options.IOptions<EngineOptions> options, ILogger<NodeInvoker> logger)
{
    private const int MaxMessageLength = 500;

    public async Task<NodeResult> InvokeAsync(NodeContext context, CancellationToken ct)
    {
        var type = context.Node.Type ?? "";
        if (context.Node.IsDisabled)
        {
            return PassThrough(context);
        }
        if (catalog.FindType(type) is not INodeExecutor executor)
        {
            throw new NodeFailedException($"Node type '{type}' cannot run.", retryable: false);
        }
        var own = context.Node.Settings?.TimeoutValue is { } set && set < options.Value.NodeTimeout ? set : (TimeSpan?)null;
        var limit = own ?? options.Value.NodeTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try
        {
            return await executor.ExecuteAsync(context, timeout.Token);
        }
        catch (NodeFailedException)
        {
            throw;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // The same limit on both engines (Temporal's activity start-to-close timeout is set from it too).
            throw new NodeFailedException($"The node did not finish within {limit} ({(own is null ? "Engine:NodeTimeout" : "its settings.timeout")}).", retryable: true);
        }
        catch (Exception ex)
        {
            // Unexpected, so possibly transient: the node's retry policy decides. Only the type and message are kept.
            logger.LogWarning("Node {NodeId} ({NodeType}) failed unexpectedly: {Kind}", context.Node.Id, type, ex.GetType().Name);
            var message = ex.Message.Length > MaxMessageLength ? ex.Message[..MaxMessageLength] + "…" : ex.Message;
            throw new NodeFailedException($"The node failed unexpectedly ({ex.GetType().Name}): {message}", retryable: true);
        }
    }

    /// <summary>A disabled node: its items go on unchanged by its first output (an if's "true"), as in n8n.</summary>
    private NodeResult PassThrough(NodeContext context)
    {
        var port = catalog.Find(context.Node.Type)?.OutputsOf(context.Node).FirstOrDefault() ?? "main";
        var items = context.AllInputItems.Count > 0 ? context.AllInputItems : context.Item is { } item ? [item] : [];
        return NodeResult.Emit(items.Select(i => new PortItem(port, i)).ToList());
    }
}
