using System.Net.Http.Headers;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Engine;

namespace Bronn.Web.Tests.Startup;

/// <summary>Bronn.Web as its own process on its own database, migrated and ready: for what a process does when signalled or killed.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);

    private ServerProcess(TestDatabase database, BuiltApp app, HttpClient client)
    {
        Database = database;
        App = app;
        Client = client;
    }

    public TestDatabase Database { get; }

    public BuiltApp App { get; }

    public HttpClient Client { get; }


    public static async Task<ServerProcess> StartAsync(IDictionary<string, string?>? settings = null, TestDatabase? database = null)
    {
        database ??= await TestDatabase.CreateAsync();
        var port = BronnAppFactory.FreePort();
        var environment = Settings(database);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }
        using (var migrate = BuiltApp.Start("Bronn.Web", environment, "migrate"))
        {
            Assert.Equal(0, await migrate.WaitForExitAsync(Startup));
        }
        var web = new Dictionary<string, string?>(environment)
        {
            ["Bronn__PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        };
        var app = BuiltApp.Start("Bronn.Web", web);
        var server = new ServerProcess(database, app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) });
        await server.WaitUntilReadyAsync();
        return server;
    }

    public async Task<EngineSteps> SignInAsync()
    {
        var token = await Client.TokenForAsync(ApiClient.UniqueEmail());
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new EngineSteps(Database, Client, token);
    }

    /// <summary>A Bronn.Worker (embedded engine) on the same database.</summary>
    public BuiltApp StartWorker(IDictionary<string, string?>? settings = null) => Worker(Database, settings);

    /// <summary>A Bronn.Worker on this database, as `./bronn worker` starts one (3-second leases unless told otherwise).</summary>
    public static BuiltApp Worker(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        var environment = Settings(database);
        environment["Engine__LeaseDuration"] = "00:00:03";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }
        return BuiltApp.Start("Bronn.Worker", environment);
    }

    private static Dictionary<string, string?> Settings(TestDatabase database) => new()
    {
        ["ConnectionStrings__Bronn"] = database.ConnectionString,
        ["Bronn__Jwt__SigningKey"] = BronnAppFactory.SigningKey,
        ["Bronn__Encryption__Keys__test1"] = BronnAppFactory.TestEncryptionKey,
        ["Engine__Http__AllowedHosts__0"] = "127.0.0.1",
        ["Integrations__Refresh__Interval"] = "01:00:00",
        ["Logging__LogLevel__Default"] = "Information",
    };

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + Startup;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(App.HasExited, App.Output);
            try
            {
                if ((await Client.GetAsync("/healthz/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        Assert.Fail("The server did not become ready: " + App.Output);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        App.Dispose();
        await Database.DisposeAsync();
    }
}
