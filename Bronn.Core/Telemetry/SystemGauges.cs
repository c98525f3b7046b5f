using System.Diagnostics.Metrics;
using Bronn.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bronn.Core.Telemetry;

/// <summary>
/// Queue depth and connections by status, counted in the database when metrics are collected (at most once every few
/// seconds, whatever the scrape rate). An unreachable database reports nothing rather than failing the scrape.
/// </summary>
public sealed class SystemGauges : IDisposable
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);
    private readonly IOptions<DatabaseOptions> database;
    private readonly TimeProvider clock;
    private readonly ILogger<SystemGauges> logger;
    private readonly Lock gate = new();
    private DateTimeOffset readAt = DateTimeOffset.MinValue;
    private long queued;
    private List<(string Status, long Count)> connections = [];
    private bool available;

    public SystemGauges(IOptions<DatabaseOptions> database, TimeProvider clock, ILogger<SystemGauges> logger)
    {
        this.database = database;
        this.clock = clock;
        this.logger = logger;
        BronnMetrics.ObserveWith(this); // the process's one source (in a test host, the latest app still running)
    }

    public void Dispose() => BronnMetrics.StopObserving(this);

    public IEnumerable<Measurement<long>> QueueDepth()
    {
        Refresh();
        return available ? [new Measurement<long>(queued)] : [];
    }

    public IEnumerable<Measurement<long>> Connections()
    {
        Refresh();
        return available ? connections.Select(c => new Measurement<long>(c.Count, new KeyValuePair<string, object?>("status", c.Status))).ToList() : [];
    }

    private void Refresh()
    {
        lock (gate)
        {
            if (clock.GetUtcNow() - readAt < FreshFor)
            {
                return;
            }
            readAt = clock.GetUtcNow();
            try
            {
                // Unpooled, short timeouts: a scrape every few seconds, outside the pool the engine's connections are counted in.
                using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.Value.Bronn)
                    { Pooling = false, Timeout = 2, CommandTimeout = 2 }.ConnectionString);
                db.Open();
                using (var command = new NpgsqlCommand(
                    "SELECT count(*) FROM executions WHERE status = 'queued' OR (status = 'waiting' AND resume_at <= now())", db))
                {
                    queued = (long)command.ExecuteScalar()!;
                }
                var byStatus = new List<(string, long)>();
                using (var command = new NpgsqlCommand("SELECT status, count(*) FROM integration_connections GROUP BY status", db))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        byStatus.Add((reader.GetString(0), reader.GetInt64(1)));
                    }
                }
                connections = byStatus;
                available = true;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                available = false;
                logger.LogDebug("Metrics could not read the queue depth: {Reason}", ex.Message);
            }
        }
    }
}
