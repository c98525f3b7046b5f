using Bronn.Core.Integrations.OAuth;

namespace Bronn.Core.Integrations.Providers.Slack;

/// <summary>Slack's oauth.v2.access answer names the workspace (team) and the user who installed.</summary>
public sealed class SlackAccountReader : IAccountReader
{
    public string? Provider => "slack";

    public Task<string?> ReadAsync(IntegrationDescriptor integration, TokenEndpointResult tokens, CancellationToken ct)
    {
        var team = Json.Text(tokens.Body, "team", "name") ?? Json.Text(tokens.Body, "team", "id");
        var user = Json.Text(tokens.Body, "authed_user", "id");
        return Task.FromResult(team is null ? user : user is null ? team : $"{team} ({user})");
    }
}
