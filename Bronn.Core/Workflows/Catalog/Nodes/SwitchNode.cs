using System.Text.Json;
using Bronn.Core.Execution;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class SwitchNode : INodeType, INodeExecutor
{
    public const string Fallback = "fallback";

    public NodeDescriptor Descriptor { get; } = new("switch", "Switch", NodeCategory.Logic, "alt_route",
        "Routes each item to the first case whose condition holds, else to fallback. Each case is an output port.",
        NodeDescriptor.Main, [Fallback],
        [new("cases", "Cases", ParameterType.KeyValue, Required: true,
            Help: "One row per output port: its name, and its condition, e.g. big = {{ item.amount > 100 }}. Checked in order; no match goes to fallback.")],
        ExampleOutput: new { id = 1, amount = 150 },
        OutputsFromParameter: "cases", Pure: true);

    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct)
    {
        var item = context.Item ?? context.TriggerData;
        if (context.Node.Parameter("cases") is { ValueKind: JsonValueKind.Object } cases)
        {
            foreach (var @case in cases.EnumerateObject())
            {
                try
                {
                    if (await WorkflowExpressions.EvaluateConditionAsync(@case.Value.GetString() ?? "false", context.Scope))
                    {
                        return new NodeResult(item, @case.Name);
                    }
                }
                catch (ExpressionException ex)
                {
                    throw new NodeFailedException($"Node '{context.Node.Id}', case '{@case.Name}': {ex.Message}", retryable: false);
                }
            }
        }
        return new NodeResult(item, Fallback);
    }
}
