using Bronn.Core.Integrations;

namespace Bronn.Web.Components.Builder;

/// <summary>The builder's view of the user's connections: live status on nodes, and Connect from the inspector.</summary>
public partial class WorkflowBuilder
{
    private async Task LoadConnectionsAsync()
    {
        connections = (await Connections.ListAsync(caller.UserId)).ToDictionary(c => c.Integration, StringComparer.Ordinal);
        ApplyConnections();
    }

    private void ApplyConnections()
    {
        foreach (var node in diagram.Nodes.OfType<BuilderNode>())
        {
            var status = node.Descriptor?.Integration is { } integration
                ? connections.GetValueOrDefault(integration)?.Status ?? ConnectionStatus.NotConnected
                : null;
            if (status != node.IntegrationStatus)
            {
                node.IntegrationStatus = status;
                node.Refresh();
            }
        }
    }

    // Token refreshes, revocations and reconnects from any process arrive through PostgreSQL NOTIFY.
    private void OnIntegrationChanged(IntegrationChange change)
    {
        if (change.UserId == caller.UserId)
        {
            _ = InvokeAsync(async () =>
            {
                await LoadConnectionsAsync();
                StateHasChanged();
            });
        }
    }

    private ConnectionView? ConnectionOf(BuilderNode node) =>
        node.Descriptor?.Integration is { } integration ? connections.GetValueOrDefault(integration) : null;

    /// <summary>Saves the draft first, so the work survives the trip to the provider and back.</summary>
    private async Task ConnectAsync(string integration)
    {
        if (!await SaveAsync())
        {
            return;
        }
        var back = Uri.EscapeDataString($"/workflows/{workflow!.Id}");
        Navigation.NavigateTo($"/integrations/connect/{Uri.EscapeDataString(integration)}?returnUrl={back}", forceLoad: true);
    }
}
