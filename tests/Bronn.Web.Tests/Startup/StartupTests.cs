using Bronn.Testing;

namespace Bronn.Web.Tests.Startup;

public sealed class StartupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Migrate_creates_the_schema_on_an_empty_database_and_a_second_run_is_a_no_op()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Bronn"] = database.ConnectionString };

        using (var first = BuiltApp.Start("Bronn.Web", environment, "migrate"))
        {
            Assert.Equal(0, await first.WaitForExitAsync(Timeout));
            Assert.Matches(@"Applied \d+ migration\(s\)", first.Output);
            Assert.DoesNotContain("fail:", first.Output);
        }
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM users"));
        var applied = await database.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\"");
        Assert.Equal(1, await database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'users' AND indexname = 'ix_users_email' AND indexdef LIKE '%UNIQUE%'"));

        using var second = BuiltApp.Start("Bronn.Web", environment, "migrate");
        Assert.Equal(0, await second.WaitForExitAsync(Timeout));
        Assert.Contains("no migrations applied", second.Output);
        Assert.Equal(applied, await database.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\""));
    }

    public static TheoryData<string, string, string> BadConfigurations => new()
    {
        // project, the setting broken, the key the message must name
        { "Bronn.Web", "ConnectionStrings__Bronn=", "ConnectionStrings:Bronn" },
        { "Bronn.Web", "Bronn__Jwt__SigningKey=", "Bronn:Jwt:SigningKey" },
        { "Bronn.Web", "Bronn__Jwt__SigningKey=too-short", "Bronn:Jwt:SigningKey" },
        { "Bronn.Web", "Bronn__Jwt__SigningKeyFile=/nonexistent/key", "Bronn:Jwt:SigningKeyFile" },
        { "Bronn.Web", "Bronn__PublicBaseUrl=ftp://example.com", "Bronn:PublicBaseUrl" },
        { "Bronn.Web", "Bronn__LoginThrottle__MaxFailures=0", "Bronn:LoginThrottle:MaxFailures" },
        { "Bronn.Web", "Engine__MaxCrashes=0", "Engine:MaxCrashes" },
        { "Bronn.Web", "Engine__MinScheduleInterval=00:00:00", "Engine:MinScheduleInterval" },
        { "Bronn.Web", "Engine__MaxParallelBranches=0", "Engine:MaxParallelBranches" },
        { "Bronn.Worker", "Engine__MaxExecutionBytes=1024", "Engine:MaxExecutionBytes" },
        { "Bronn.Web", "Engine__Http__AllowedHosts__0=10.0.0.0/99", "Engine:Http:AllowedHosts" },
        { "Bronn.Web", "Bronn__AdminEmails__0=not-an-email", "Bronn:AdminEmails" },
        { "Bronn.Worker", "ConnectionStrings__Bronn=", "ConnectionStrings:Bronn" },
        { "Bronn.Worker", "Bronn__Jwt__SigningKey=", "Bronn:Jwt:SigningKey" },
        { "Bronn.Web", "Bronn__Encryption__Keys__test1=", "Bronn:Encryption:Keys" },
        { "Bronn.Web", "Bronn__Encryption__Keys__test1=short", "Bronn:Encryption:Keys:test1" },
        { "Bronn.Worker", "Bronn__Encryption__CurrentKeyId=missing", "Bronn:Encryption:CurrentKeyId" },
        { "Bronn.Web", "Integrations__Refresh__Margin=-00:01:00", "Integrations:Refresh:Margin" },
    };

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public async Task A_missing_or_invalid_setting_stops_the_process_with_a_message_naming_the_key(string project, string setting, string key)
    {
        var environment = ValidEnvironment("Host=127.0.0.1;Port=1;Database=unused");
        var (name, value) = (setting.Split('=', 2)[0], setting.Split('=', 2)[1]);
        environment[name] = value.Length == 0 ? null : value;
        if (name == "Bronn__Jwt__SigningKeyFile")
        {
            environment["Bronn__Jwt__SigningKey"] = null;
        }

        using var app = BuiltApp.Start(project, environment);

        Assert.NotEqual(0, await app.WaitForExitAsync(Timeout));
        Assert.Contains(key, app.Output);
        Assert.DoesNotContain("   at ", app.Output); // no stack trace
    }

    [Fact]
    public async Task The_worker_reports_readiness_and_runs_until_stopped()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = ValidEnvironment(database.ConnectionString);
        using (var migrate = BuiltApp.Start("Bronn.Web", environment, "migrate"))
        {
            Assert.Equal(0, await migrate.WaitForExitAsync(Timeout));
        }

        using var worker = BuiltApp.Start("Bronn.Worker", environment);

        Assert.True(await worker.WaitForOutputAsync("Bronn worker ready", Timeout), worker.Output);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(worker.HasExited, worker.Output);
    }

    private static Dictionary<string, string?> ValidEnvironment(string connectionString) => new()
    {
        ["ConnectionStrings__Bronn"] = connectionString,
        ["Bronn__Jwt__SigningKey"] = BronnAppFactory.SigningKey,
        ["Bronn__Encryption__Keys__test1"] = BronnAppFactory.TestEncryptionKey,
    };
}
