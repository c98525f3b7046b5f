using System.Net;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Execution.Http;

/// <summary>Refused: the destination is private and not allowed by Engine:Http.</summary>
public sealed class PrivateAddressException(string message) : Exception(message)
{
    /// <summary>The refusal behind a failed request (the handler's exception arrives wrapped), or null.</summary>
    public static PrivateAddressException? Find(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is PrivateAddressException refusal)
            {
                return refusal;
            }
        }
        return null;
    }
}

/// <summary>Decides whether the http.request node may connect to an address, per <see cref="OutboundHttpOptions"/>.</summary>
public sealed class OutboundAddressPolicy
{
    private readonly bool allowAll;
    private readonly HashSet<string> hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPNetwork> networks = [];

    public OutboundAddressPolicy(IOptions<OutboundHttpOptions> options)
    {
        allowAll = options.Value.AllowPrivateNetworks;
        foreach (var entry in options.Value.AllowedHosts.Select(h => h.Trim()).Where(h => h.Length > 0))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(PrivateNetworks.Normalize(address), PrivateNetworks.Normalize(address).GetAddressBytes().Length * 8));
            }
            else
            {
                hosts.Add(entry.TrimEnd('.'));
            }
        }
    }

    /// <summary>Throws <see cref="PrivateAddressException"/> when <paramref name="address"/> (resolved from <paramref name="host"/>) is refused.</summary>
    public void Check(string host, IPAddress address)
    {
        if (allowAll || hosts.Contains(host.TrimEnd('.')))
        {
            return;
        }
        var normalized = PrivateNetworks.Normalize(address);
        if (PrivateNetworks.KindOf(normalized) is not { } kind || networks.Any(n => n.BaseAddress.AddressFamily == normalized.AddressFamily && n.Contains(normalized)))
        {
            return;
        }
        var shown = string.Equals(host, normalized.ToString(), StringComparison.OrdinalIgnoreCase) ? normalized.ToString() : $"'{host}' ({normalized})";
        throw new PrivateAddressException(
            $"The address {shown} is a private ({kind}) address; requests to private networks are refused. " +
            "An administrator can allow it with the setting Engine:Http:AllowedHosts (or Engine:Http:AllowPrivateNetworks).");
    }
}
