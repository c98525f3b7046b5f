using Npgsql;

namespace Bronn.Core.Data;

/// <summary>Whether a failure means PostgreSQL is unreachable or refusing work (retry later), not that the request was wrong.</summary>
public static class DatabaseOutages
{
    public static bool IsOutage(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                // Class 08: connection exceptions; 53: insufficient resources (too many clients); 57P0x: the server is shutting down.
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                                               || pg.SqlState.StartsWith("57P0", StringComparison.Ordinal):
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException:
                    return true;
            }
        }
        return false;
    }
}
