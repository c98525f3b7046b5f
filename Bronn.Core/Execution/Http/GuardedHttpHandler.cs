using System.Net;
using System.Net.Sockets;

namespace Bronn.Core.Execution.Http;

/// <summary>
/// The http.request node's connections: the host is resolved here and every address checked at connect time, so
/// redirects and DNS answers that change between check and use (rebinding) cannot reach a refused address.
/// </summary>
public static class GuardedHttpHandler
{
    /// <remarks>Redirects are not followed here: http.request follows them itself, deciding per hop whether the secret goes along.</remarks>
    public static SocketsHttpHandler Create(OutboundAddressPolicy policy) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false, // a proxy would connect on our behalf, past the check
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, ct) => ConnectAsync(policy, context.DnsEndPoint, ct),
    };

    private static async ValueTask<Stream> ConnectAsync(OutboundAddressPolicy policy, DnsEndPoint endpoint, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        foreach (var address in addresses)
        {
            policy.Check(endpoint.Host, address); // every answer must pass: no racing a public answer against a private one
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
