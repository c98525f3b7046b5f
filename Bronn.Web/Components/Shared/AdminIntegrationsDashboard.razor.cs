using Bronn.Core.Integrations;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Bronn.Web.Components.Shared;

public partial class AdminIntegrationsDashboard
{
    private static readonly string[] Statuses =
        [ConnectionStatus.Active, ConnectionStatus.Expired, ConnectionStatus.Revoked, ConnectionStatus.Error];

    [Inject] private IntegrationAdministration Administration { get; set; } = default!;
    [Inject] private IntegrationCatalog Catalog { get; set; } = default!;
    [Inject] private IntegrationChangeFeed Feed { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private List<AdminConnection> connections = [];
    private List<AdminEvent> events = [];
    private IntegrationSummary? summary;
    private string? loadError;
    private string? provider;
    private string? status;
    private DateTimeOffset now;
    private readonly HashSet<Guid> refreshing = [];

    protected override async Task OnInitializedAsync()
    {
        Feed.Changed += OnChanged;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            connections = await Administration.ListAsync(provider, status);
            summary = await Administration.SummarizeAsync();
            events = await Administration.RecentEventsAsync(50);
            loadError = null;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            loadError = "The integrations could not be loaded: the database is not reachable. Reload to try again.";
        }
        now = Clock.GetUtcNow();
    }

    // Admins see every user's changes live.
    private void OnChanged(IntegrationChange change) => _ = InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    private async Task FilterByProviderAsync(string? value)
    {
        provider = value;
        await LoadAsync();
    }

    private async Task FilterByStatusAsync(string? value)
    {
        status = value;
        await LoadAsync();
    }

    private async Task RefreshNowAsync(AdminConnection connection)
    {
        var id = connection.View.Id!.Value;
        refreshing.Add(id);
        try
        {
            var result = await Administration.RefreshNowAsync(id);
            Snackbar.Add($"{connection.UserEmail} · {connection.View.DisplayName}: {result?.ToString().ToLowerInvariant() ?? "no longer connected"}.",
                result is Core.Integrations.Refresh.RefreshResult.Refreshed or Core.Integrations.Refresh.RefreshResult.Fresh ? Severity.Success : Severity.Warning);
        }
        finally
        {
            refreshing.Remove(id);
        }
        await LoadAsync();
    }

    public void Dispose() => Feed.Changed -= OnChanged;
}
