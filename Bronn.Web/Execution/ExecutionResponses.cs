using System.Text.Json;
using System.Text.Json.Serialization;
using Bronn.Core.Execution.Data;

namespace Bronn.Web.Execution;

public sealed record StepResponse(
    [property: JsonPropertyName("nodeId")] string NodeId,
    [property: JsonPropertyName("nodeType")] string NodeType,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("port")] string? Port,
    [property: JsonPropertyName("input")] JsonElement? Input,
    [property: JsonPropertyName("output")] JsonElement? Output,
    [property: JsonPropertyName("items")] JsonElement? Items,
    [property: JsonPropertyName("itemCount")] int ItemCount,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("finishedAt")] DateTimeOffset FinishedAt);

public sealed record ExecutionResponse(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("workflowId")] Guid WorkflowId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("failedNodeId")] string? FailedNodeId,
    [property: JsonPropertyName("output")] JsonElement? Output,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("startedAt")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("finishedAt")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("steps")] IReadOnlyList<StepResponse>? Steps)
{
    /// <summary>The run that started this one (the failed run an error workflow reports on).</summary>
    [JsonPropertyName("parentExecutionId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? ParentExecutionId { get; init; }

    public static ExecutionResponse From(Bronn.Core.Execution.Data.Execution e, IEnumerable<ExecutionStep>? steps = null) => new(
        e.Id, e.WorkflowId, e.Status, e.TriggerType, e.Error, e.FailedNodeId, Json(e.Output), e.CreatedAt, e.StartedAt, e.FinishedAt,
        steps?.Select(s => new StepResponse(s.NodeId, s.NodeType, s.Status, s.Attempt, s.Port, Json(s.Input), Json(s.Output),
            Json(s.Items), Bronn.Core.Execution.ActivationItems.Of(s).Count, s.Error, s.StartedAt, s.FinishedAt)).ToList())
    {
        ParentExecutionId = e.ParentExecutionId,
    };

    public static JsonElement? Json(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}

public sealed record ExecutionPage(
    [property: JsonPropertyName("items")] IReadOnlyList<ExecutionResponse> Items,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("pageSize")] int PageSize);

public sealed record RunAccepted([property: JsonPropertyName("executionId")] Guid ExecutionId);
