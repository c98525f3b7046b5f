using System.Net;
using Bronn.Core.Configuration;
using Microsoft.AspNetCore.HttpOverrides;

namespace Bronn.Web.Hosting;

/// <summary>
/// Behind a TLS-terminating proxy, its X-Forwarded-For and X-Forwarded-Proto say who the client is and that the
/// request came over HTTPS (so the session cookie is Secure). Only the proxies listed in Bronn:TrustedProxies are
/// believed; from anyone else the headers are ignored.
/// </summary>
public static class TrustedProxies
{
    public static void Configure(ForwardedHeadersOptions forwarded, BronnOptions bronn)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        forwarded.ForwardLimit = 1;
        foreach (var entry in bronn.TrustedProxies.Select(p => p.Trim()))
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                forwarded.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                forwarded.KnownProxies.Add(address);
            }
        }
    }
}
