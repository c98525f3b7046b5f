using Bronn.Core.Integrations.OAuth;

namespace Bronn.Core.Integrations.Providers.Notion;

/// <summary>Notion's token answer names the workspace and its owner.</summary>
public sealed class NotionAccountReader : IAccountReader
{
    public string? Provider => "notion";

    public Task<string?> ReadAsync(IntegrationDescriptor integration, TokenEndpointResult tokens, CancellationToken ct)
    {
        var workspace = Json.Text(tokens.Body, "workspace_name");
        var owner = Json.Text(tokens.Body, "owner", "user", "person", "email") ?? Json.Text(tokens.Body, "owner", "user", "name");
        return Task.FromResult(owner is null ? workspace : workspace is null ? owner : $"{owner} ({workspace})");
    }
}
