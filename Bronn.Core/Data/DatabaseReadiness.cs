using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bronn.Core.Data;

public sealed record ReadinessReport(bool IsReady, string Description);

/// <summary>Ready means: the database answers and every migration this build knows is applied.</summary>
public sealed class DatabaseReadiness(IDbContextFactory<BronnDbContext> contexts)
{
    public async Task<ReadinessReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return new(false, "The database cannot be reached.");
            }
            var pending = (await DatabaseMigrator.PendingMigrationsAsync(db, cancellationToken)).Count();
            return pending == 0
                ? new(true, "The database is reachable and its schema is up to date.")
                : new(false, $"{pending} migration(s) are not applied yet.");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return new(false, "The database cannot be reached.");
        }
    }
}
