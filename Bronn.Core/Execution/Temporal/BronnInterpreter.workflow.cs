using Bronn.Core.Execution.Data;
using Bronn.Core.Execution.Scheduling;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Bronn.Core.Execution.Temporal;

/// <summary>
/// Interprets a published workflow graph on Temporal (like the samples' Dsl workflow): deterministic walking of the
/// plan here, every node as an activity with the node's retry settings, delays as durable Temporal timers.
/// </summary>
[Workflow]
public sealed partial class BronnInterpreterWorkflow
{
    private static readonly ActivityOptions Bookkeeping = new() { StartToCloseTimeout = TimeSpan.FromMinutes(1) };

    [WorkflowRun]
    public async Task<string> RunAsync(InterpreterInput input)
    {
        var plan = await Workflow.ExecuteActivityAsync((ExecutionActivities a) => a.LoadPlanAsync(input.ExecutionId), Bookkeeping);
        var scheduling = plan.ToSchedulerPlan();
        var carried = new Dictionary<string, StepOutcome>(input.Recorded ?? new Dictionary<string, StepOutcome>(), StringComparer.Ordinal);
        var recorded = carried.ToDictionary(r => r.Key, r => r.Value.ToOutcome(r.Key), StringComparer.Ordinal);
        if (plan.RunsBranchesInParallel)
        {
            return await RunBranchesAsync(input, plan, scheduling, carried, recorded);
        }
        // Plans recorded before branches ran in parallel: one node at a time, so their histories replay as they were made.
        // The trigger first (its step exists; the activity hands back its port), then whatever the scheduler decides, in
        // plan order: the same sequence of activities as the plain walk of earlier versions, so their histories replay.
        var next = recorded.ContainsKey(plan.TriggerId)
            ? SequentialWalk.Next(plan.Order, Scheduler.Decide(scheduling, recorded, NoneRunning))
            : ((string NodeId, bool Skip)?)(plan.TriggerId, false);
        while (next is { } current)
        {
            StepOutcome outcome;
            try
            {
                outcome = await RunNodeAsync(input, plan, current.NodeId, current.Skip);
            }
            catch (ActivityFailureException failure)
            {
                // The activity's failure already carries the run's error, worded as the embedded engine words it.
                var message = failure.InnerException?.Message ?? failure.Message;
                await FinishAsync(input.ExecutionId, ExecutionStatus.Failed, message, current.NodeId);
                return ExecutionStatus.Failed;
            }
            if (outcome.Cancelled)
            {
                await FinishAsync(input.ExecutionId, ExecutionStatus.Cancelled, null, null);
                return ExecutionStatus.Cancelled;
            }
            recorded[current.NodeId] = outcome.ToOutcome(current.NodeId);
            carried[current.NodeId] = outcome;
            if (outcome.Stop)
            {
                break;
            }
            next = SequentialWalk.Next(plan.Order, Scheduler.Decide(scheduling, recorded, NoneRunning));
            if (next is not null && HistoryIsLong(input))
            {
                // A long workflow (many nodes) keeps its history small: go on in a fresh run, handing on the counts only.
                var continued = input with { Recorded = carried };
                throw Workflow.CreateContinueAsNewException((BronnInterpreterWorkflow w) => w.RunAsync(continued));
            }
        }
        await FinishAsync(input.ExecutionId, ExecutionStatus.Succeeded, null, null);
        return ExecutionStatus.Succeeded;
    }

    private static readonly HashSet<string> NoneRunning = [];

    /// <summary>One activation: its delay as a durable timer first, then the node as an activity with the node's retries.</summary>
    private static async Task<StepOutcome> RunNodeAsync(InterpreterInput input, InterpreterPlan plan, string nodeId, bool skip)
    {
        if (!skip && plan.DelaySeconds.TryGetValue(nodeId, out var seconds))
        {
            await Workflow.DelayAsync(TimeSpan.FromSeconds(seconds));
        }
        var outcome = await RunNodeActivityAsync(input, plan, nodeId, skip);
        while (outcome.AwaitsExecution is { } called)
        {
            // workflow.execute waits for a called run: it runs as a child workflow, then the node again, which finds it done.
            await Workflow.ExecuteChildWorkflowAsync((BronnInterpreterWorkflow w) => w.RunAsync(new InterpreterInput(called)),
                new ChildWorkflowOptions { Id = TemporalLauncher.WorkflowIdOf(called) });
            outcome = await RunNodeActivityAsync(input, plan, nodeId, skip);
        }
        return outcome;
    }

    private static Task<StepOutcome> RunNodeActivityAsync(InterpreterInput input, InterpreterPlan plan, string nodeId, bool skip) =>
        Workflow.ExecuteActivityAsync((ExecutionActivities a) => a.RunNodeAsync(new NodeRequest(input.ExecutionId, nodeId, skip)),
            Options(plan.Retries[nodeId], plan.NodeTimeout));

    private const int MaxHistoryEvents = 2_000;

    private static bool HistoryIsLong(InterpreterInput input) =>
        Workflow.CurrentHistoryLength >= (input.ContinueAfterEvents ?? MaxHistoryEvents) || Workflow.ContinueAsNewSuggested;

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
