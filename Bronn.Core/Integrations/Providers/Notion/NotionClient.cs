using System.Net.Http.Json;
using System.Text.Json;
using Bronn.Core.Integrations.Refresh;

namespace Bronn.Core.Integrations.Providers.Notion;

public sealed record NotionPage(string Id, string? Url);

public sealed record NotionDatabase(string Id, string Title, string? Url);

/// <summary>Notion API (version pinned in <see cref="ApiVersion"/>): create a page in a database, search databases.</summary>
public sealed class NotionClient(HttpClient http, AccessTokens tokens, IntegrationCatalog catalog) : ProviderApiClient(http, tokens, catalog)
{
    public const string ApiVersion = "2022-06-28";

    protected override string Integration => "notion";

    /// <param name="properties">Notion property values, keyed by property name, in Notion's JSON shape.</param>
    public async Task<NotionPage> CreatePageAsync(Guid userId, string databaseId, JsonElement properties, CancellationToken ct = default)
    {
        var body = await SendAsync(userId, () => Request(HttpMethod.Post, "pages", new { parent = new { database_id = databaseId }, properties }), ct);
        return new NotionPage(Json.Text(body, "id") ?? "", Json.Text(body, "url"));
    }

    /// <summary>The database's properties and their types (title, rich_text, number, select...), by name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PropertyTypesAsync(Guid userId, string databaseId, CancellationToken ct = default)
    {
        var body = await SendAsync(userId, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Url($"databases/{Uri.EscapeDataString(databaseId)}"));
            request.Headers.Add("Notion-Version", ApiVersion);
            return request;
        }, ct);
        return body.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().ToDictionary(p => p.Name, p => Json.Text(p.Value, "type") ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();
    }

    public async Task<IReadOnlyList<NotionDatabase>> SearchDatabasesAsync(Guid userId, string? query, CancellationToken ct = default)
    {
        var body = await SendAsync(userId, () => Request(HttpMethod.Post, "search",
            new { query = query ?? "", filter = new { property = "object", value = "database" }, page_size = 100 }), ct);
        return body.TryGetProperty("results", out var results)
            ? results.EnumerateArray().Select(d => new NotionDatabase(Json.Text(d, "id") ?? "", Title(d), Json.Text(d, "url"))).ToList()
            : [];
    }

    protected override (string? Code, string Message)? ErrorOf(JsonElement body) =>
        Json.Text(body, "object") == "error" ? (Json.Text(body, "code"), Json.Text(body, "message") ?? "Notion refused the request.") : null;

    private HttpRequestMessage Request(HttpMethod method, string path, object payload)
    {
        var request = new HttpRequestMessage(method, Url(path)) { Content = JsonContent.Create(payload) };
        request.Headers.Add("Notion-Version", ApiVersion);
        return request;
    }

    private static string Title(JsonElement database) =>
        database.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.Array
            ? string.Concat(title.EnumerateArray().Select(t => Json.Text(t, "plain_text")))
            : "";
}
