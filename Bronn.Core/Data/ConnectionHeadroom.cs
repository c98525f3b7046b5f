using Npgsql;

namespace Bronn.Core.Data;

/// <summary>
/// Whether Bronn's connection pools leave room in the cluster's max_connections for everything else: a web process
/// and a worker (each up to its pool's Maximum Pool Size, LISTEN connections included), plus psql, pg_dump and a
/// monitoring agent. Without that room, under load Bronn alone holds every slot and any other client is refused.
/// </summary>
public static class ConnectionHeadroom
{
    /// <summary>Bronn processes assumed to share the cluster: the web app and one worker.</summary>
    public const int Processes = 2;

    /// <summary>Slots kept for psql, pg_dump, monitoring and LISTEN connections.</summary>
    public const int Reserved = 10;

    /// <summary>The largest pool that fits (Npgsql's default of 100 at most), for a connection string that sets none.</summary>
    public static int PoolSizeFor(int maxConnections, int superuserReserved) =>
        Math.Clamp((maxConnections - Reserved - superuserReserved) / Processes, 2, 100);

    /// <returns>What to change, or null when the pools fit.</returns>
    public static string? Problem(int maxConnections, int superuserReserved, int poolSize)
    {
        var needed = poolSize * Processes + Reserved + superuserReserved;
        return needed <= maxConnections
            ? null
            : $"PostgreSQL allows {maxConnections} connections, but {Processes} Bronn processes with pools of {poolSize} plus {Reserved} for psql, " +
              $"pg_dump and LISTEN (and {superuserReserved} reserved for superusers) need {needed}. Raise max_connections (./bronn run uses 300) " +
              $"or set 'Maximum Pool Size={(maxConnections - Reserved - superuserReserved) / Processes}' in ConnectionStrings__Bronn.";
    }

    /// <summary>The cluster's max_connections and superuser_reserved_connections, on a connection outside every pool.</summary>
    public static async Task<(int Max, int SuperuserReserved)> LimitsAsync(string connectionString, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }
}
