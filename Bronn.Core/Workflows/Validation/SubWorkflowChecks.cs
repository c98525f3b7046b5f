using Bronn.Core.Workflows.Catalog.Nodes;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Workflows.Validation;

/// <summary>workflow.execute calls a published workflow of the same owner that starts with "Called by a workflow", not itself.</summary>
internal static class SubWorkflowChecks
{
    public static void Check(NodeDefinition node, IReadOnlyDictionary<Guid, ReferencedWorkflow> referenced, Guid? self, List<ValidationProblem> problems)
    {
        if (node.Type != WorkflowExecuteNode.Type || node.Parameter("workflowId")?.ToString() is not { Length: > 0 } named)
        {
            return; // a missing id is reported with the other parameters
        }
        string? problem = !Guid.TryParse(named, out var id) || !referenced.TryGetValue(id, out var workflow)
            ? $"'{WorkflowValidator.Shorten(named)}' is not one of your workflows."
            : id == self ? "a workflow cannot call itself."
            : workflow.PublishedTrigger is null ? $"'{WorkflowValidator.Shorten(workflow.Name)}' is not published: publish it first."
            : workflow.PublishedTrigger != WorkflowCalledTriggerNode.Type
                ? $"'{WorkflowValidator.Shorten(workflow.Name)}' must start with 'Called by a workflow'; its published version starts with '{workflow.PublishedTrigger}'."
                : null;
        if (problem is not null)
        {
            problems.Add(new(node.Id, "workflowId", $"Node '{node.Id}': {problem}"));
        }
    }
}
