using Bronn.Core.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bronn.Core.Configuration;

/// <summary>
/// Sizes Bronn's connection pool from the cluster's max_connections at start-up, so that a web process, a worker and
/// other clients (psql, pg_dump, monitoring) all fit. A pool size set explicitly is kept, and must fit: if it does not,
/// start-up stops with what to change. An unreachable database leaves the setting as it is (readiness reports it).
/// </summary>
internal sealed class ConnectionPoolSizing(ILogger<ConnectionPoolSizing> logger) : IPostConfigureOptions<DatabaseOptions>
{
    private static readonly string[] PoolSizeKeys = ["maxpoolsize", "maximumpoolsize"];

    public void PostConfigure(string? name, DatabaseOptions options)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.Bronn);
        }
        catch (ArgumentException)
        {
            return; // the validator names the problem
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            return;
        }
        (int Max, int SuperuserReserved) limits;
        try
        {
            var probe = new NpgsqlConnectionStringBuilder(options.Bronn) { Timeout = 3 };
            limits = ConnectionHeadroom.LimitsAsync(probe.ConnectionString).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning("Could not read the database's connection limit ({Reason}); the pool keeps its configured size", ex.Message);
            return;
        }
        if (SetsPoolSize(options.Bronn!))
        {
            options.PoolProblem = ConnectionHeadroom.Problem(limits.Max, limits.SuperuserReserved, builder.MaxPoolSize);
            return;
        }
        builder.MaxPoolSize = ConnectionHeadroom.PoolSizeFor(limits.Max, limits.SuperuserReserved);
        options.Bronn = builder.ConnectionString;
    }

    private static bool SetsPoolSize(string connectionString) => connectionString.Split(';')
        .Select(part => part.Split('=', 2)[0].Replace(" ", "", StringComparison.Ordinal).Trim().ToLowerInvariant())
        .Any(PoolSizeKeys.Contains);
}
