using Bronn.Core.Execution;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Core.Workflows.Catalog.Nodes;

/// <summary>The "condition" parameter of if and filter, evaluated as a Liquid test.</summary>
internal static class Condition
{
    public static async Task<bool> EvaluateAsync(NodeContext context)
    {
        var condition = context.Node.Parameter("condition")?.GetString() ?? "false";
        try
        {
            return await WorkflowExpressions.EvaluateConditionAsync(condition, context.Scope);
        }
        catch (ExpressionException ex)
        {
            throw new NodeFailedException($"Node '{context.Node.Id}', parameter 'condition': {ex.Message}", retryable: false);
        }
    }
}
