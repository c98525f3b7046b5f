namespace Bronn.Core.Integrations;

/// <summary>What anyone may see of a connection: never its tokens.</summary>
public sealed record ConnectionView(
    Guid? Id, Guid UserId, string Integration, string DisplayName, string Description, string Provider, bool IsConfigured,
    string Status, string? StatusMessage, string? Account, DateTimeOffset? ExpiresAt, DateTimeOffset? LastRefreshedAt,
    DateTimeOffset? ConnectedAt)
{
    public static ConnectionView NotConnected(Guid userId, IntegrationDescriptor integration) => new(
        null, userId, integration.Name, integration.DisplayName, integration.Description, integration.ProviderName,
        integration.IsConfigured, ConnectionStatus.NotConnected, null, null, null, null, null);

    public static ConnectionView Of(IntegrationConnection row, IntegrationDescriptor? integration, DateTimeOffset now) => new(
        row.Id, row.UserId, row.Integration, integration?.DisplayName ?? row.Integration, integration?.Description ?? "",
        row.Provider, integration?.IsConfigured ?? false, EffectiveStatus(row, now), row.StatusMessage, row.Account,
        row.ExpiresAt, row.LastRefreshedAt, row.ConnectedAt);

    /// <summary>An active token past its expiry that nothing can refresh is expired now, not when the sweep notices.</summary>
    private static string EffectiveStatus(IntegrationConnection row, DateTimeOffset now) =>
        row.Status == ConnectionStatus.Active && !row.HasRefreshToken && row.ExpiresAt <= now ? ConnectionStatus.Expired : row.Status;
}
