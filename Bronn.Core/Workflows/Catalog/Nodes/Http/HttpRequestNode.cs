using System.Text.Json;
using Bronn.Core.Credentials;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Http;
using Bronn.Core.Integrations;
using Bronn.Core.Integrations.Refresh;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Workflows.Catalog.Nodes.Http;

public sealed class HttpRequestNode(
    IHttpClientFactory http, CredentialStore credentials, ClientCredentialsTokens clientTokens, IntegrationCatalog integrations,
    AccessTokens accessTokens, IOptions<OutboundHttpOptions> options) : INodeType, INodeExecutor
{
    public const string Type = "http.request";

    public NodeDescriptor Descriptor { get; } = new(Type, "HTTP request", NodeCategory.Action, "http",
        "Calls any HTTP API and returns its status, headers and body.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [
            new("method", "Method", ParameterType.Select, Default: "GET", Options: HttpCallReader.Methods),
            new("url", "URL", ParameterType.Url, Required: true),
            new("query", "Query parameters", ParameterType.KeyValue),
            new("headers", "Headers", ParameterType.KeyValue),
            new("bodyType", "Body type", ParameterType.Select, Options: [HttpCall.BodyTypes.Json, HttpCall.BodyTypes.Form, HttpCall.BodyTypes.Raw],
                Help: "json: the body as JSON; form: the form fields, URL-encoded; raw: the body as written, with its content type."),
            new("body", "Body", ParameterType.Text, ShownWhen: new("bodyType", ["", HttpCall.BodyTypes.Json, HttpCall.BodyTypes.Raw])),
            new("form", "Form fields", ParameterType.KeyValue, ShownWhen: new("bodyType", [HttpCall.BodyTypes.Form])),
            new("contentType", "Content type (raw body)", ParameterType.String, ShownWhen: new("bodyType", [HttpCall.BodyTypes.Raw])),
            new("response", "Response as", ParameterType.Select, Default: HttpCall.Formats.Json,
                Options: [HttpCall.Formats.Json, HttpCall.Formats.Text, HttpCall.Formats.File],
                Help: "json: parsed when it is JSON; text: as text; file: {fileName, mimeType, size, data (base64)}."),
            new("neverError", "Never error", ParameterType.Boolean, Default: false,
                Help: "A non-2xx answer becomes an output item with its status instead of failing the step."),
            new("followRedirects", "Follow redirects", ParameterType.Boolean, Default: true, Help: "At most 5; the credential goes only to the first host."),
            new("idempotencyKey", "Send an Idempotency-Key", ParameterType.Boolean, Default: true,
                Help: "On POST, PUT, PATCH and DELETE: the same key on every retry and resume of this step, so the API can drop a repeat."),
            new("timeout", "Timeout", ParameterType.Duration, Default: "00:00:30"),
            new("pagination", "Pagination", ParameterType.Pagination,
                Help: "{\"nextUrl\": \"response.body.next\"} or {\"param\": \"page\", \"start\": 1, \"step\": 1, \"stopWhen\": \"response.body.items.size == 0\"}; each page is one item."),
        ],
        ExampleOutput: new { status = 200, headers = new { }, body = new { } },
        TakesCredential: true, TakesAnyIntegration: true, ImportsCurl: true);

    /// <summary>The guarded client of every call made on a user's behalf; redirects are followed by the node, each hop checked.</summary>
    public const string ClientName = "workflow-http";

    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct)
    {
        var limits = options.Value;
        var call = await HttpCallReader.ReadAsync(context, limits.MaxRequestBytes);
        HttpPagination? pagination;
        try
        {
            pagination = HttpPagination.Of(context.Node.Parameter("pagination"));
        }
        catch (FormatException ex)
        {
            throw new NodeFailedException($"'pagination' {ex.Message}", retryable: false);
        }
        var auth = await AuthenticationOf(context, call.Url, ct);
        var exchange = new HttpExchange(http.CreateClient(ClientName), limits.MaxResponseBytes);
        var items = new List<PortItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (Uri? url = pagination?.First(call.Url) ?? call.Url; url is not null;)
        {
            seen.Add(url.AbsoluteUri);
            var page = await exchange.SendAsync(items.Count == 0 ? call : call with { IdempotencyKey = PageKey(call, items.Count) }, url, auth, ct);
            if (page.Status is < 200 or >= 300 && !call.NeverError)
            {
                throw HttpResponseItems.Failure(call, page);
            }
            var item = HttpResponseItems.Of(page, call.ResponseFormat);
            items.Add(new PortItem(NodeDescriptor.Main[0], item));
            url = pagination is null ? null : await pagination.NextAsync(url, items.Count, item, context.Scope, seen);
        }
        return pagination is null ? new NodeResult(items[0].Json) : NodeResult.Emit(items);
    }

    private static string? PageKey(HttpCall call, int page) => call.IdempotencyKey is { } key ? $"{key}-p{page}" : null;

    private async Task<RequestAuthentication> AuthenticationOf(NodeContext context, Uri url, CancellationToken ct)
    {
        if (context.Node.Credential is { Length: > 0 } named)
        {
            var credential = Guid.TryParse(named, out var id) ? await credentials.OpenAsync(context.OwnerId, id, ct) : null;
            if (credential is null)
            {
                throw new NodeFailedException("The node's credential is not one of yours (or was deleted): pick one of your credentials.", retryable: false);
            }
            var auth = new CredentialAuthentication(credential, clientTokens);
            auth.Check(url, $"The credential '{credential.Name}'", credential.AllowedHosts);
            return auth;
        }
        if (context.Node.Integration is { Length: > 0 } integration)
        {
            var descriptor = integrations.Find(integration)
                ?? throw new NodeFailedException($"'{integration}' is not an integration of this Bronn: pick one on the Integrations page.", retryable: false);
            var auth = new IntegrationAuthentication(descriptor, context.OwnerId, accessTokens);
            auth.Check(url, $"Your {descriptor.DisplayName} token", descriptor.ApiHosts);
            return auth;
        }
        return RequestAuthentication.None;
    }
}
