using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Microsoft.Extensions.Options;

namespace Bronn.Web.Hosting;

/// <summary>`Bronn.Web migrate`: applies pending EF Core migrations and exits; `./bronn run` calls it before starting.</summary>
public static class MigrateCommand
{
    public const string Verb = "migrate";

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
