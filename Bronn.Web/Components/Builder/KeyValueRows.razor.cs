using System.Text.Json;
using Microsoft.AspNetCore.Components;

namespace Bronn.Web.Components.Builder;

/// <summary>
/// Edits a JSON object of name -> text as rows (add, remove, reorder; each value with the expression helper), or as
/// JSON. Rows still being typed (no name yet) stay on screen but are not part of the value; two rows with one name are
/// refused with a message and the stored value is left as it was.
/// </summary>
public partial class KeyValueRows
{
    [Parameter, EditorRequired] public string Label { get; set; } = "";
    [Parameter] public JsonElement? Value { get; set; }
    [Parameter] public EventCallback<JsonElement?> ValueChanged { get; set; }
    [Parameter] public string? Help { get; set; }
    [Parameter] public bool Error { get; set; }
    [Parameter] public string? ErrorText { get; set; }
    [Parameter, EditorRequired] public string TestId { get; set; } = "";
    [Parameter] public IReadOnlyList<ExpressionSuggestion>? Suggestions { get; set; }

    private sealed record Row(string Name, string Value);

    private List<Row> rows = [];
    private string? shownValue; // the value the rows stand for: a different one from outside (undo, import) replaces them
    private string? problem;
    private bool asJson;
    private string? jsonText;

    protected override void OnParametersSet()
    {
        var incoming = Value?.GetRawText();
        if (incoming == shownValue)
        {
            emitted = false; // the parent has the value just emitted
        }
        // Until then it may re-render once with the value before: that stale value must not reset the rows (undo later may).
        else if (!(emitted && incoming == replacedValue))
        {
            shownValue = incoming;
            rows = Value is { ValueKind: JsonValueKind.Object } value
                ? value.EnumerateObject().Select(p => new Row(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())).ToList()
                : [];
            problem = null;
            jsonText = Value is { } v ? JsonSerializer.Serialize(v, new JsonSerializerOptions { WriteIndented = true }) : "";
        }
    }

    private bool emitted;
    private string? replacedValue;

    private void Replace(string? value)
    {
        emitted = true;
        replacedValue = shownValue;
        shownValue = value;
    }

    private static string RowName(Row row, int index) => string.IsNullOrWhiteSpace(row.Name) ? $"row {index + 1}" : row.Name;

    private void Add() => rows.Add(new Row("", ""));

    /// <summary>
    /// Changes one part of a row as it is now: a field's change can arrive after the other field's (a blur after
    /// typing and clicking on), so a handler must not write back the other part as it was when it rendered.
    /// </summary>
    private Task EditAsync(int index, string? name = null, string? value = null)
    {
        if (index >= rows.Count)
        {
            return Task.CompletedTask;
        }
        rows[index] = new Row(name ?? rows[index].Name, value ?? rows[index].Value);
        return EmitAsync();
    }

    private Task RemoveAsync(int index)
    {
        rows.RemoveAt(index);
        return EmitAsync();
    }

    private Task MoveAsync(int index, int by)
    {
        (rows[index], rows[index + by]) = (rows[index + by], rows[index]);
        return EmitAsync();
    }

    private Task EmitAsync()
    {
        var named = rows.Where(r => !string.IsNullOrWhiteSpace(r.Name)).Select(r => r with { Name = r.Name.Trim() }).ToList();
        if (named.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            problem = $"Two rows are named '{twice.Key}': each name may appear once.";
            return Task.CompletedTask;
        }
        problem = null;
        JsonElement? value = named.Count == 0 ? null : JsonSerializer.SerializeToElement(named.ToDictionary(r => r.Name, r => r.Value, StringComparer.Ordinal));
        Replace(value?.GetRawText());
        jsonText = value is { } v ? JsonSerializer.Serialize(v, new JsonSerializerOptions { WriteIndented = true }) : "";
        return ValueChanged.InvokeAsync(value);
    }

    private void ToggleJson()
    {
        asJson = !asJson;
        if (!asJson && problem is null)
        {
            shownValue = null; // rebuild the rows from the value the JSON produced
            emitted = false;
            OnParametersSet();
        }
    }

    private Task EditJson(string? text)
    {
        jsonText = text;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = null;
            return ValueChanged.InvokeAsync(null);
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = "Write an object of name: value pairs, like {\"greeting\": \"Hello {{ trigger.body.name }}\"}.";
                return Task.CompletedTask;
            }
            problem = null;
            Replace(document.RootElement.GetRawText());
            return ValueChanged.InvokeAsync(document.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            // Kept as typed (not stored) until it parses, so nothing is lost while editing.
            problem = $"Not valid JSON yet (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}).";
            return Task.CompletedTask;
        }
    }
}
