using System.Diagnostics;
using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Core.Integrations;
using Bronn.Core.Integrations.Refresh;
using Bronn.Core.Integrations.Vault;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Bronn.Benchmarks;

/// <summary>
/// One refresh sweep over N credentials that are all due, against the local provider stand-in and a real
/// PostgreSQL: refreshes per second, database round trips per refresh, and whether any was refreshed twice.
/// </summary>
public static class RefreshSweepBenchmark
{
    public static async Task<int> RunAsync(int credentials, int parallelism)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var standIn = await ProviderStandIn.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Bronn"] = database.ConnectionString + ";Maximum Pool Size=100",
            ["Bronn:Jwt:SigningKey"] = BronnAppFactory.SigningKey,
            ["Bronn:Encryption:Keys:bench"] = BronnAppFactory.TestEncryptionKey,
            ["Integrations:Refresh:SweepParallelism"] = parallelism.ToString(),
            ["Integrations:Refresh:SweepBatchSize"] = "1000",
        };
        standIn.Configure(settings, "google");
        var counter = new CommandCounter();
        await using var services = Build(settings, counter);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        Console.WriteLine($"Seeding {credentials:N0} due credentials...");
        await SeedAsync(database.ConnectionString, services.GetRequiredService<TokenVault>(), standIn, credentials);

        var sweeper = services.GetRequiredService<RefreshSweeper>();
        var commandsBefore = counter.Count;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var refreshed = await sweeper.SweepOnceAsync(CancellationToken.None);
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var refreshCalls = standIn.RefreshCalls;
        var stillDue = await database.ScalarAsync<long>("SELECT count(*) FROM integration_connections WHERE last_refreshed_at IS NULL");
        Console.WriteLine($"Refreshed:            {refreshed:N0} of {credentials:N0} (provider saw {refreshCalls:N0} refresh calls; {stillDue} not refreshed)");
        Console.WriteLine($"Wall time:            {clock.Elapsed.TotalSeconds:F2} s  -> {refreshed / clock.Elapsed.TotalSeconds:N0} refreshes/s");
        Console.WriteLine($"DB round trips:       {(counter.Count - commandsBefore) / (double)Math.Max(1, refreshed):F2} per refresh");
        Console.WriteLine($"Process CPU:          {cpu.TotalSeconds:F1} s on {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        var ok = refreshed == credentials && refreshCalls == credentials && stillDue == 0;
        Console.WriteLine(ok ? "OK: every credential refreshed exactly once." : "FAILED: some credential was refreshed twice or not at all.");
        return ok ? 0 : 1;
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, CommandCounter counter)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddBronnConfiguration(configuration).AddIntegrations(configuration);
        services.AddDbContextFactory<BronnDbContext>(o =>
            DataServiceCollectionExtensions.Configure(o, configuration["ConnectionStrings:Bronn"]!).AddInterceptors(counter));
        services.AddSingleton<DatabaseMigrator>();
        return services.BuildServiceProvider();
    }

    private static async Task SeedAsync(string connectionString, TokenVault vault, ProviderStandIn standIn, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var users = new NpgsqlCommand(
            $"INSERT INTO users (id, email, password_hash, role) SELECT gen_random_uuid(), 'bench' || i || '@example.com', 'x', 'user' FROM generate_series(1, {count}) i",
            connection))
        {
            await users.ExecuteNonQueryAsync();
        }
        var userIds = new List<Guid>();
        await using (var read = new NpgsqlCommand("SELECT id FROM users", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                userIds.Add(reader.GetGuid(0));
            }
        }
        var now = DateTimeOffset.UtcNow;
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY integration_connections (id, user_id, integration, provider, status, sealed_tokens, key_id, has_refresh_token, expires_at, connected_at, updated_at, failure_count) FROM STDIN (FORMAT BINARY)");
        foreach (var userId in userIds)
        {
            var id = Guid.CreateVersion7();
            var refreshToken = $"rt-seed-{id:N}";
            standIn.AcceptRefreshToken(refreshToken);
            await writer.StartRowAsync();
            await writer.WriteAsync(id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(userId, NpgsqlDbType.Uuid);
            await writer.WriteAsync("gmail", NpgsqlDbType.Varchar);
            await writer.WriteAsync("google", NpgsqlDbType.Varchar);
            await writer.WriteAsync(ConnectionStatus.Active, NpgsqlDbType.Varchar);
            await writer.WriteAsync(vault.Seal(new TokenSet($"at-seed-{id:N}", refreshToken), id), NpgsqlDbType.Bytea);
            await writer.WriteAsync(vault.CurrentKeyId, NpgsqlDbType.Varchar);
            await writer.WriteAsync(true, NpgsqlDbType.Boolean);
            await writer.WriteAsync(now.AddMinutes(1), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(0, NpgsqlDbType.Integer);
        }
        await writer.CompleteAsync();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
