using Bronn.Core.Accounts;
using Bronn.Core.Execution;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Data;
using Bronn.Web.Accounts;
using Bronn.Web.Components.Workflows;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;

namespace Bronn.Web.Components.Pages;

public partial class Workflows
{
    [Inject] private WorkflowStore Store { get; set; } = default!;
    [Inject] private ExecutionService Executions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private Microsoft.Extensions.Options.IOptions<Bronn.Core.Configuration.BronnOptions> BronnOptions { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private List<Workflow>? workflows;
    private Dictionary<Guid, LastRun> lastRuns = [];
    /// <summary>The webhook address of each workflow that starts with a webhook.</summary>
    private Dictionary<Guid, string> webhookUrls = [];
    private string? loadError;
    private string? message;
    private Severity messageSeverity = Severity.Info;
    private WorkflowCaller caller = default!;

    protected override async Task OnInitializedAsync()
    {
        // The list shows the user's own workflows, also for admins (who can read others' through the API).
        caller = new WorkflowCaller(BronnClaims.UserIdOf((await AuthenticationState).User)!.Value, IsAdmin: false);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            workflows = await Store.ListAsync(caller);
            lastRuns = await Executions.LastRunsAsync(workflows.Select(w => w.Id).ToList());
            webhookUrls = workflows.Where(w => WorkflowStore.Parse(w.Definition).Nodes?.Any(n => n.Type == "webhook") == true)
                .ToDictionary(w => w.Id, w => Web.Workflows.WorkflowResponse.WebhookAddress(BronnOptions.Value.PublicBaseUrl, w.HookId));
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            loadError = "Your workflows could not be loaded: the database is not reachable. Reload to try again.";
        }
    }

    /// <summary>Stored by its first save in the builder, not here: leaving at once leaves no empty draft behind.</summary>
    private void CreateNew() => Navigation.NavigateTo("/workflows/new");

    private async Task SetActiveAsync(Workflow workflow, bool active)
    {
        var done = await Store.SetActiveAsync(workflow.Id, caller, active);
        Say(done == true ? $"'{workflow.Name}' is {(active ? "active" : "inactive")}." : "Publish the workflow before activating it.",
            done == true ? Severity.Success : Severity.Warning);
        await LoadAsync();
    }

    private async Task RenameAsync(Workflow workflow)
    {
        var dialog = await Dialogs.ShowAsync<RenameWorkflowDialog>("Rename workflow", new DialogParameters<RenameWorkflowDialog> { { d => d.Current, workflow.Name } });
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            var result = await Store.UpdateAsync(workflow.Id, caller, WorkflowStore.Parse(workflow.Definition) with { Name = name }, workflow.Revision);
            if (result.Outcome == SaveOutcome.Saved)
            {
                Say($"Renamed to '{name}'.", Severity.Success);
            }
            else
            {
                Say("Not renamed: the workflow was changed or deleted meanwhile. The list is reloaded; try again.", Severity.Warning);
            }
            await LoadAsync();
        }
    }

    private async Task DuplicateAsync(Workflow workflow)
    {
        var copy = await Store.CreateAsync(caller, WorkflowStore.Parse(workflow.Definition) with { Name = $"{workflow.Name} (copy)" });
        Say($"Created '{copy.Name}' as a draft.", Severity.Success);
        await LoadAsync();
    }

    private async Task ExportAsync(Workflow workflow) =>
        await JS.InvokeVoidAsync("bronnFiles.download", DefinitionFile.FileNameFor(workflow.Name), "application/json", Store.Shown(workflow).ToJson());

    private async Task DeleteAsync(Workflow workflow)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete workflow?",
            $"'{workflow.Name}' and its published versions will be deleted; its webhook address stops working. This cannot be undone.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed == true)
        {
            await Store.DeleteAsync(workflow.Id, caller);
            Say($"Deleted '{workflow.Name}'.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task ImportAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }
        if (file.Size > DefinitionFile.MaxBytes)
        {
            Say($"'{file.Name}' is larger than 1 MB; a workflow file is much smaller. Choose the file you exported.", Severity.Error);
            return;
        }
        using var reader = new StreamReader(file.OpenReadStream(DefinitionFile.MaxBytes));
        var (definition, error) = DefinitionFile.Read(await reader.ReadToEndAsync());
        if (definition is null)
        {
            Say($"'{file.Name}' could not be imported: {error}", Severity.Error);
            return;
        }
        var (workflow, report) = await Store.ImportAsync(caller, definition);
        if (workflow is null)
        {
            var errors = report.DefinitionErrors.Select(p => p.Message).ToList();
            Say($"'{file.Name}' was not imported: {string.Join(" ", errors.Take(3))}{(errors.Count > 3 ? $" (and {errors.Count - 3} more)" : "")}", Severity.Error);
            return;
        }
        Say($"Imported '{workflow.Name}' as a draft. Open it to review and publish.", Severity.Success);
        await LoadAsync();
    }

    private void Say(string text, Severity severity)
    {
        message = text;
        messageSeverity = severity;
    }
}
