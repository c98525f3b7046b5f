using System.Text.Json;

namespace Bronn.Web.Hosting;

/// <summary>
/// Reads a JSON request body ourselves rather than through parameter binding, so a wrong content type, malformed
/// JSON, an oversized body or a wrongly typed field each get a 400 naming what to fix instead of an empty error.
/// </summary>
public static class JsonBody
{
    public const int DefaultMaxBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, int maxBytes = DefaultMaxBytes)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Validation("Content-Type", "Send the body as JSON with the header Content-Type: application/json."));
        }
        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.Validation("body", $"The request body must be at most {maxBytes} bytes."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, Problems.Validation("body", $"The request body must be at most {maxBytes} bytes."));
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException)
        {
            return (null, Problems.Validation("body", "The request body ended before its declared length."));
        }
        if (buffer.Length == 0)
        {
            return (null, Problems.Validation("body", "The request body is empty; send a JSON object."));
        }

        var json = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(json.Span, Options);
        }
        catch (JsonException ex)
        {
            return (null, Describe(ex));
        }
        if (value is null)
        {
            return (null, Problems.Validation("body", "The request body must be a JSON object."));
        }
        // Well-formed, but also storable: no duplicate keys, NUL characters, out-of-range numbers or deep nesting.
        var (document, problem) = Bronn.Core.Data.StorableJson.Parse(json);
        document?.Dispose();
        return problem is null ? (value, null) : (null, Problems.Validation("body", problem));
    }

    private static IResult Describe(JsonException ex)
    {
        var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        return field is null
            ? Problems.Validation("body", $"The request body is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}).")
            : Problems.Validation(field, $"'{field}' has the wrong type or is malformed.");
    }
}
