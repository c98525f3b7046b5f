using System.Text;
using System.Text.Json;
using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes.Http;

/// <summary>Turns a response into the node's output item: {status, headers, body}, the body as JSON, text or a file.</summary>
internal static class HttpResponseItems
{
    public static JsonElement Of(HttpPage page, string format) => JsonSerializer.SerializeToElement(new
    {
        status = page.Status,
        headers = page.Headers,
        body = format switch
        {
            HttpCall.Formats.Text => Text(page),
            HttpCall.Formats.File => File(page),
            _ => Parse(Text(page)),
        },
    });

    /// <summary>A failure a later attempt may fix (408, 429, 5xx) or not (any other 4xx, a 3xx not followed).</summary>
    public static NodeFailedException Failure(HttpCall call, HttpPage page)
    {
        var text = Text(page);
        var what = page.Status is >= 300 and < 400 ? $"{page.Status} (a redirect, not followed)" : page.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new NodeFailedException($"{HttpCall.Where(call.Method, page.Url)} answered {what}: {(text.Length > 200 ? text[..200] + "…" : text)}",
            retryable: page.Status is 408 or 429 or >= 500) { Status = page.Status };
    }

    private static string Text(HttpPage page) => Encoding.UTF8.GetString(page.Body);

    private static object File(HttpPage page) => new
    {
        fileName = page.FileName ?? (Path.GetFileName(page.Url.AbsolutePath) is { Length: > 0 } name ? name : "response"),
        mimeType = page.MediaType ?? "application/octet-stream",
        size = page.Body.Length,
        data = Convert.ToBase64String(page.Body),
    };

    private static object? Parse(string text)
    {
        try
        {
            return text.TrimStart() is ['{' or '[', ..] ? JsonSerializer.Deserialize<JsonElement>(text) : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
