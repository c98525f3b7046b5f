using System.Text.Json;
using Bronn.Core.Workflows.Definitions;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Core.Execution;

public enum NodeControl { Continue, Wait }

/// <summary>One item a node emits, on one of its output ports.</summary>
public sealed record PortItem(string Port, JsonElement Json);

/// <summary>
/// What a node produced for one input item: usually one item (its output, on the port it leaves by); a node may emit
/// several or none (<see cref="Items"/>: split_out, filter). Wait parks the run until <see cref="ResumeAt"/>.
/// </summary>
public sealed record NodeResult(JsonElement Output, string Port = "main", NodeControl Control = NodeControl.Continue, DateTimeOffset? ResumeAt = null)
{
    public static NodeResult Of(object output, string port = "main") => new(JsonSerializer.SerializeToElement(output), port);

    /// <summary>Several items, or none. Output is the first (or an empty object).</summary>
    public static NodeResult Emit(IReadOnlyList<PortItem> items) =>
        new(items.Count > 0 ? items[0].Json : JsonSerializer.SerializeToElement(new { }), items.Count > 0 ? items[0].Port : "main") { Items = items };

    public IReadOnlyList<PortItem>? Items { get; init; }

    /// <summary>With Wait: the run it waits for (a called workflow's), rather than a time.</summary>
    public Guid? AwaitsExecution { get; init; }

    public IReadOnlyList<PortItem> AllItems => Items ?? [new PortItem(Port, Output)];
}

/// <summary>A node failed. Retryable failures are tried again per the node's retry settings; others fail at once.</summary>
public class NodeFailedException(string message, bool retryable) : Exception(message)
{
    public bool Retryable { get; } = retryable;

    /// <summary>The HTTP status the service answered with, when it did (an error output item carries it).</summary>
    public int? Status { get; init; }

    /// <summary>The run's error as a user wrote it (stop_and_error), rather than "Node 'x' failed ...: message".</summary>
    public virtual bool IsUsersOwnMessage => false;
}

/// <summary>A stop_and_error node: the run fails here, with the node's message as its error.</summary>
public sealed class StopAndErrorException(string message) : NodeFailedException(message, retryable: false)
{
    public override bool IsUsersOwnMessage => true;
}

/// <summary>Everything a node sees while it runs; parameters come out rendered (expressions evaluated).</summary>
public sealed class NodeContext(Guid executionId, Guid ownerId, NodeDefinition node, ExpressionScope scope, JsonElement triggerData, DateTimeOffset now)
{
    /// <summary>The item being processed (per-item nodes), or null.</summary>
    public JsonElement? Item { get; init; }

    /// <summary>Every item that reached the node (nodes that run once on all items: aggregate).</summary>
    public IReadOnlyList<JsonElement> AllInputItems { get; init; } = [];

    /// <summary>The same items by incoming edge, in edge order (merge).</summary>
    public IReadOnlyList<IReadOnlyList<JsonElement>> InputsByEdge { get; init; } = [];

    /// <summary>This step's key (node, activation, item): what an action derives idempotency keys from.</summary>
    public string StepKey { get; init; } = Scheduling.Scheduler.KeyOf(node.Id ?? "");

    public Guid ExecutionId { get; } = executionId;
    public Guid OwnerId { get; } = ownerId;
    public NodeDefinition Node { get; } = node;
    public ExpressionScope Scope { get; } = scope;
    public JsonElement TriggerData { get; } = triggerData;
    public DateTimeOffset Now { get; } = now;

    /// <summary>The parameters as rendered for this run: stored as the step's input.</summary>
    public Dictionary<string, object?> RenderedInput { get; } = new();

    public async Task<string?> TextAsync(string parameter)
    {
        var value = Node.Parameter(parameter);
        if (value is null)
        {
            return null;
        }
        var text = value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString()! : value.Value.GetRawText();
        return await RenderAsync(parameter, text);
    }

    public async Task<string> RequiredTextAsync(string parameter) =>
        await TextAsync(parameter) is { Length: > 0 } text ? text : throw new NodeFailedException($"'{parameter}' is empty.", retryable: false);

    /// <summary>An object parameter whose string leaves are rendered.</summary>
    public async Task<JsonElement?> JsonAsync(string parameter) =>
        Node.Parameter(parameter) is { } value ? JsonSerializer.SerializeToElement(await RenderTreeAsync(parameter, value)) : null;

    public async Task<string> RenderAsync(string parameter, string template)
    {
        try
        {
            var rendered = await WorkflowExpressions.RenderAsync(template, Scope);
            lock (RenderedInput)
            {
                RenderedInput[parameter] = rendered.Length > 4096 ? rendered[..4096] + "…" : rendered;
            }
            return rendered;
        }
        catch (ExpressionException ex)
        {
            throw new NodeFailedException($"Node '{Node.Id}', parameter '{parameter}': {ex.Message}", retryable: false);
        }
    }

    private async Task<object?> RenderTreeAsync(string parameter, JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => await RenderAsync(parameter, element.GetString()!),
        JsonValueKind.Object => await RenderObjectAsync(parameter, element),
        JsonValueKind.Array => await Task.WhenAll(element.EnumerateArray().Select(e => RenderTreeAsync(parameter, e))),
        _ => JsonValues.ToPlain(element),
    };

    private async Task<Dictionary<string, object?>> RenderObjectAsync(string parameter, JsonElement element)
    {
        var result = new Dictionary<string, object?>();
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = await RenderTreeAsync($"{parameter}.{property.Name}", property.Value);
        }
        return result;
    }
}

/// <summary>
/// A node whose work is waiting until a time (delay). The embedded engine parks the run with a durable resume time; the
/// Temporal driver turns the wait into a Temporal timer and records the node as done when it fires.
/// </summary>
public interface IDurableWait
{
    /// <returns>How long this node waits, or null when its settings are not a duration (it then fails when run).</returns>
    TimeSpan? WaitFor(NodeDefinition node);

    /// <summary>The node's output once the wait is over.</summary>
    NodeResult Waited(DateTimeOffset until);
}

/// <summary>The runtime half of a node type (the same class as its descriptor).</summary>
public interface INodeExecutor
{
    Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct);
}
