using System.Net.Http.Json;
using System.Text.Json;
using Bronn.Core.Integrations.Refresh;

namespace Bronn.Core.Integrations.Providers.Slack;

public sealed record SlackMessage(string Channel, string Ts);

public sealed record SlackChannel(string Id, string Name, bool IsPrivate, bool IsMember);

/// <summary>Slack Web API. Slack answers HTTP 200 with {"ok": false, "error": "..."} for most failures.</summary>
public sealed class SlackClient(HttpClient http, AccessTokens tokens, IntegrationCatalog catalog) : ProviderApiClient(http, tokens, catalog)
{
    protected override string Integration => "slack";

    public async Task<SlackMessage> PostMessageAsync(Guid userId, string channel, string text, CancellationToken ct = default)
    {
        var body = await SendAsync(userId, () => new HttpRequestMessage(HttpMethod.Post, Url("chat.postMessage"))
        {
            Content = JsonContent.Create(new { channel, text }),
        }, ct);
        return new SlackMessage(Json.Text(body, "channel") ?? channel, Json.Text(body, "ts") ?? "");
    }

    /// <summary>Every conversation the token can see, following Slack's cursor pagination.</summary>
    public async Task<IReadOnlyList<SlackChannel>> ListConversationsAsync(Guid userId, CancellationToken ct = default)
    {
        var channels = new List<SlackChannel>();
        string? cursor = null;
        do
        {
            var url = Url($"conversations.list?limit=200&exclude_archived=true&types=public_channel,private_channel{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            var body = await SendAsync(userId, () => new HttpRequestMessage(HttpMethod.Get, url), ct);
            if (body.TryGetProperty("channels", out var page))
            {
                channels.AddRange(page.EnumerateArray().Select(c => new SlackChannel(
                    Json.Text(c, "id") ?? "", Json.Text(c, "name") ?? "",
                    c.TryGetProperty("is_private", out var p) && p.GetBoolean(), c.TryGetProperty("is_member", out var m) && m.GetBoolean())));
            }
            cursor = Json.Text(body, "response_metadata", "next_cursor") is { Length: > 0 } next ? next : null;
        }
        while (cursor is not null);
        return channels;
    }

    protected override (string? Code, string Message)? ErrorOf(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False
            ? (Json.Text(body, "error"), Json.Text(body, "error") ?? "Slack refused the request.")
            : null;
}
