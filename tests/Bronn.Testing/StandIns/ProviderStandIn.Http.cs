using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bronn.Testing.StandIns;

/// <summary>
/// What any public API does that http.request meets: an OAuth2 client-credentials token endpoint (RFC 6749 §4.4),
/// page- and cursor-paginated lists, redirects (chains and loops), a file download, and an echo of what a write sent.
/// </summary>
public sealed partial class ProviderStandIn
{
    public const string ApiClientId = "api-client";
    public const string ApiClientSecret = "api-client-secret-7c1d";

    /// <summary>The key /needs-key wants in X-Api-Key (it answers whether it got it, never echoing it).</summary>
    public const string ApiKeyValue = "stand-in-api-key-5d2c";

    private readonly ConcurrentDictionary<string, bool> clientCredentialTokens = new();
    private int clientCredentialCalls;
    private int failWrites;

    /// <summary>How often the client-credentials token endpoint was called.</summary>
    public int ClientCredentialCalls => Volatile.Read(ref clientCredentialCalls);

    public int ClientCredentialLifetimeSeconds { get; set; } = 3600;

    /// <summary>Every token the client-credentials endpoint issued.</summary>
    public ConcurrentQueue<string> IssuedClientCredentialTokens { get; } = new();

    /// <summary>Tokens issued by the client-credentials endpoint stop working (the API answers 401).</summary>
    public void InvalidateClientCredentialTokens() => clientCredentialTokens.Clear();

    /// <summary>The next n writes to /echo-body answer 503 (after recording what they were sent).</summary>
    public void FailNextWrites(int n) => Volatile.Write(ref failWrites, n);

    /// <summary>Every write /echo-body received: its Idempotency-Key (or null), content type and body.</summary>
    public ConcurrentQueue<(string? IdempotencyKey, string? ContentType, string Body)> Writes { get; } = new();

    private void MapHttpApis()
    {
        app.MapPost("/cc/token", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref clientCredentialCalls);
            var form = await request.ReadFormAsync();
            var (id, secret) = ClientOf(request, form);
            await Task.Delay(300); // long enough for concurrent callers to pile up
            if (form["grant_type"] != "client_credentials" || id != ApiClientId || secret != ApiClientSecret)
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }
            var token = $"cc-{Guid.NewGuid():N}";
            clientCredentialTokens[token] = true;
            IssuedClientCredentialTokens.Enqueue(token);
            SuiteLogs.Secret(token);
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = ClientCredentialLifetimeSeconds, scope = form["scope"].ToString() });
        });
        app.MapGet("/cc/api", (HttpRequest request) =>
            clientCredentialTokens.ContainsKey(request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal))
                ? Results.Json(new { ok = true })
                : Results.Json(new { error = "invalid_token" }, statusCode: 401));

        app.MapGet("/needs-key", (HttpRequest request) => request.Headers["X-Api-Key"] == ApiKeyValue
            ? Results.Json(new { ok = true, accept = request.Headers.Accept.ToString() })
            : Results.Json(new { error = "missing or wrong X-Api-Key" }, statusCode: 401));
        // Three pages of two items, then an empty page.
        app.MapGet("/items", (int? page, int? offset) =>
        {
            var index = page ?? (offset ?? 0) / 2 + 1;
            return Results.Json(new { page = index, items = index <= 3 ? new[] { $"item-{index}a", $"item-{index}b" } : [] });
        });
        // The same list by cursor: each page names the next one, the last names none.
        app.MapGet("/cursor", (HttpRequest request, int? after) =>
        {
            var at = after ?? 0;
            return Results.Json(new { items = new[] { $"item-{at + 1}" }, next = at < 2 ? $"{BaseAddress}cursor?after={at + 1}" : null });
        });
        app.MapGet("/hops/{n:int}", (int n, HttpRequest request) => n > 0
            ? Results.Redirect($"/hops/{n - 1}")
            : Results.Json(new { arrived = true, authorization = request.Headers.Authorization.ToString() }));
        app.MapGet("/loop", () => Results.Redirect("/loop"));
        // A page whose "next" is wherever the test says, reporting the Authorization it got.
        app.MapGet("/page-to", (string next, HttpRequest request) => Results.Json(new { next, authorization = request.Headers.Authorization.ToString() }));
        app.MapGet("/file", () => Results.File(Encoding.UTF8.GetBytes("%PDF-1.4 stand-in"), "application/pdf", "report.pdf"));
        app.MapMethods("/echo-body", ["POST", "PUT", "PATCH", "DELETE"], (HttpContext context) =>
        {
            var request = context.Request;
            var body = context.Items["body"] as string ?? "";
            Writes.Enqueue((request.Headers["Idempotency-Key"].FirstOrDefault(), request.ContentType, body));
            if (Interlocked.Decrement(ref failWrites) >= 0)
            {
                return Results.Json(new { error = "try again" }, statusCode: 503);
            }
            return Results.Json(new { method = request.Method, contentType = request.ContentType, body, query = request.QueryString.ToString() });
        });
    }

    private static (string? Id, string? Secret) ClientOf(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        return (form["client_id"], form["client_secret"]);
    }
}
