using System.Net.Http.Headers;
using Bronn.Core.Credentials;
using Bronn.Core.Execution;
using Bronn.Core.Integrations;
using Bronn.Core.Integrations.Refresh;

namespace Bronn.Core.Workflows.Catalog.Nodes.Http;

/// <summary>How one http.request proves who it is: nothing, a credential, or a connected integration's token.</summary>
public abstract class RequestAuthentication
{
    public static readonly RequestAuthentication None = new Anonymous();

    /// <summary>Whether the secret may go to this address (a redirect to anywhere else is followed without it).</summary>
    public abstract bool MaySendTo(Uri url);

    /// <summary>Puts the secret on the request; returns the address to send to (a query credential adds to it).</summary>
    public abstract Task<Uri> ApplyAsync(HttpRequestMessage request, Uri url, CancellationToken ct);

    /// <summary>After a 401 to an applied secret: true when a fresh one was obtained and one more try is worth it.</summary>
    public virtual Task<bool> RenewAfterRejectionAsync(CancellationToken ct) => Task.FromResult(false);

    /// <summary>Fails the step, sending nothing, when the first address is not one the secret may go to.</summary>
    public void Check(Uri url, string what, IEnumerable<string> hosts)
    {
        if (!MaySendTo(url))
        {
            throw new NodeFailedException($"{what} may be sent only to {string.Join(", ", hosts)}, not to {url.Host}: nothing was sent.", retryable: false);
        }
    }

    protected static bool HostIn(IEnumerable<string> hosts, Uri url) => hosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase);

    private sealed class Anonymous : RequestAuthentication
    {
        public override bool MaySendTo(Uri url) => true;

        public override Task<Uri> ApplyAsync(HttpRequestMessage request, Uri url, CancellationToken ct) => Task.FromResult(url);
    }
}

/// <summary>One of the owner's credentials; an oauth2_client_credentials one sends the token it obtains.</summary>
internal sealed class CredentialAuthentication(OpenedCredential credential, ClientCredentialsTokens tokens) : RequestAuthentication
{
    private string? sentToken;
    private string? rejected;

    public override bool MaySendTo(Uri url) => credential.AllowedHosts.Length == 0 || HostIn(credential.AllowedHosts, url);

    public override async Task<Uri> ApplyAsync(HttpRequestMessage request, Uri url, CancellationToken ct)
    {
        if (credential.Type != CredentialTypes.ClientCredentials)
        {
            return CredentialApplier.Apply(credential, request, url);
        }
        sentToken = await tokens.GetAsync(credential, rejected, ct);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sentToken);
        return url;
    }

    public override Task<bool> RenewAfterRejectionAsync(CancellationToken ct)
    {
        if (credential.Type != CredentialTypes.ClientCredentials || sentToken is null || rejected is not null)
        {
            return Task.FromResult(false);
        }
        rejected = sentToken;
        return Task.FromResult(true);
    }
}

/// <summary>The owner's connection to an integration: its access token as a bearer token, only to the provider's API hosts.</summary>
internal sealed class IntegrationAuthentication(IntegrationDescriptor integration, Guid ownerId, AccessTokens tokens) : RequestAuthentication
{
    private string? sentToken;
    private bool renewed;

    public override bool MaySendTo(Uri url) => HostIn(integration.ApiHosts, url);

    public override async Task<Uri> ApplyAsync(HttpRequestMessage request, Uri url, CancellationToken ct)
    {
        try
        {
            sentToken = renewed && sentToken is not null
                ? await tokens.GetAfterRejectionAsync(ownerId, integration.Name, sentToken, ct)
                : await tokens.GetAsync(ownerId, integration.Name, ct);
        }
        catch (IntegrationUnavailableException ex)
        {
            throw new NodeFailedException(ex.Message, retryable: false);
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sentToken);
        return url;
    }

    public override Task<bool> RenewAfterRejectionAsync(CancellationToken ct)
    {
        if (renewed || sentToken is null)
        {
            return Task.FromResult(false);
        }
        renewed = true;
        return Task.FromResult(true);
    }
}
