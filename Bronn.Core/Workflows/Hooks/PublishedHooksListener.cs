using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Workflows.Hooks;

/// <summary>Empties <see cref="PublishedHooks"/> whenever any process changes which workflows listen where.</summary>
public sealed class PublishedHooksListener(PublishedHooks hooks, IOptions<DatabaseOptions> database, ILogger<PublishedHooksListener> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Cleared on every (re)connect too: what changed while the channel was down was not heard.
        PostgresChannel.ListenAsync(database.Value.Bronn, PublishedHooks.Channel, _ => hooks.Clear(), logger, stoppingToken, listening: hooks.Clear);
}
