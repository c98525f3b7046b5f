using System.Diagnostics;

namespace Bronn.Testing;

/// <summary>
/// A PostgreSQL cluster of a test's own (initdb in a temporary directory, a free loopback port), so that the test can
/// stop it the hard way (`pg_ctl stop -m immediate`, as a crash or a failover does) without touching anyone else's.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private readonly string directory;
    private readonly int port;

    private PrivateCluster(string directory, int port)
    {
        this.directory = directory;
        this.port = port;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={port};Username=bronn;Database=postgres";

    public static async Task<PrivateCluster> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("bronn-private-pg-").FullName;
        await RunAsync("chmod", ["755", directory]);
        await AsOwnerAsync("chown", "-R", "postgres:postgres", directory);
        var cluster = new PrivateCluster(directory, BronnAppFactory.FreePort());
        await cluster.PgAsync("initdb", "-D", cluster.Data, "-U", "bronn", "--auth=trust", "-E", "UTF8");
        await cluster.StartAgainAsync();
        return cluster;
    }

    private string Data => Path.Combine(directory, "data");

    /// <summary>Stops the server at once, as a crash does: no checkpoint, every connection dropped.</summary>
    public Task StopImmediatelyAsync() => PgAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");

    public Task StartAgainAsync() => PgAsync("pg_ctl", "-D", Data, "-l", Path.Combine(directory, "log"), "-w", "-t", "60", "-o",
        $"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories='' -c fsync=off -c max_connections=100", "start");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        Directory.Delete(directory, recursive: true);
    }

    private static string Bin(string tool) =>
        Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "bin", tool)).First(File.Exists);

    /// <summary>PostgreSQL refuses to run as root: as root, as the postgres user.</summary>
    private Task PgAsync(string tool, params string[] args) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", Bin(tool), .. args]) : RunAsync(Bin(tool), args);

    private static Task AsOwnerAsync(string command, params string[] args) =>
        Environment.UserName == "root" ? RunAsync(command, args) : Task.CompletedTask;

    private static async Task RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }

}
