namespace Bronn.Core.Integrations;

/// <summary>The "Integrations" section: OAuth providers, the integrations built on them, and the refresher.</summary>
public sealed class IntegrationsOptions
{
    public const string SectionName = "Integrations";

    /// <summary>Keyed by provider name (google, slack, notion, or any OAuth2 provider declared here).</summary>
    public Dictionary<string, OAuthProviderOptions> Providers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Keyed by integration name (gmail, google_drive, slack, notion, ...).</summary>
    public Dictionary<string, IntegrationDefinitionOptions> Catalog { get; set; } = new(StringComparer.Ordinal);

    public RefreshOptions Refresh { get; set; } = new();
}

public enum ClientAuthenticationStyle { RequestBody, BasicHeader }

public enum TokenRequestFormat { Form, Json }

/// <summary>RFC 7009 (the token in the body), or Slack's auth.revoke (the token as a bearer header).</summary>
public enum RevocationStyle { TokenInBody, BearerHeader }

public sealed class OAuthProviderOptions
{
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? AuthorizationEndpoint { get; set; }
    public string? TokenEndpoint { get; set; }
    public string? RevocationEndpoint { get; set; }
    public string? UserInfoEndpoint { get; set; }
    public string? ApiBaseUrl { get; set; }

    /// <summary>Hosts the http.request node may send a user's token for this provider to; none: the host of ApiBaseUrl.</summary>
    public List<string> ApiHosts { get; set; } = [];

    /// <summary>How the client proves itself at the token endpoint: client_id/secret in the body, or HTTP Basic.</summary>
    public ClientAuthenticationStyle ClientAuthentication { get; set; } = ClientAuthenticationStyle.RequestBody;

    /// <summary>Notion takes a JSON body at its token endpoint; the others a form.</summary>
    public TokenRequestFormat TokenRequestFormat { get; set; } = TokenRequestFormat.Form;

    public RevocationStyle RevocationStyle { get; set; } = RevocationStyle.TokenInBody;

    public bool UsePkce { get; set; } = true;

    /// <summary>Google joins scopes with a space, Slack with a comma.</summary>
    public string ScopeSeparator { get; set; } = " ";

    /// <summary>Name of the authorize parameter that carries scopes (Slack's user tokens use "user_scope").</summary>
    public string ScopeParameter { get; set; } = "scope";

    /// <summary>Extra authorize parameters, such as Google's access_type=offline and prompt=consent.</summary>
    public Dictionary<string, string> AuthorizeParameters { get; set; } = new(StringComparer.Ordinal);
}

public sealed class IntegrationDefinitionOptions
{
    public string Provider { get; set; } = "";
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public List<string> Scopes { get; set; } = [];
}

public sealed class RefreshOptions
{
    /// <summary>How often the background refresher looks for credentials that are about to expire.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Credentials expiring within this margin are refreshed ahead of time.</summary>
    public TimeSpan Margin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a process may hold a credential's refresh lease before another may take it over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive transient failures before a credential's status becomes "error".</summary>
    public int FailuresBeforeError { get; set; } = 5;

    public int SweepBatchSize { get; set; } = 200;

    public int SweepParallelism { get; set; } = 16;
}
