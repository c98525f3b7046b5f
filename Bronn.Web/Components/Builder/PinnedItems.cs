using System.Text.Json;
using Bronn.Core.Workflows;

namespace Bronn.Web.Components.Builder;

/// <summary>Reading pinned items typed by hand, and writing them for editing.</summary>
public static class PinnedItems
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <returns>The items (a single object is one item), or null with a problem a person can act on.</returns>
    public static List<JsonElement>? Parse(string? text, out string? problem)
    {
        problem = null;
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "null" : text).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            problem = $"Not JSON: {ex.Message}";
            return null;
        }
        var items = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().ToList(),
            JsonValueKind.Object => [root],
            _ => null,
        };
        if (items is null || items.Count == 0 || items.Any(i => i.ValueKind != JsonValueKind.Object))
        {
            problem = "Pin a list of one or more objects, e.g. [{\"id\": 1}].";
            return null;
        }
        if (JsonSerializer.SerializeToUtf8Bytes(items).Length > WorkflowStore.MaxPinnedBytes)
        {
            problem = $"At most {WorkflowStore.MaxPinnedBytes / 1024} KB of pinned data per workflow.";
            return null;
        }
        return items;
    }

    public static string Write(IEnumerable<JsonElement> items) => JsonSerializer.Serialize(items, Indented);
}
