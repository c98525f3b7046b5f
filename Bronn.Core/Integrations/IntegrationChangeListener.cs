using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Integrations;

/// <summary>LISTENs on the integrations channel and republishes every change in this process; reconnects on loss.</summary>
public sealed class IntegrationChangeListener(
    IOptions<DatabaseOptions> database, IntegrationChangeFeed feed, ILogger<IntegrationChangeListener> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PostgresChannel.ListenAsync(database.Value.Bronn, IntegrationJournal.Channel, payload =>
        {
            if (IntegrationChange.Parse(payload) is { } change)
            {
                feed.Publish(change);
            }
        }, logger, stoppingToken);
}
