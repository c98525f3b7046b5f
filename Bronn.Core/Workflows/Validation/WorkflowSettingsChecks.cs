using Bronn.Core.Workflows.Catalog.Nodes;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Workflows.Validation;

/// <summary>A workflow's own settings: its error workflow is a published workflow of the same owner that starts with an error trigger.</summary>
internal static class WorkflowSettingsChecks
{
    public const string ErrorWorkflowField = "settings.errorWorkflow";

    public static void Check(WorkflowSettings? settings, IReadOnlyDictionary<Guid, ReferencedWorkflow> referenced, List<ValidationProblem> problems)
    {
        if (settings?.ErrorWorkflow is not { Length: > 0 } named)
        {
            return;
        }
        if (!Guid.TryParse(named, out var id) || !referenced.TryGetValue(id, out var workflow))
        {
            problems.Add(new(null, ErrorWorkflowField, $"The error workflow '{WorkflowValidator.Shorten(named)}' is not one of your workflows: pick one in the workflow's settings."));
        }
        else if (workflow.PublishedTrigger is null)
        {
            problems.Add(new(null, ErrorWorkflowField, $"The error workflow '{WorkflowValidator.Shorten(workflow.Name)}' is not published: publish it first."));
        }
        else if (workflow.PublishedTrigger != ErrorTriggerNode.Type)
        {
            problems.Add(new(null, ErrorWorkflowField,
                $"The error workflow '{WorkflowValidator.Shorten(workflow.Name)}' must start with an Error trigger; its published version starts with '{workflow.PublishedTrigger}'."));
        }
    }
}
