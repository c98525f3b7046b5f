using Bronn.Core.Execution.Data;
using Bronn.Core.Execution.Scheduling;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Bronn.Core.Execution.Temporal;

public sealed partial class BronnInterpreterWorkflow
{
    /// <summary>
    /// Independent branches at the same time: every activation the scheduler offers starts as soon as fewer than the
    /// plan's MaxParallel run (skips always start: they only record). A failure or a cancel starts nothing new; what
    /// runs finishes and records its step, then the run ends. Continues as new only when nothing runs and more is to run.
    /// </summary>
    private static async Task<string> RunBranchesAsync(InterpreterInput input, InterpreterPlan plan, ExecutionPlan scheduling,
        Dictionary<string, StepOutcome> carried, Dictionary<string, NodeOutcome> recorded)
    {
        var ranHere = false;
        if (!recorded.ContainsKey(plan.TriggerId))
        {
            ranHere = true;
            var trigger = await RunNodeAsync(input, plan, plan.TriggerId, skip: false);
            (recorded[plan.TriggerId], carried[plan.TriggerId]) = (trigger.ToOutcome(plan.TriggerId), trigger);
        }
        var inFlight = new Dictionary<string, Task<StepOutcome>>(StringComparer.Ordinal);
        var skipping = new HashSet<string>(StringComparer.Ordinal);
        (string Status, string? Error, string? NodeId)? stop = null;
        while (true)
        {
            if (stop is null)
            {
                var decision = Scheduler.Decide(scheduling, recorded, inFlight.Keys.ToHashSet(StringComparer.Ordinal));
                if (decision.End is { } end)
                {
                    stop = (end.Succeeded ? ExecutionStatus.Succeeded : ExecutionStatus.Failed, end.Error, end.FailedNodeId);
                }
                else if (inFlight.Count == 0 && ranHere && HistoryIsLong(input))
                {
                    // A long run keeps its history small: go on in a fresh run (never one that has not run anything yet).
                    var continued = input with { Recorded = carried };
                    throw Workflow.CreateContinueAsNewException((BronnInterpreterWorkflow w) => w.RunAsync(continued));
                }
                foreach (var skipped in decision.Skip)
                {
                    skipping.Add(skipped);
                    inFlight[skipped] = RunNodeAsync(input, plan, skipped, skip: true);
                }
                foreach (var activation in decision.Run.Take(Math.Max(0, plan.MaxParallel - (inFlight.Count - skipping.Count))))
                {
                    inFlight[activation.NodeId] = RunNodeAsync(input, plan, activation.NodeId, skip: false);
                }
            }
            if (inFlight.Count == 0)
            {
                await FinishAsync(input.ExecutionId, stop!.Value.Status, stop.Value.Error, stop.Value.NodeId);
                return stop.Value.Status;
            }
            var finished = await Workflow.WhenAnyAsync(inFlight.Values);
            var nodeId = inFlight.First(f => f.Value == finished).Key;
            inFlight.Remove(nodeId);
            skipping.Remove(nodeId);
            try
            {
                var outcome = await finished;
                if (outcome.Cancelled)
                {
                    stop ??= (ExecutionStatus.Cancelled, null, null);
                    continue;
                }
                (recorded[nodeId], carried[nodeId]) = (outcome.ToOutcome(nodeId), outcome);
                ranHere = true;
            }
            catch (ActivityFailureException failure)
            {
                // The activity's failure already carries the run's error, worded as the embedded engine words it.
                stop ??= (ExecutionStatus.Failed, failure.InnerException?.Message ?? failure.Message, nodeId);
                continue;
            }
        }
    }
}
