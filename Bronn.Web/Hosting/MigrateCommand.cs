using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Microsoft.Extensions.Options;

namespace Bronn.Web.Hosting;

/// <summary>
/// `Bronn.Web migrate`: applies pending EF Core migrations and exits; `./bronn run` calls it before starting.
/// `Bronn.Web reencrypt`: re-seals stored credentials under the current encryption key (after a key rotation).
/// </summary>
public static class MigrateCommand
{
    public const string Verb = "migrate";
    public const string ReencryptVerb = "reencrypt";

    public static async Task<int> ReencryptAsync(IServiceProvider services)
    {
        if (Bronn.Core.Configuration.StartupFailure.Check(services) is { Count: > 0 } invalid)
        {
            return StartupFailure.Report(invalid);
        }
        var count = await services.GetRequiredService<Bronn.Core.Integrations.Vault.VaultRotation>().ReencryptAsync();
        Console.WriteLine($"Re-encrypted {count} credential(s) under the current key.");
        return 0;
    }

    public static async Task<int> RunAsync(IServiceProvider services)
    {
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>();
        var failure = new DatabaseOptionsValidator().Validate(null, database.Value);
        if (failure.Failed)
        {
            return StartupFailure.Report(failure.Failures!.ToList());
        }
        try
        {
            var applied = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            Console.WriteLine(applied.Count == 0
                ? "Database is up to date: no migrations applied."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            Console.Error.WriteLine($"Could not migrate the database: {ex.Message}");
            return 1;
        }
    }
}
