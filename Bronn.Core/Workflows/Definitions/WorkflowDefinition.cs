using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bronn.Core.Workflows.Definitions;

/// <summary>A workflow as JSON: the same document in the API, import/export and storage.</summary>
public sealed record WorkflowDefinition
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("nodes")] public List<NodeDefinition>? Nodes { get; init; }
    [JsonPropertyName("edges")] public List<EdgeDefinition>? Edges { get; init; }
    [JsonPropertyName("settings")] public WorkflowSettings? Settings { get; init; }

    /// <summary>
    /// Items pinned as a node's output, by node id: in runs started from the builder the node does not run and emits
    /// these instead ("Test this node" reads them as upstream output). Publishing leaves them out, so no production run
    /// ever sees them.
    /// </summary>
    [JsonPropertyName("pinData")] public Dictionary<string, List<JsonElement>>? PinData { get; init; }

    /// <summary>Sticky notes on the canvas: for people only (validation and the engine ignore them).</summary>
    [JsonPropertyName("notes")] public List<NoteDefinition>? Notes { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed record NodeDefinition
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("parameters")] public Dictionary<string, JsonElement>? Parameters { get; init; }
    [JsonPropertyName("integration")] public string? Integration { get; init; }
    /// <summary>The id of one of the owner's credentials the node uses (http.request).</summary>
    [JsonPropertyName("credential")] public string? Credential { get; init; }
    [JsonPropertyName("position")] public NodePosition? Position { get; init; }
    [JsonPropertyName("settings")] public NodeSettings? Settings { get; init; }

    /// <summary>See <see cref="NodeSettings.Disabled"/>.</summary>
    [JsonIgnore] public bool IsDisabled => Settings?.Disabled == true;

    public JsonElement? Parameter(string name) =>
        Parameters is not null && Parameters.TryGetValue(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;
}

/// <summary>A sticky note: Markdown text for people, ignored by validation and the engine (see <see cref="StickyNotes"/>).</summary>
public sealed record NoteDefinition(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("position")] NodePosition? Position,
    [property: JsonPropertyName("color")] string? Color = null,
    [property: JsonPropertyName("width")] double? Width = null,
    [property: JsonPropertyName("height")] double? Height = null);

public sealed record NodePosition([property: JsonPropertyName("x")] double X, [property: JsonPropertyName("y")] double Y);

public sealed record NodeSettings(
    [property: JsonPropertyName("retry")] RetrySettings? Retry,
    [property: JsonPropertyName("onError")] string? OnError = null,
    /// <summary>A disabled node passes the items that reach it on, unchanged, by its first output, and does nothing else.</summary>
    [property: JsonPropertyName("disabled")] bool? Disabled = null,
    /// <summary>How long one attempt may take (hh:mm:ss), at most Engine:NodeTimeout, which applies when it is left out.</summary>
    [property: JsonPropertyName("timeout")] string? Timeout = null)
{
    /// <summary>The node's own limit, when it has a valid one.</summary>
    public TimeSpan? TimeoutValue => TimeSpan.TryParse(Timeout, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero ? value : null;
}

/// <summary>What happens when a node fails for good (after its retries): settings.onError. Clients rely on these values.</summary>
public static class ErrorPolicies
{
    /// <summary>The run fails (the default).</summary>
    public const string Stop = "stop";

    /// <summary>The failure is recorded and the item goes on, with error: {message}.</summary>
    public const string Continue = "continue";

    /// <summary>Each failed item leaves by the extra output port "error" as {error: {message, status?}, item}.</summary>
    public const string ErrorOutput = "error_output";

    /// <summary>The output port failed items take under <see cref="ErrorOutput"/>.</summary>
    public const string ErrorPort = "error";

    public static readonly IReadOnlyList<string> All = [Stop, Continue, ErrorOutput];

    public static string Of(NodeDefinition node) => node.Settings?.OnError ?? Stop;
}

public sealed record RetrySettings(
    [property: JsonPropertyName("attempts")] int Attempts = 3,
    [property: JsonPropertyName("initialDelay")] string? InitialDelay = "00:00:02",
    [property: JsonPropertyName("maxDelay")] string? MaxDelay = "00:05:00");

public sealed record EdgeDefinition(
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("fromPort")] string? FromPort,
    [property: JsonPropertyName("to")] string? To,
    [property: JsonPropertyName("toPort")] string? ToPort);

public sealed record WorkflowSettings(
    [property: JsonPropertyName("missedSchedules")] string? MissedSchedules = "skip",
    [property: JsonPropertyName("errorWorkflow")] string? ErrorWorkflow = null);
