using System.Text.Json;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Validation;

namespace Bronn.Core.Execution.Testing;

public enum DraftRunOutcome { Started, Invalid, NotFound }

public sealed record DraftRunResult(DraftRunOutcome Outcome, Data.Execution? Execution, ValidationReport? Report);

/// <summary>
/// "Run now" from the builder: the saved draft runs once with sample trigger data, whether or not it is published or
/// active, through the same engine as every other run (its steps are stored and listed like any execution).
/// </summary>
public sealed class DraftRuns(WorkflowStore workflows, ExecutionService executions)
{
    public const string TriggerType = "test";

    public async Task<DraftRunResult> StartAsync(Guid workflowId, WorkflowCaller caller, JsonElement triggerData, CancellationToken ct = default)
    {
        var workflow = await workflows.GetAsync(workflowId, caller, ct);
        if (workflow is null || workflow.OwnerId != caller.UserId)
        {
            return new(DraftRunOutcome.NotFound, null, null);
        }
        var report = await workflows.ValidateAsync(caller, WorkflowStore.Parse(workflow.Definition), ct);
        if (!report.IsValid)
        {
            return new(DraftRunOutcome.Invalid, null, report);
        }
        var versionId = await workflows.SnapshotDraftAsync(workflow, caller.UserId, ct);
        var execution = await executions.StartVersionAsync(workflow, versionId, TriggerType, triggerData, ct);
        return new(DraftRunOutcome.Started, execution, report);
    }
}
