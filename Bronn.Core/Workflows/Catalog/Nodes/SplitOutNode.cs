using System.Text.Json;
using Bronn.Core.Execution;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class SplitOutNode : INodeType, INodeExecutor
{
    /// <summary>Elements a list may have at all; the step's items are limited further by Engine:MaxItemsPerOutput.</summary>
    public const int MaxItems = 1_000_000;

    public NodeDescriptor Descriptor { get; } = new("split_out", "Split out", NodeCategory.Logic, "call_split",
        "Turns a list into items: each element goes on as an item of its own (objects as they are, other values as {\"value\": x}).",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [new("list", "List", ParameterType.Value, Required: true, Help: "An expression whose value is an array, e.g. {{ trigger.body.orders }}.")],
        ExampleOutput: new { id = 1, amount = 150 }, Pure: true);

    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct)
    {
        var expression = context.Node.Parameter("list")?.GetString() ?? "";
        JsonElement value;
        try
        {
            value = await WorkflowExpressions.EvaluateValueAsync(expression, context.Scope);
        }
        catch (ExpressionException ex)
        {
            throw new NodeFailedException($"Node '{context.Node.Id}', parameter 'list': {ex.Message}", retryable: false);
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new NodeFailedException($"Node '{context.Node.Id}', parameter 'list': the value is {Describe(value)}, not a list.", retryable: false);
        }
        if (value.GetArrayLength() > MaxItems)
        {
            throw new NodeFailedException($"Node '{context.Node.Id}': the list has {value.GetArrayLength():N0} elements, more than the {MaxItems:N0}-item limit.", retryable: false);
        }
        return NodeResult.Emit(value.EnumerateArray()
            .Select(e => new PortItem("main", e.ValueKind == JsonValueKind.Object ? e : JsonSerializer.SerializeToElement(new { value = e })))
            .ToList());
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "empty",
    };
}
