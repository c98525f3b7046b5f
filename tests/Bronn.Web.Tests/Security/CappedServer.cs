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
    private readonly ServerProcess server;
    private CancellationTokenSource? sampling;
    private Task? sampler;

    private CappedServer(ServerProcess server) => this.server = server;

    public HttpClient Client => server.Client;

    public TestDatabase Database => server.Database;

    public bool HasExited => server.App.HasExited;

    public string Output => server.App.Output;

    public long Peak { get; private set; }

    public static async Task<CappedServer> StartAsync() => new(await ServerProcess.StartAsync(new Dictionary<string, string?>
    {
        ["DOTNET_GCHeapHardLimit"] = "0x20000000", // 512 MB: the OOM killer took the unpatched server at 23.6 GB
        ["DOTNET_gcServer"] = "0",
    }));

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
            var line = File.ReadLines($"/proc/{server.App.ProcessId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        sampling?.Cancel();
        await server.DisposeAsync();
    }
}
