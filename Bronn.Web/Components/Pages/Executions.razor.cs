using Bronn.Core.Execution;
using Bronn.Core.Execution.Live;
using Bronn.Core.Workflows;
using Bronn.Web.Accounts;
using Bronn.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Bronn.Web.Components.Pages;

/// <summary>Runs, newest first, filtered by workflow, status and day; the list follows new runs and changes live.</summary>
public partial class Executions : IDisposable
{
    private const int PageSize = 50;

    [Inject] private ExecutionService ExecutionStore { get; set; } = default!;
    [Inject] private WorkflowStore Workflows { get; set; } = default!;
    [Inject] private ExecutionChangeFeed Feed { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    // Read as text: a mangled link must not fail the page.
    [SupplyParameterFromQuery(Name = "workflowId")] public string? WorkflowFromQuery { get; set; }
    [SupplyParameterFromQuery(Name = "status")] public string? StatusFromQuery { get; set; }

    private WorkflowCaller caller = default!;
    private List<Bronn.Core.Execution.Data.Execution>? executions;
    private Dictionary<Guid, string> workflowNames = [];
    private int total;
    private int shown = PageSize;
    private string? loadError;
    private Guid? workflowId;
    private string? status;
    private DateTime? from;
    private DateTime? to;
    private readonly LiveReload live = new();
    private IDisposable? watching;

    private bool Filtered => workflowId is not null || status is not null || from is not null || to is not null || search is not null;

    private string? search;

    /// <summary>Failed runs picked for a bulk retry (each from its failed step, with the version it ran).</summary>
    private readonly HashSet<Guid> selected = [];
    private bool retrying;
    private string? bulkMessage;

    private void Select(Guid id, bool on)
    {
        if (on)
        {
            selected.Add(id);
        }
        else
        {
            selected.Remove(id);
        }
    }

    private async Task RetrySelectedAsync()
    {
        retrying = true;
        try
        {
            var done = 0;
            foreach (var id in selected.ToList())
            {
                done += await ExecutionStore.RetryAsync(id, caller) == ChangeOutcome.Done ? 1 : 0;
            }
            var skipped = selected.Count - done;
            bulkMessage = $"Retrying {done} run{(done == 1 ? "" : "s")} from their failed steps." + (skipped > 0 ? $" {skipped} had changed meanwhile and were left as they are." : "");
            selected.Clear();
            await LoadAsync();
        }
        finally
        {
            retrying = false;
        }
    }

    protected override async Task OnInitializedAsync()
    {
        caller = new WorkflowCaller(BronnClaims.UserIdOf((await AuthenticationState).User)!.Value, IsAdmin: false);
        workflowId = Guid.TryParse(WorkflowFromQuery, out var fromLink) ? fromLink : null;
        status = StatusFromQuery is { } s && Bronn.Core.Execution.Data.ExecutionStatus.All.Contains(s) ? s : null;
        try
        {
            workflowNames = (await Workflows.ListAsync(caller)).ToDictionary(w => w.Id, w => w.Name);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            loadError = "Your executions could not be loaded: the database is not reachable. Reload to try again.";
            return;
        }
        await LoadAsync();
        watching = Feed.WatchOwner(caller.UserId, OnChanged); // changes to the runs of others cost this page nothing
    }

    private async Task LoadAsync()
    {
        try
        {
            var query = new ExecutionQuery(workflowId, status, 1, shown, Day(from), Day(to)?.AddDays(1), search);
            (executions, total) = await ExecutionStore.ListAsync(query, caller);
            loadError = null;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            loadError = "Your executions could not be loaded: the database is not reachable. Reload to try again.";
        }
    }

    private static DateTimeOffset? Day(DateTime? day) => day is { } d ? new DateTimeOffset(d.Date, TimeSpan.Zero) : null;

    private async Task FilterAsync(Action change)
    {
        change();
        shown = PageSize;
        await LoadAsync();
    }

    private Task ClearFiltersAsync() => FilterAsync(() => (workflowId, status, from, to, search) = (null, null, null, null, null));

    private async Task MoreAsync()
    {
        shown += PageSize;
        await LoadAsync();
    }

    private void Open(Bronn.Core.Execution.Data.Execution? execution)
    {
        if (execution is not null)
        {
            Navigation.NavigateTo($"/executions/{execution.Id}");
        }
    }

    private void OnChanged(ExecutionChange change)
    {
        if (change.OwnerId == caller.UserId && (workflowId is null || workflowId == change.WorkflowId))
        {
            live.Request(() => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
        }
    }

    public void Dispose()
    {
        watching?.Dispose();
        live.Dispose();
    }
}
