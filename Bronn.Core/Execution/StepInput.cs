using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bronn.Core.Execution;

/// <summary>
/// What a step shows as its input: the parameters as they rendered for its first item; for a node that renders none
/// (if, switch, code, split, delay...), the items it received: their count and as many as fit in 16 KB.
/// </summary>
public static class StepInput
{
    public const int MaxReceivedBytes = 16 * 1024;

    public static string? Of(NodeContext first, IReadOnlyList<JsonElement> received)
    {
        lock (first.RenderedInput)
        {
            if (first.RenderedInput.Count > 0)
            {
                return JsonSerializer.Serialize(first.RenderedInput);
            }
        }
        if (received.Count == 0)
        {
            return null;
        }
        var shown = new List<JsonElement>();
        var size = 0;
        foreach (var item in received)
        {
            size += JsonMarshal.GetRawUtf8Value(item).Length; // its size without copying it (an item may be megabytes)
            if (size > MaxReceivedBytes)
            {
                break;
            }
            shown.Add(item);
        }
        return JsonSerializer.Serialize(new Received(received.Count, shown, shown.Count < received.Count ? "The rest is in the previous steps' output." : null),
            Options);
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private sealed record Received(
        [property: JsonPropertyName("received")] int Count,
        [property: JsonPropertyName("items")] List<JsonElement> Items,
        [property: JsonPropertyName("more")] string? More);
}
