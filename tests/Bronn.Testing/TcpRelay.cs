using System.Net;
using System.Net.Sockets;

namespace Bronn.Testing;

/// <summary>
/// A loopback TCP relay in front of a server (PostgreSQL), which a test can cut and restore: an outage over real
/// sockets, without stopping the server that other tests share.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;
    private CancellationTokenSource stop = new();

    private TcpRelay(IPEndPoint target, int port)
    {
        this.target = target;
        Port = port;
    }

    public int Port { get; }

    public static TcpRelay Start(string host, int port)
    {
        var relay = new TcpRelay(new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port), BronnAppFactory.FreePort());
        relay.Restore();
        return relay;
    }

    /// <summary>Refuses new connections and drops the open ones, as a crashed or unreachable server does.</summary>
    public void Cut()
    {
        stop.Cancel();
        listener?.Stop();
        listener = null;
        lock (open)
        {
            open.ForEach(c => c.Dispose());
            open.Clear();
        }
    }

    public void Restore()
    {
        stop = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        _ = AcceptAsync(listener, stop.Token);
    }

    private async Task AcceptAsync(TcpListener on, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await on.AcceptTcpClientAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(target, ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }
            lock (open)
            {
                open.Add(client);
                open.Add(server);
            }
            _ = PipeAsync(client, server, ct);
            _ = PipeAsync(server, client, ct);
        }
    }

    private static async Task PipeAsync(TcpClient from, TcpClient to, CancellationToken ct)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), ct);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
