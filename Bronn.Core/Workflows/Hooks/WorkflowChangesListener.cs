using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Workflows.Hooks;

/// <summary>Announces <see cref="WorkflowChanges"/> whenever any process changes which workflows are active.</summary>
public sealed class WorkflowChangesListener(WorkflowChanges changes, IOptions<DatabaseOptions> database, ILogger<WorkflowChangesListener> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Announced on every (re)connect too: what changed while the channel was down was not heard.
        PostgresChannel.ListenAsync(database.Value.Bronn, WorkflowChanges.Channel, _ => changes.Announce(), logger, stoppingToken, listening: changes.Announce);
}
