using System.Text.Json;

namespace Bronn.Core.Workflows.Expressions;

/// <summary>JSON as the plain dictionaries, lists and primitives the template engine reads.</summary>
public static class JsonValues
{
    public static object? ToPlain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPlain).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole
            : element.TryGetDecimal(out var exact) ? exact
            : element.TryGetDouble(out var approximate) && double.IsFinite(approximate) ? (decimal)Math.Clamp(approximate, (double)decimal.MinValue, (double)decimal.MaxValue)
            : element.GetRawText(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
