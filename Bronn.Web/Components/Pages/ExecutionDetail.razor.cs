using Bronn.Core.Execution;
using Bronn.Core.Execution.Data;
using Bronn.Core.Execution.Live;
using Bronn.Core.Workflows;
using Bronn.Web.Accounts;
using Bronn.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Bronn.Web.Components.Pages;

/// <summary>One run: its steps as a timeline with payloads, retry and cancel, following the run live.</summary>
public partial class ExecutionDetail : IDisposable
{
    [Parameter] public Guid Id { get; set; }
    [Inject] private ExecutionService ExecutionStore { get; set; } = default!;
    [Inject] private WorkflowStore Workflows { get; set; } = default!;
    [Inject] private ExecutionChangeFeed Feed { get; set; } = default!;
    [Inject] private Bronn.Core.Workflows.Catalog.NodeCatalog Catalog { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private WorkflowCaller caller = default!;
    private Bronn.Core.Execution.Data.Execution? execution;
    private List<ExecutionStep> steps = [];
    /// <summary>Runs this one started: the workflows it called, its error workflow's run.</summary>
    private List<(Guid Id, Guid WorkflowId, string TriggerType, string Status)> startedRuns = [];
    private string? workflowName;
    private string? loadError;
    private string? message;
    private Severity messageSeverity;
    private bool mine;
    private bool busy;
    private readonly LiveReload live = new(TimeSpan.FromMilliseconds(100));

    private Guid? shown;
    private int? versionNumber;

    /// <summary>Which version ran: "version 3", or the draft for a test run.</summary>
    private string? VersionText => versionNumber switch
    {
        null => null,
        Bronn.Core.Workflows.WorkflowStore.TestVersionNumber => "a test run of the draft",
        var n => $"version {n}",
    };

    /// <summary>The names given to the nodes of the version that ran, by node id.</summary>
    private IReadOnlyDictionary<string, string> nodeNames = new Dictionary<string, string>();

    /// <summary>The failed node as people know it: the name given to it, else its type's (the id only when no step says more).</summary>
    private string FailedNodeLabel => execution?.FailedNodeId is not { } id ? "the failed step"
        : nodeNames.GetValueOrDefault(id) is { } name ? name
        : steps.LastOrDefault(s => s.NodeId == id) is { } step && Catalog.Find(step.NodeType) is { } descriptor ? descriptor.DisplayName : id;
    private IDisposable? watching;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        caller = new WorkflowCaller(BronnClaims.UserIdOf(user)!.Value, user.IsInRole(Bronn.Core.Accounts.Roles.Admin));
    }

    // Also when a link leads from one run to another (a called run, its caller): the same page shows another id.
    protected override async Task OnParametersSetAsync()
    {
        if (shown == Id)
        {
            return;
        }
        shown = Id;
        watching?.Dispose();
        watching = Feed.WatchExecution(Id, OnChanged); // only this run's changes reach this page
        (execution, steps, startedRuns, message, loadError, workflowName, versionNumber) = (null, [], [], null, null, null, null);
        versionShown = null;
        await LoadAsync();
    }

    private Guid? versionShown;

    /// <summary>The workflow's name and which version ran, read again only when the run's version changes (a retry with a newer one).</summary>
    private async Task LoadVersionAsync(Bronn.Core.Execution.Data.Execution run)
    {
        if (versionShown == run.WorkflowVersionId)
        {
            return;
        }
        versionShown = run.WorkflowVersionId;
        var workflow = await Workflows.GetAsync(run.WorkflowId, caller);
        workflowName = workflow?.Name;
        (versionNumber, nodeNames) = await ExecutionStore.VersionAsync(run.WorkflowVersionId);
        publishedVersion = workflow?.PublishedVersionId is { } published && published != run.WorkflowVersionId ? workflow.PublishedVersionNumber : null;
    }

    private async Task LoadAsync()
    {
        try
        {
            if (await ExecutionStore.GetAsync(Id, caller) is { } found)
            {
                (execution, steps) = found;
                mine = execution.OwnerId == caller.UserId;
                startedRuns = await ExecutionStore.StartedByAsync(Id, caller);
                await LoadVersionAsync(execution);
            }
            else
            {
                loadError = "There is no execution here, or it is not yours. Go back to Executions to pick one.";
            }
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            loadError = "This execution could not be loaded: the database is not reachable. Reload to try again.";
        }
    }

    private void OnChanged(ExecutionChange change)
    {
        if (change.ExecutionId == Id)
        {
            live.Request(() => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
        }
    }

    private Task RetryAsync() => ChangeAsync(ExecutionStore.RetryAsync(Id, caller), "Retrying from the failed step.", "Only a failed execution can be retried.");

    private async Task RetryWithPublishedAsync()
    {
        busy = true;
        try
        {
            var (outcome, reason) = await ExecutionStore.RetryWithPublishedAsync(Id, caller);
            (message, messageSeverity) = outcome == ChangeOutcome.Done
                ? ($"Retrying from the failed step with version {publishedVersion}.", Severity.Info)
                : (reason ?? "This run cannot be retried.", Severity.Warning);
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    /// <summary>The workflow's published version, when it is not the one this run ran (a fix published since).</summary>
    private int? publishedVersion;

    private Task CancelAsync() => ChangeAsync(ExecutionStore.CancelAsync(Id, caller), "Cancelling: it stops before its next action.", "It has already finished.");

    private async Task ChangeAsync(Task<ChangeOutcome> change, string done, string notAllowed)
    {
        busy = true;
        try
        {
            var outcome = await change;
            (message, messageSeverity) = outcome == ChangeOutcome.Done ? (done, Severity.Info) : (notAllowed, Severity.Warning);
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    public void Dispose()
    {
        watching?.Dispose();
        live.Dispose();
    }
}
