using Bronn.Core.Execution.Data;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Bronn.Core.Execution.Temporal;

/// <summary>
/// Interprets a published workflow graph on Temporal (like the samples' Dsl workflow): deterministic walking of the
/// plan here, every node as an activity with the node's retry settings, delays as durable Temporal timers.
/// </summary>
[Workflow]
public sealed class BronnInterpreterWorkflow
{
    private static readonly ActivityOptions Bookkeeping = new() { StartToCloseTimeout = TimeSpan.FromMinutes(1) };

    [WorkflowRun]
    public async Task<string> RunAsync(InterpreterInput input)
    {
        var plan = await Workflow.ExecuteActivityAsync((ExecutionActivities a) => a.LoadPlanAsync(input.ExecutionId), Bookkeeping);
        var ports = new Dictionary<string, string?>();
        foreach (var nodeId in plan.Order)
        {
            var active = nodeId == plan.TriggerId
                || plan.Incoming[nodeId].Any(e => ports.TryGetValue(e.From, out var port) && port == e.Port);
            if (active && plan.DelaySeconds.TryGetValue(nodeId, out var seconds))
            {
                await Workflow.DelayAsync(TimeSpan.FromSeconds(seconds));
            }
            StepOutcome outcome;
            try
            {
                outcome = await Workflow.ExecuteActivityAsync(
                    (ExecutionActivities a) => a.RunNodeAsync(new NodeRequest(input.ExecutionId, nodeId, !active)), Options(plan.Retries[nodeId], plan.NodeTimeout));
            }
            catch (ActivityFailureException failure)
            {
                var message = failure.InnerException?.Message ?? failure.Message;
                await FinishAsync(input.ExecutionId, ExecutionStatus.Failed, $"Node '{nodeId}' failed: {message}", nodeId);
                return ExecutionStatus.Failed;
            }
            if (outcome.Cancelled)
            {
                await FinishAsync(input.ExecutionId, ExecutionStatus.Cancelled, null, null);
                return ExecutionStatus.Cancelled;
            }
            ports[nodeId] = outcome.Status == StepStatus.Succeeded ? outcome.Port : null;
            if (outcome.Stop)
            {
                break;
            }
        }
        await FinishAsync(input.ExecutionId, ExecutionStatus.Succeeded, null, null);
        return ExecutionStatus.Succeeded;
    }

    private static Task FinishAsync(Guid executionId, string status, string? error, string? failedNodeId) =>
        Workflow.ExecuteActivityAsync((ExecutionActivities a) => a.FinishAsync(new FinishRequest(executionId, status, error, failedNodeId)), Bookkeeping);

    private static ActivityOptions Options(PlanRetry retry, TimeSpan nodeTimeout) => new()
    {
        // A little over the node's own limit, so the node reports its timeout itself (as on the embedded engine).
        StartToCloseTimeout = nodeTimeout + TimeSpan.FromSeconds(30),
        RetryPolicy = new Temporalio.Common.RetryPolicy
        {
            MaximumAttempts = retry.Attempts,
            InitialInterval = TimeSpan.FromSeconds(Math.Max(0.1, retry.InitialSeconds)),
            MaximumInterval = TimeSpan.FromSeconds(Math.Max(1, retry.MaxSeconds)),
            BackoffCoefficient = 2,
            NonRetryableErrorTypes = [ExecutionActivities.NonRetryable],
        },
    };
}
