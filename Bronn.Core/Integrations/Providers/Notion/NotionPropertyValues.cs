using System.Globalization;
using System.Text.Json;
using Bronn.Core.Execution;

namespace Bronn.Core.Integrations.Providers.Notion;

/// <summary>
/// Rows of property name -> text become Notion property values of the type the database gives each property. A value
/// already in Notion's shape (an object) is sent as it is, so definitions written in Notion's JSON keep working.
/// </summary>
public static class NotionPropertyValues
{
    public static async Task<JsonElement> ToNotionAsync(JsonElement rows, Func<Task<IReadOnlyDictionary<string, string>>> types)
    {
        IReadOnlyDictionary<string, string>? schema = null;
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var row in rows.EnumerateObject())
        {
            if (row.Value.ValueKind == JsonValueKind.Object)
            {
                result[row.Name] = row.Value;
                continue;
            }
            schema ??= await types();
            if (!schema.TryGetValue(row.Name, out var type))
            {
                throw new NodeFailedException($"The Notion database has no property '{row.Name}' (it has {string.Join(", ", schema.Keys.Select(k => $"'{k}'"))}).", retryable: false);
            }
            result[row.Name] = Value(row.Name, type, row.Value.ValueKind == JsonValueKind.String ? row.Value.GetString()! : row.Value.GetRawText());
        }
        return JsonSerializer.SerializeToElement(result);
    }

    private static object Value(string name, string type, string text) => string.IsNullOrWhiteSpace(text) ? Empty(name, type, text) : type switch
    {
        "title" => new { title = RichText(text) },
        "rich_text" => new { rich_text = RichText(text) },
        "number" => new { number = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : Refuse<double>(name, type, text, "a number") },
        "select" => new { select = new { name = text } },
        "status" => new { status = new { name = text } },
        "multi_select" => new { multi_select = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => new { name = t }).ToArray() },
        "date" => new { date = Date(name, type, text) },
        "checkbox" => new { checkbox = text.Trim().ToLowerInvariant() is "true" or "yes" or "1" },
        "url" => new { url = text },
        "email" => new { email = text },
        "phone_number" => new { phone_number = text },
        "relation" => new { relation = Ids(name, type, text, "page").Select(id => new { id }).ToArray() },
        "people" => new { people = Ids(name, type, text, "user").Select(id => new { @object = "user", id }).ToArray() },
        "files" => new { files = List(text).Select(url => File(name, type, url)).ToArray() },
        _ => Refuse<object>(name, type, text, null),
    };

    /// <summary>A date or time, or a range written as ISO 8601 does: start/end.</summary>
    private static object Date(string name, string type, string text)
    {
        var parts = text.Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length is 1 or 2 && parts.All(p => DateTimeOffset.TryParse(p, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)))
        {
            return parts.Length == 1 ? new { start = parts[0] } : new { start = parts[0], end = (string?)parts[1] };
        }
        return Refuse<object>(name, type, text, "a date like 2026-12-24 or 2026-12-24T09:00:00Z, or a range like 2026-12-24/2026-12-31");
    }

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Notion ids are UUIDs, with or without their dashes (as they appear in a page's address).</summary>
    private static string[] Ids(string name, string type, string text, string what) =>
        List(text).Select(id => Guid.TryParse(id, out _) ? id : Refuse<string>(name, type, id, $"{what} ids (UUIDs), separated by commas")).ToArray();

    private static object File(string name, string type, string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? new { name = Path.GetFileName(uri.AbsolutePath) is { Length: > 0 and <= 100 } file ? file : uri.Host, type = "external", external = new { url } }
            : Refuse<object>(name, type, url, "file addresses (http or https), separated by commas");

    /// <summary>An empty value clears the property (an expression that found nothing does not fail the page).</summary>
    private static object Empty(string name, string type, string text) => type switch
    {
        "title" or "rich_text" or "multi_select" or "relation" or "people" or "files" => new Dictionary<string, object?> { [type] = Array.Empty<object>() },
        "checkbox" => new { checkbox = false },
        "number" or "select" or "status" or "date" or "url" or "email" or "phone_number" => new Dictionary<string, object?> { [type] = null },
        _ => Refuse<object>(name, type, text, null),
    };

    private static object[] RichText(string text) => [new { text = new { content = text.Length > 2000 ? text[..2000] : text } }];

    private static T Refuse<T>(string name, string type, string text, string? expected) => throw new NodeFailedException(expected is null
        ? $"The Notion property '{name}' is of type '{type}', which takes its value in Notion's own JSON shape (write that object as the row's value)."
        : $"The Notion property '{name}' ({type}) needs {expected}; got '{(text.Length > 60 ? text[..60] + "…" : text)}'.", retryable: false);
}
