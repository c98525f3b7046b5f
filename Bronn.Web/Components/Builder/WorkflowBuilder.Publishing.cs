using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Validation;
using MudBlazor;

namespace Bronn.Web.Components.Builder;

/// <summary>Saving the draft, publishing it and switching the workflow on or off.</summary>
public partial class WorkflowBuilder
{
    private async Task SaveAsync()
    {
        if (workflow is null || busy)
        {
            return;
        }
        busy = true;
        try
        {
            workflow = await Store.UpdateAsync(workflow.Id, caller, WorkflowCanvas.Read(diagram, name, settings)) ?? workflow;
            dirty = false;
            Say("Draft saved.", Severity.Success);
        }
        finally
        {
            busy = false;
        }
    }

    private async Task PublishAsync()
    {
        await SaveAsync();
        busy = true;
        try
        {
            var result = await Store.PublishAsync(workflow!.Id, caller);
            problems = result.Report?.Problems.ToList() ?? [];
            MarkProblems();
            if (result.Outcome == PublishOutcome.Published)
            {
                workflow = await Store.GetAsync(workflow.Id, caller) ?? workflow;
                Say($"Published as version {result.Version}.{(workflow.Active ? " It is live." : " Switch it to Active to let its trigger run it.")}", Severity.Success);
            }
            else
            {
                Say("Not published: fix the problems listed below.", Severity.Error);
            }
        }
        finally
        {
            busy = false;
        }
    }

    private async Task SetActiveAsync(bool active)
    {
        busy = true;
        try
        {
            if (await Store.SetActiveAsync(Id, caller, active) == true)
            {
                workflow = await Store.GetAsync(Id, caller) ?? workflow;
                Say(active ? "Active: its trigger runs the published version." : "Inactive: its trigger no longer runs it.", Severity.Success);
            }
        }
        finally
        {
            busy = false;
        }
    }
}
