using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace Bronn.Core.Data;

/// <summary>Brings the schema up to date; running it again on an up-to-date database changes nothing.</summary>
public sealed class DatabaseMigrator(IDbContextFactory<BronnDbContext> contexts, ILogger<DatabaseMigrator> logger)
{
    /// <returns>The names of the migrations this call applied.</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await PendingMigrationsAsync(db, cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Database schema is up to date; no migrations applied");
            return [];
        }
        // Migrate takes a database-wide lock, so two processes starting together do not both apply a migration.
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Applied {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        return pending;
    }

    /// <summary>Like GetPendingMigrationsAsync, without the error EF logs when the history table is not there yet.</summary>
    internal static async Task<IEnumerable<string>> PendingMigrationsAsync(BronnDbContext db, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        return await history.ExistsAsync(cancellationToken)
            ? await db.Database.GetPendingMigrationsAsync(cancellationToken)
            : db.Database.GetMigrations();
    }
}
