using System.Text.Json;

namespace Bronn.Core.Data;

/// <summary>
/// JSON from outside (webhook bodies, API requests) that can be stored as jsonb and read back by the engine: no
/// duplicate keys (which value would win is ambiguous), no NUL characters (PostgreSQL refuses them), numbers within
/// range, and nesting shallow enough to wrap in the trigger's own object.
/// </summary>
public static class StorableJson
{
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    /// <returns>The parsed document, or a sentence saying what is wrong with it.</returns>
    public static (JsonDocument? Document, string? Problem) Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex) when (ex.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"The JSON is nested more than {MaxDepth} levels deep.");
        }
        catch (JsonException ex) when (ex.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"The JSON has a duplicate key{(ex.Path is { Length: > 0 } path ? $" at {path}" : "")}; each key may appear once per object.");
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}).");
        }
        if (Problem(document.RootElement, "$") is { } problem)
        {
            document.Dispose();
            return (null, problem);
        }
        return (document, null);
    }

    private static string? Problem(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name.Contains('\0'))
                    {
                        return $"A key at {path} contains a NUL character (\\u0000), which cannot be stored.";
                    }
                    if (Problem(property.Value, $"{path}.{property.Name}") is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Problem(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            case JsonValueKind.String:
                return element.ValueEquals("\0") || element.GetString()!.Contains('\0')
                    ? $"The value at {path} contains a NUL character (\\u0000), which cannot be stored." : null;
            case JsonValueKind.Number:
                return element.TryGetDouble(out var number) && double.IsFinite(number)
                    ? null : $"The number at {path} is out of range.";
            default:
                return null;
        }
    }

    /// <summary>Text for storage: NUL characters (which PostgreSQL refuses) become U+FFFD.</summary>
    public static string Text(string text) => text.Contains('\0') ? text.Replace('\0', '\uFFFD') : text;
}
