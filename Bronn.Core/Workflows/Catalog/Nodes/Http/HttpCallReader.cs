using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes.Http;

/// <summary>Reads an http.request node's parameters, rendered for the current item, into an <see cref="HttpCall"/>.</summary>
internal static class HttpCallReader
{
    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static async Task<HttpCall> ReadAsync(NodeContext context, int maxRequestBytes)
    {
        var method = (await context.TextAsync("method") ?? "GET").Trim().ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            throw new NodeFailedException($"'method' must be one of {string.Join(", ", Methods)}, not '{Shorten(method)}'.", retryable: false);
        }
        var url = ParseUrl(await context.RequiredTextAsync("url"));
        if (await context.JsonAsync("query") is { ValueKind: JsonValueKind.Object } query)
        {
            url = WithQuery(url, query.EnumerateObject().Select(p => (p.Name, Text(p.Value))));
        }
        var body = await BodyAsync(context, maxRequestBytes);
        var timeout = TimeSpan.TryParse(context.Node.Parameter("timeout")?.GetString(), CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero
            ? t
            : TimeSpan.FromSeconds(30);
        var idempotent = method is "GET" or "HEAD" or "OPTIONS" || !Flag(context, "idempotencyKey", true);
        return new HttpCall(new HttpMethod(method), url, await context.JsonAsync("headers"), body,
            context.Node.Parameter("response")?.GetString() ?? HttpCall.Formats.Json,
            Flag(context, "neverError", false), Flag(context, "followRedirects", true), timeout,
            idempotent ? null : IdempotencyKeyOf(context));
    }

    public static Uri ParseUrl(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new NodeFailedException($"'url' must be an absolute http(s) URL, not '{Shorten(text)}'.", retryable: false);

    public static Uri WithQuery(Uri url, IEnumerable<(string Name, string Value)> parameters)
    {
        var added = string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));
        if (added.Length == 0)
        {
            return url;
        }
        var builder = new UriBuilder(url) { Query = url.Query.Length > 1 ? url.Query[1..] + "&" + added : added };
        return builder.Uri;
    }

    /// <summary>The same for every attempt and resume of this step (execution, node, activation, item), so the API can drop a repeat.</summary>
    public static string IdempotencyKeyOf(NodeContext context) =>
        "bronn-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{context.ExecutionId:N}/{context.StepKey}")))[..40];

    private static async Task<HttpBody?> BodyAsync(NodeContext context, int maxBytes)
    {
        var type = context.Node.Parameter("bodyType")?.GetString();
        HttpBody? body = type switch
        {
            HttpCall.BodyTypes.Form => await context.JsonAsync("form") is { ValueKind: JsonValueKind.Object } form
                ? new HttpBody(await new FormUrlEncodedContent(form.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Text(p.Value)))).ReadAsByteArrayAsync(),
                    "application/x-www-form-urlencoded")
                : null,
            HttpCall.BodyTypes.Json => await context.TextAsync("body") is { Length: > 0 } json ? new HttpBody(Encoding.UTF8.GetBytes(CheckedJson(json)), "application/json") : null,
            HttpCall.BodyTypes.Raw => await context.TextAsync("body") is { Length: > 0 } raw
                ? new HttpBody(Encoding.UTF8.GetBytes(raw), await context.TextAsync("contentType") is { Length: > 0 } contentType ? contentType : "text/plain; charset=utf-8")
                : null,
            // Workflows written before bodyType existed: JSON when it looks like JSON.
            _ => await context.TextAsync("body") is { Length: > 0 } text
                ? new HttpBody(Encoding.UTF8.GetBytes(text), text.TrimStart() is ['{' or '[', ..] ? "application/json" : "text/plain; charset=utf-8")
                : null,
        };
        return body is not null && body.Bytes.Length > maxBytes
            ? throw new NodeFailedException($"The request body is {body.Bytes.Length / 1024} KB, more than Engine:Http:MaxRequestBytes ({maxBytes / 1024} KB) allows.", retryable: false)
            : body;
    }

    private static string CheckedJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return text;
        }
        catch (JsonException ex)
        {
            throw new NodeFailedException($"The body is not valid JSON ({ex.Message}). Fix it, or choose the raw body type.", retryable: false);
        }
    }

    private static bool Flag(NodeContext context, string name, bool fallback) => context.Node.Parameter(name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } text when bool.TryParse(text.GetString(), out var parsed) => parsed,
        _ => fallback,
    };

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
