using System.Net;
using Bronn.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Bronn.Testing;

/// <summary>
/// The real web app on a real loopback port (Kestrel), against its own migrated PostgreSQL database.
/// Settings can be changed per test class through <see cref="Settings"/> before the first use.
/// </summary>
public class BronnAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hs256";

    private TestDatabase? database;

    public BronnAppFactory() => UseKestrel(ConfigureKestrel);

    /// <summary>Listens on a free loopback port; override to add listeners (such as HTTPS).</summary>
    protected virtual void ConfigureKestrel(KestrelServerOptions options) => options.Listen(IPAddress.Loopback, port);

    private int port;

    /// <summary>Every address the server listens on.</summary>
    public IReadOnlyList<Uri> ServerAddresses =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Bronn:Jwt:SigningKey"] = SigningKey,
        ["Bronn:Jwt:Issuer"] = "bronn",
        ["Bronn:Jwt:Audience"] = "bronn",
        ["Bronn:PublicBaseUrl"] = "http://127.0.0.1",
        ["Bronn:Encryption:Keys:test1"] = TestEncryptionKey,
        // The stand-ins for the outside world listen on loopback, which http.request refuses by default.
        ["Engine:Http:AllowedHosts:0"] = "127.0.0.1",
    };

    public const string TestEncryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    public TestDatabase Database => database ?? throw new InvalidOperationException("The factory is not initialised yet.");

    /// <summary>The address the app listens on, such as http://127.0.0.1:41234.</summary>
    public Uri ServerAddress { get; private set; } = default!;

    public virtual async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        Settings["ConnectionStrings:Bronn"] = ConnectionStringFor(database);
        // The port is chosen up front so the public URL (and with it the OAuth redirect URI) is known.
        port = FreePort();
        if (Settings["Bronn:PublicBaseUrl"] == "http://127.0.0.1")
        {
            Settings["Bronn:PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        }
        StartServer();
        ServerAddress = ServerAddresses.First(a => a.Scheme == Uri.UriSchemeHttp);
        await Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    /// <summary>
    /// Waits until the app LISTENs on a PostgreSQL channel (its listeners connect in the background after start), so a
    /// change made from now on is heard.
    /// </summary>
    public async Task ListeningAsync(string channel)
    {
        for (var waited = 0; waited < 100; waited++)
        {
            var listening = await Database.ScalarAsync<long>(
                $"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN {channel}'");
            if (listening > 0)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The app did not LISTEN on {channel} within 10 s.");
    }

    /// <summary>How the app reaches its database; a subclass may put something (a relay it can cut) in between.</summary>
    protected virtual string ConnectionStringFor(TestDatabase database) => database.ConnectionString;

    /// <summary>
    /// A port free now, below the range the system hands to outgoing connections (32768 and up on Linux): a port the
    /// system chose (port 0) was once taken by an outgoing connection between this check and the server's own bind.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            lock (HandedOut)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }
            try
            {
                using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (System.Net.Sockets.SocketException)
            {
                // In use: another.
            }
        }
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>What the app logged (Debug and up) since it started.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Set to replace the app's clock (before the first use).</summary>
    public TimeProvider? Clock { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturedLogs>(null, LogLevel.Debug));
        if (Clock is { } clock)
        {
            builder.ConfigureServices(services => services.AddSingleton(clock));
        }
    }

    /// <summary>A client that does not follow redirects and keeps no cookies unless asked to.</summary>
    public HttpClient CreateApiClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = ServerAddress };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SuiteLogs.Save(Logs.Lines);
        if (database is not null)
        {
            await database.DisposeAsync();
            database = null;
        }
        GC.SuppressFinalize(this);
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
