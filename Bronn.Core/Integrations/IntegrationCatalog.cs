using Microsoft.Extensions.Options;

namespace Bronn.Core.Integrations;

/// <summary>One integration as the UI, the API and the runtime see it: read from configuration, nowhere else.</summary>
public sealed record IntegrationDescriptor(
    string Name, string DisplayName, string Description, string ProviderName, OAuthProviderOptions Provider, IReadOnlyList<string> Scopes)
{
    /// <summary>Connectable: the provider has client credentials and its endpoints.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Provider.ClientId) && !string.IsNullOrWhiteSpace(Provider.ClientSecret)
        && !string.IsNullOrWhiteSpace(Provider.AuthorizationEndpoint) && !string.IsNullOrWhiteSpace(Provider.TokenEndpoint);

    /// <summary>Where http.request may send this integration's access token: the provider's API hosts.</summary>
    public IReadOnlyList<string> ApiHosts { get; } = Provider.ApiHosts.Count > 0
        ? Provider.ApiHosts
        : Uri.TryCreate(Provider.ApiBaseUrl, UriKind.Absolute, out var api) ? [api.Host] : [];
}

public sealed class IntegrationCatalog
{
    private readonly Dictionary<string, IntegrationDescriptor> byName;

    public IntegrationCatalog(IOptions<IntegrationsOptions> options)
    {
        var value = options.Value;
        byName = new Dictionary<string, IntegrationDescriptor>(StringComparer.Ordinal);
        foreach (var (name, definition) in value.Catalog)
        {
            if (value.Providers.TryGetValue(definition.Provider, out var provider))
            {
                byName[name] = new IntegrationDescriptor(name, definition.DisplayName ?? name, definition.Description ?? "",
                    definition.Provider, provider, definition.Scopes);
            }
        }
        All = byName.Values.OrderBy(d => d.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public IReadOnlyList<IntegrationDescriptor> All { get; }

    public IntegrationDescriptor? Find(string? integration) =>
        integration is not null && byName.TryGetValue(integration, out var descriptor) ? descriptor : null;

    public bool HasProvider(string? provider) => provider is not null && All.Any(d => d.ProviderName == provider);
}
