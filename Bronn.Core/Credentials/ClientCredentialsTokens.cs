using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bronn.Core.Execution;

namespace Bronn.Core.Credentials;

/// <summary>
/// Access tokens of oauth2_client_credentials credentials: fetched from the credential's token URL (through the same
/// guarded client as http.request, so a private token URL is refused), kept in memory until shortly before they expire,
/// and fetched again single-flight: concurrent steps share one token request per credential.
/// </summary>
public sealed class ClientCredentialsTokens(IHttpClientFactory http, TimeProvider clock)
{
    /// <summary>Tokens are renewed this long before they expire, so none expires on its way to the API.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    private sealed record Token(string Value, DateTimeOffset RenewAt);

    private readonly ConcurrentDictionary<string, Token> tokens = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<Token>>> inFlight = new();

    /// <param name="rejected">A token the API just refused (401): fetch a new one unless it was already replaced.</param>
    public async Task<string> GetAsync(OpenedCredential credential, string? rejected = null, CancellationToken ct = default)
    {
        // A replaced credential (new secret or URL) starts with a new token.
        var key = $"{credential.Id:N}:{credential.UpdatedAt.UtcTicks}";
        if (tokens.TryGetValue(key, out var cached) && cached.RenewAt > clock.GetUtcNow() && cached.Value != rejected)
        {
            return cached.Value;
        }
        var flight = inFlight.GetOrAdd(key, _ => new Lazy<Task<Token>>(() => FetchAsync(key, credential)));
        return (await flight.Value.WaitAsync(ct)).Value;
    }

    private async Task<Token> FetchAsync(string key, OpenedCredential credential)
    {
        try
        {
            // Not one caller's request: the shared fetch finishes even if the first caller gives up.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var token = await RequestAsync(credential, timeout.Token);
            tokens[key] = token;
            return token;
        }
        finally
        {
            inFlight.TryRemove(key, out _);
        }
    }

    private async Task<Token> RequestAsync(OpenedCredential credential, CancellationToken ct)
    {
        var values = credential.Values;
        var url = new Uri(values["tokenUrl"]);
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (values.TryGetValue("scope", out var scope))
        {
            form["scope"] = scope;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (values.GetValueOrDefault("clientAuthentication") == "basic")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(values["clientId"])}:{Uri.EscapeDataString(values["clientSecret"])}")));
        }
        else
        {
            form["client_id"] = values["clientId"];
            form["client_secret"] = values["clientSecret"];
        }
        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.ParseAdd("application/json");
        var where = $"The token URL of the credential '{credential.Name}' ({url.GetLeftPart(UriPartial.Path)})";
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(Workflows.Catalog.Nodes.Http.HttpRequestNode.ClientName).SendAsync(request, ct);
        }
        catch (HttpRequestException ex) when (Execution.Http.PrivateAddressException.Find(ex) is { } refusal)
        {
            throw new NodeFailedException($"{where} was refused: {refusal.Message}", retryable: false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            throw new NodeFailedException($"{where} could not be reached: {ex.Message}", retryable: true);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                // The body of a refusal names the problem (invalid_client, invalid_scope) and holds no token.
                throw new NodeFailedException($"{where} answered {status}: {(text.Length > 200 ? text[..200] : text)}",
                    retryable: status is 408 or 429 or >= 500) { Status = status };
            }
            return Parse(text, where);
        }
    }

    private Token Parse(string text, string where)
    {
        try
        {
            using var body = JsonDocument.Parse(text);
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("access_token", out var access) || access.GetString() is not { Length: > 0 } value)
            {
                throw new NodeFailedException($"{where} answered without an access_token.", retryable: false);
            }
            var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.ValueKind == JsonValueKind.Number && expires.TryGetInt32(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : DefaultLifetime;
            var renewIn = lifetime > Margin * 2 ? lifetime - Margin : lifetime / 2;
            return new Token(value, clock.GetUtcNow() + renewIn);
        }
        catch (JsonException)
        {
            throw new NodeFailedException($"{where} did not answer JSON.", retryable: false);
        }
    }
}
