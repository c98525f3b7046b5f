using System.Threading.Channels;
using Bronn.Core.Integrations;
using Microsoft.AspNetCore.SignalR;

namespace Bronn.Web.Integrations;

/// <summary>Relays every change heard on the feed to the hub: to the owner's group and to the admins.</summary>
public sealed class IntegrationsHubBroadcaster(
    IntegrationChangeFeed feed, IntegrationConnections connections, IHubContext<IntegrationsHub> hub,
    ILogger<IntegrationsHubBroadcaster> logger) : BackgroundService
{
    private readonly Channel<IntegrationChange> pending = Channel.CreateUnbounded<IntegrationChange>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void Enqueue(IntegrationChange change) => pending.Writer.TryWrite(change);
        feed.Changed += Enqueue;
        try
        {
            await foreach (var change in pending.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    var view = await connections.GetAsync(change.UserId, change.Integration, stoppingToken);
                    if (view is null)
                    {
                        continue;
                    }
                    var message = IntegrationChangedMessage.From(view);
                    await hub.Clients.Groups(IntegrationsHub.UserGroup(change.UserId), IntegrationsHub.AdminsGroup)
                        .SendAsync(IntegrationsHub.ChangedMethod, message, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Could not relay a change of {Integration} to the hub", change.Integration);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            feed.Changed -= Enqueue;
        }
    }
}

public sealed record IntegrationChangedMessage(
    Guid UserId, string Integration, string Status, string? Account, DateTimeOffset? ExpiresAt, DateTimeOffset? LastRefreshedAt, string? Message)
{
    public static IntegrationChangedMessage From(ConnectionView view) =>
        new(view.UserId, view.Integration, view.Status, view.Account, view.ExpiresAt, view.LastRefreshedAt, view.StatusMessage);
}
