namespace Bronn.Core.Execution.Live;

/// <summary>Something about this execution changed (a step stored, its status): readers reload it.</summary>
public sealed record ExecutionChange(Guid ExecutionId, Guid OwnerId, Guid WorkflowId)
{
    public static ExecutionChange Of(Data.Execution execution) => new(execution.Id, execution.OwnerId, execution.WorkflowId);

    public string ToPayload() => $"{ExecutionId:N},{OwnerId:N},{WorkflowId:N}";

    public static ExecutionChange? Parse(string text)
    {
        var parts = text.Split(',');
        return parts.Length == 3 && Guid.TryParseExact(parts[0], "N", out var execution) && Guid.TryParseExact(parts[1], "N", out var owner)
               && Guid.TryParseExact(parts[2], "N", out var workflow)
            ? new ExecutionChange(execution, owner, workflow)
            : null;
    }
}
