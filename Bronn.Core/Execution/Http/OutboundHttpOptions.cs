namespace Bronn.Core.Execution.Http;

/// <summary>
/// Engine:Http: where the http.request node may connect. By default not to loopback, private, link-local (cloud
/// metadata), CGNAT, multicast or unspecified addresses, so a workflow cannot reach Bronn, its database or the
/// network behind it. Providers an administrator configures are not affected.
/// </summary>
public sealed class OutboundHttpOptions
{
    public const string SectionName = "Engine:Http";

    /// <summary>Allow every private destination (a trusted, single-user installation).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Host names, IP addresses or CIDR ranges allowed even when private, e.g. "intranet.local", "10.1.2.0/24".</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The largest request body a workflow may send.</summary>
    public int MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The largest response a workflow may read (one page).</summary>
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    public const int MaxRedirects = 5;
}
