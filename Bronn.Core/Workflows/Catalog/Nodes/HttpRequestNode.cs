using System.Text;
using System.Text.Json;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Http;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class HttpRequestNode(IHttpClientFactory http, Credentials.CredentialStore credentials) : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("http.request", "HTTP request", NodeCategory.Action, "http",
        "Calls any HTTP API and returns its status, headers and body.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [
            new("method", "Method", ParameterType.Select, Default: "GET", Options: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]),
            new("url", "URL", ParameterType.String, Required: true),
            new("headers", "Headers", ParameterType.KeyValue),
            new("body", "Body", ParameterType.Text),
            new("timeout", "Timeout", ParameterType.Duration, Default: "00:00:30"),
        ],
        ExampleOutput: new { status = 200, headers = new { }, body = new { } },
        TakesCredential: true);

    public const string ClientName = "workflow-http";

    /// <summary>For requests that carry a credential: redirects are not followed (one could take it to another host).</summary>
    public const string CredentialClientName = "workflow-http-credential";
    private const int MaxResponseBytes = 5 * 1024 * 1024;

    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct)
    {
        var method = new HttpMethod((await context.TextAsync("method") ?? "GET").ToUpperInvariant());
        if (!Uri.TryCreate(await context.RequiredTextAsync("url"), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new NodeFailedException("'url' must be an absolute http(s) URL.", retryable: false);
        }
        using var request = new HttpRequestMessage(method, url);
        var credential = await CredentialOf(context, ct);
        if (credential is not null)
        {
            // After the parameters were rendered: the secret is never part of the step's recorded input.
            request.RequestUri = url = Credentials.CredentialApplier.Apply(credential, request, url);
        }
        if (await context.TextAsync("body") is { Length: > 0 } body)
        {
            request.Content = new StringContent(body, Encoding.UTF8, body.TrimStart().StartsWith('{') || body.TrimStart().StartsWith('[') ? "application/json" : "text/plain");
        }
        if (await context.JsonAsync("headers") is { ValueKind: JsonValueKind.Object } headers)
        {
            RequestHeaderRules.Apply(request, headers);
        }
        var timeout = TimeSpan.TryParse(context.Node.Parameter("timeout")?.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : TimeSpan.FromSeconds(30);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(credential is null ? ClientName : CredentialClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
        }
        catch (HttpRequestException ex) when (FindRefusal(ex) is { } refusal)
        {
            throw new NodeFailedException($"{method} {url.GetLeftPart(UriPartial.Path)} was refused: {refusal.Message}", retryable: false);
        }
        catch (HttpRequestException ex)
        {
            throw new NodeFailedException($"{method} {url.GetLeftPart(UriPartial.Path)} failed: {ex.Message}", retryable: true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new NodeFailedException($"{method} {url.GetLeftPart(UriPartial.Path)} did not answer within {timeout}.", retryable: true);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await ReadAsync(response, limit.Token);
            if (credential is not null && status is >= 300 and < 400)
            {
                throw new NodeFailedException($"{method} {url.GetLeftPart(UriPartial.Path)} answered {status} (a redirect): it is not followed for a request that carries a credential.", retryable: false) { Status = status };
            }
            if (!response.IsSuccessStatusCode)
            {
                // 408, 429 and 5xx may pass on a later attempt; any other 4xx will not.
                throw new NodeFailedException($"{method} {url.GetLeftPart(UriPartial.Path)} answered {status}: {Shorten(text)}",
                    retryable: status is 408 or 429 or >= 500) { Status = status };
            }
            return NodeResult.Of(new
            {
                status,
                headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value)),
                body = Parse(text),
            });
        }
    }

    private async Task<Credentials.OpenedCredential?> CredentialOf(NodeContext context, CancellationToken ct)
    {
        if (context.Node.Credential is not { Length: > 0 } named)
        {
            return null;
        }
        return Guid.TryParse(named, out var id) && await credentials.OpenAsync(context.OwnerId, id, ct) is { } found
            ? found
            : throw new NodeFailedException("The node's credential is not one of yours (or was deleted): pick one of your credentials.", retryable: false);
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new byte[MaxResponseBytes + 1];
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var total = 0;
        int read;
        while (total <= MaxResponseBytes && (read = await stream.ReadAsync(buffer.AsMemory(total), ct)) > 0)
        {
            total += read;
        }
        return total > MaxResponseBytes
            ? throw new NodeFailedException($"The response is larger than {MaxResponseBytes / 1024 / 1024} MB.", retryable: false)
            : Encoding.UTF8.GetString(buffer, 0, total);
    }

    private static object? Parse(string text)
    {
        try
        {
            return text.Length > 0 && text.TrimStart()[0] is '{' or '[' ? JsonSerializer.Deserialize<JsonElement>(text) : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static PrivateAddressException? FindRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is PrivateAddressException refusal)
            {
                return refusal;
            }
        }
        return null;
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
