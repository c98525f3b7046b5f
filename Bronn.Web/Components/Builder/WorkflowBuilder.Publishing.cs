using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Validation;
using MudBlazor;

namespace Bronn.Web.Components.Builder;

/// <summary>Saving the draft, publishing it and switching the workflow on or off.</summary>
public partial class WorkflowBuilder
{
    /// <returns>Whether the draft is saved (a stale save the user chose not to overwrite is not).</returns>
    private async Task<bool> SaveAsync()
    {
        if (workflow is null || busy)
        {
            return false;
        }
        busy = true;
        try
        {
            var draft = Current();
            if (IsUnsaved)
            {
                return await CreateAsync(draft);
            }
            var result = await Store.UpdateAsync(workflow.Id, caller, draft, workflow.Revision);
            if (result.Outcome == SaveOutcome.Stale && await ResolveStaleSaveAsync())
            {
                result = await Store.UpdateAsync(workflow.Id, caller, draft, basedOnRevision: null);
            }
            switch (result.Outcome)
            {
                case SaveOutcome.Saved:
                    workflow = result.Workflow!;
                    dirty = false;
                    await DropLocalDraftAsync(LocalDraftKey);
                    Say("Draft saved.", Severity.Success);
                    return true;
                case SaveOutcome.Invalid:
                    Say($"Not saved: {result.Problem}", Severity.Error);
                    return false;
                case SaveOutcome.NotFound:
                    Say("Not saved: this workflow was deleted (or is no longer yours).", Severity.Error);
                    return false;
                default:
                    return false;
            }
        }
        finally
        {
            busy = false;
        }
    }

    /// <summary>The first save of a new workflow stores it; the address becomes its own (no new page, nothing reloads).</summary>
    private async Task<bool> CreateAsync(Bronn.Core.Workflows.Definitions.WorkflowDefinition draft)
    {
        if (WorkflowStore.DraftProblem(draft) is { } problem)
        {
            Say($"Not saved: {problem}", Severity.Error);
            return false;
        }
        var unsavedKey = LocalDraftKey;
        workflow = await Store.CreateAsync(caller, draft);
        dirty = false;
        await DropLocalDraftAsync(unsavedKey);
        Navigation.NavigateTo($"/workflows/{workflow.Id}", replace: true);
        await LoadSampleAsync(); // from now on its runs show live
        Say("Draft saved.", Severity.Success); // last: the buttons are usable again when this shows
        return true;
    }

    private async Task OpenHistoryAsync()
    {
        var dialog = await Dialogs.ShowAsync<History.HistoryDialog>($"History of {name}", new DialogParameters<History.HistoryDialog>
        {
            { d => d.WorkflowId, workflow!.Id }, { d => d.Caller, caller }, { d => d.Current, Current() }, { d => d.Dirty, dirty },
        }, new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: Bronn.Core.Workflows.Data.Workflow restored })
        {
            workflow = restored;
            var definition = Store.Shown(restored);
            name = definition.Name;
            settings = definition.Settings;
            Restore(definition);
            history.Record(Snapshot()); // Ctrl+Z brings back what the canvas held before
            dirty = false;
            await DropLocalDraftAsync(LocalDraftKey);
            Say("Restored as the draft (saved). Publish it to make it the version that runs.", Severity.Success);
        }
    }

    /// <summary>Someone saved this workflow elsewhere (another tab) since it was opened here.</summary>
    /// <returns>True to overwrite their save with this one; false to keep theirs (and reload, when chosen).</returns>
    private async Task<bool> ResolveStaleSaveAsync()
    {
        var choice = await Dialogs.ShowMessageBoxAsync("This workflow was changed elsewhere",
            "It was saved in another tab or by another session after you opened it here. Reload to see that version " +
            "(your changes here are lost), or overwrite it with yours.",
            yesText: "Overwrite with mine", noText: "Reload theirs", cancelText: "Cancel");
        if (choice == false)
        {
            dirty = false;
            await DropLocalDraftAsync(LocalDraftKey); // theirs, chosen over this tab's changes
            Navigation.NavigateTo($"/workflows/{workflow!.Id}", forceLoad: true);
        }
        return choice == true;
    }

    private async Task PublishAsync()
    {
        if (!await SaveAsync())
        {
            return;
        }
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
            if (await Store.SetActiveAsync(workflow!.Id, caller, active) == true)
            {
                workflow = await Store.GetAsync(workflow!.Id, caller) ?? workflow;
                Say(active ? "Active: its trigger runs the published version." : "Inactive: its trigger no longer runs it.", Severity.Success);
            }
        }
        finally
        {
            busy = false;
        }
    }
}
