using Bronn.Core.Integrations;
using Bronn.Web.Accounts;
using Bronn.Web.Integrations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Bronn.Web.Components.Pages;

public partial class Integrations
{
    [Inject] private IntegrationConnections Connections { get; set; } = default!;
    [Inject] private Bronn.Core.Workflows.WorkflowReferences References { get; set; } = default!;
    [Inject] private IntegrationChangeFeed Feed { get; set; } = default!;
    [Inject] private IntegrationCatalog Catalog { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "outcome")] public string? Outcome { get; set; }
    [SupplyParameterFromQuery(Name = "integration")] public string? OutcomeIntegration { get; set; }

    private List<ConnectionView>? connections;
    private (bool Success, string Sentence)? outcome;
    private string? loadError;
    private Guid userId;
    private DateTimeOffset now;
    private PeriodicTimer? clockTick;

    protected override async Task OnInitializedAsync()
    {
        userId = BronnClaims.UserIdOf((await AuthenticationState).User) ?? Guid.Empty;
        var name = Catalog.Find(OutcomeIntegration)?.DisplayName ?? "The app";
        outcome = OAuthOutcomes.Describe(Outcome, name);
        Feed.Changed += OnChanged;
        await LoadAsync();
        if (RendererInfo.IsInteractive)
        {
            _ = TickAsync();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            connections = await Connections.ListAsync(userId);
            loadError = null;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            loadError = "Your integrations could not be loaded: the database is not reachable. This page retries when it hears of a change; reload to try now.";
        }
        now = Clock.GetUtcNow();
    }

    // Changes made by any process (refresher, worker, another tab) arrive here through PostgreSQL NOTIFY.
    private void OnChanged(IntegrationChange change)
    {
        if (change.UserId == userId)
        {
            _ = InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            });
        }
    }

    // Expiry shown as "in 5 min" and expired tokens must move on without a change event.
    private async Task TickAsync()
    {
        clockTick = new PeriodicTimer(TimeSpan.FromSeconds(30));
        while (await clockTick.WaitForNextTickAsync())
        {
            await InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            });
        }
    }

    private void ConnectAsync(ConnectionView connection) =>
        // A server endpoint, not a page: a full navigation to it, which then redirects to the provider.
        Navigation.NavigateTo($"/integrations/connect/{connection.Integration}?returnUrl=%2Fintegrations", forceLoad: true);

    private async Task DisconnectAsync(ConnectionView connection)
    {
        var users = await References.ActiveUsingIntegrationAsync(userId, connection.Integration);
        static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);
        var consequence = users.Count == 0
            ? "<p data-testid=\"disconnect-used-by\">No active workflow of yours uses it.</p>"
            : "<p>These active workflows use it and will fail until you connect it again:</p><ul data-testid=\"disconnect-used-by\">"
              + string.Concat(users.Select(u => $"<li>{Html(u)}</li>")) + "</ul>";
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Disconnect {connection.DisplayName}?",
            new MarkupString($"<p>Bronn will revoke its access to {Html(connection.Account ?? connection.DisplayName)} and delete the stored credentials.</p>{consequence}"),
            yesText: "Disconnect", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        await Connections.DisconnectAsync(userId, connection.Integration);
        Snackbar.Add($"{connection.DisplayName} is disconnected.", Severity.Info);
        await LoadAsync();
    }

    public void Dispose()
    {
        Feed.Changed -= OnChanged;
        clockTick?.Dispose();
    }
}
