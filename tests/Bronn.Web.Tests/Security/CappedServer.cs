using System.Net.Http.Headers;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Startup;

namespace Bronn.Web.Tests.Security;

/// <summary>
/// Bronn.Web as its own process with a capped heap (DOTNET_GCHeapHardLimit, 512 MB) on its own database: a regression
/// that exhausts memory fails the test that caused it instead of the machine. Samples the process's resident memory.
/// </summary>
public sealed class CappedServer : IAsyncDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    private readonly TestDatabase database;
    private readonly BuiltApp server;
    private CancellationTokenSource? sampling;
    private Task? sampler;

    private CappedServer(TestDatabase database, BuiltApp server, HttpClient client)
    {
        this.database = database;
        this.server = server;
        Client = client;
    }

    public HttpClient Client { get; }

    public TestDatabase Database => database;

    public bool HasExited => server.HasExited;

    public string Output => server.Output;

    public long Peak { get; private set; }

    public static async Task<CappedServer> StartAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var port = BronnAppFactory.FreePort();
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Bronn"] = database.ConnectionString,
            ["Bronn__Jwt__SigningKey"] = BronnAppFactory.SigningKey,
            ["Bronn__Encryption__Keys__test1"] = BronnAppFactory.TestEncryptionKey,
            ["Bronn__PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["DOTNET_GCHeapHardLimit"] = "0x20000000", // 512 MB: the OOM killer took the unpatched server at 23.6 GB
            ["DOTNET_gcServer"] = "0",
        };
        using (var migrate = BuiltApp.Start("Bronn.Web", environment, "migrate"))
        {
            Assert.Equal(0, await migrate.WaitForExitAsync(Startup));
        }
        var server = BuiltApp.Start("Bronn.Web", environment);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var capped = new CappedServer(database, server, client);
        await capped.WaitUntilReadyAsync();
        return capped;
    }

    public async Task<string> SignInAsync(string email)
    {
        var token = await Client.TokenForAsync(email);
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }

    /// <summary>The resident memory now; from here on <see cref="Peak"/> is the highest seen.</summary>
    public long StartSampling()
    {
        var idle = ResidentBytes();
        Peak = idle;
        sampling = new CancellationTokenSource();
        sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                Peak = Math.Max(Peak, ResidentBytes());
                await Task.Delay(20);
            }
        });
        return idle;
    }

    public async Task StopSamplingAsync()
    {
        await sampling!.CancelAsync();
        await sampler!;
    }

    public long ResidentBytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{server.ProcessId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            return 0;
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + Startup;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(server.HasExited, server.Output);
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
        Assert.Fail("The server did not become ready: " + server.Output);
    }

    public async ValueTask DisposeAsync()
    {
        sampling?.Cancel();
        Client.Dispose();
        server.Dispose();
        await database.DisposeAsync();
    }
}
