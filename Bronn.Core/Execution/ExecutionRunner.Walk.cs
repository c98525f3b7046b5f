using Bronn.Core.Execution.Data;
using Bronn.Core.Execution.Scheduling;

namespace Bronn.Core.Execution;

public sealed partial class ExecutionRunner
{
    /// <summary>
    /// The embedded driver: the scheduler decides what may run; up to Engine:MaxParallelBranches activations run at
    /// once (independent branches). Once one of them stops the run (a wait, a retry back-off, a failure, a cancel),
    /// nothing new starts: the others finish and record their steps, then the run parks or ends.
    /// </summary>
    private async Task WalkAsync(RunSession run, Dictionary<string, NodeOutcome> recorded, CancellationToken ct)
    {
        var inFlight = new Dictionary<string, Task<ActivationEnd>>(StringComparer.Ordinal);
        ActivationEnd? stop = null;
        while (true)
        {
            if (stop is null)
            {
                var decision = Scheduler.Decide(run.Graph.Plan, recorded, inFlight.Keys.ToHashSet(StringComparer.Ordinal));
                await run.ExclusiveAsync(() => RecordSkipsAsync(run, decision.Skip, recorded, ct), ct);
                if (decision.End is { } end)
                {
                    await FinishAsync(run.Db, run.Execution, end.Succeeded ? ExecutionStatus.Succeeded : ExecutionStatus.Failed,
                        end.Succeeded ? RunOutput(run.Graph, run.Record) : null, end.Error, ct);
                    return;
                }
                stop = await StartAsync(run, decision.Run, inFlight, ct);
                if (inFlight.Count == 0 && stop is null)
                {
                    continue; // only skips this time: decide again with them settled
                }
            }
            if (inFlight.Count == 0)
            {
                await StopAsync(run, stop!, ct);
                return;
            }
            var finished = await Task.WhenAny(inFlight.Values);
            var nodeId = inFlight.First(f => f.Value == finished).Key;
            inFlight.Remove(nodeId);
            ActivationEnd ended;
            try
            {
                ended = await finished;
            }
            catch
            {
                // The database went away or the engine stops: the others must be done with the shared context first.
                await Task.WhenAll(inFlight.Values).ContinueWith(_ => { }, TaskScheduler.Default);
                throw;
            }
            if (ended.Items is { } items)
            {
                recorded[nodeId] = NodeOutcome.Succeeded(nodeId, ActivationItems.Counts(items));
            }
            else
            {
                stop = ActivationEnd.Prevailing(stop, ended);
            }
        }
    }

    /// <summary>Starts the offered activations (in plan order) while there is room; a cancel noticed before an action stops the run.</summary>
    private async Task<ActivationEnd?> StartAsync(RunSession run, IReadOnlyList<Activation> offered, Dictionary<string, Task<ActivationEnd>> inFlight, CancellationToken ct)
    {
        foreach (var activation in offered)
        {
            if (inFlight.Count >= options.Value.MaxParallelBranches)
            {
                break;
            }
            var node = run.Graph.Nodes[activation.NodeId];
            // Cancellation lands before the next action (or at the end): pure nodes are cheap and harmless.
            var cancelled = IsAction(node) && await run.ExclusiveAsync(() => leases.CancelRequestedAsync(run.Db, run.Execution.Id, ct), ct);
            if (cancelled)
            {
                return ActivationEnd.Cancel;
            }
            // Every completed step is stored before the next node starts (a run in memory stores them all at its end).
            await run.ExclusiveAsync(() => run.Db.ChangeTracker.HasChanges() && !IsInMemory(run.Db, run.Execution)
                ? CheckpointAsync(run.Db, run.Execution, ct) : Task.CompletedTask, ct);
            inFlight[activation.NodeId] = RunActivationAsync(run, node, onTemporal: false, ct);
        }
        return null;
    }

    private async Task RecordSkipsAsync(RunSession run, IReadOnlyList<string> skipped, Dictionary<string, NodeOutcome> recorded, CancellationToken ct)
    {
        foreach (var nodeId in skipped)
        {
            run.Record.Add(await SaveStepAsync(run.Db, run.Execution, run.Graph.Nodes[nodeId], Scheduler.KeyOf(nodeId), StepStatus.Skipped, [], null, 0,
                clock.GetUtcNow(), commit: false, ct));
            recorded[nodeId] = NodeOutcome.Skipped(nodeId);
        }
    }

    /// <summary>Ends the walk the way the prevailing stop says: failed, cancelled, or parked until the earliest wait.</summary>
    private async Task StopAsync(RunSession run, ActivationEnd stop, CancellationToken ct)
    {
        if (stop.Failure is not null)
        {
            run.Execution.FailedNodeId = stop.FailedNodeId;
            await FinishAsync(run.Db, run.Execution, ExecutionStatus.Failed, null, stop.Failure, ct);
        }
        else if (stop.Cancelled)
        {
            await FinishAsync(run.Db, run.Execution, ExecutionStatus.Cancelled, null, null, ct);
        }
        else
        {
            await leases.ParkAsync(run.Db, run.Execution, stop.ParkUntil!.Value, stop.WaitingNodeId, ct);
            changes.Publish(run.Execution);
        }
    }
}
