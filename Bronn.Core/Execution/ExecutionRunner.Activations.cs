using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Bronn.Core.Workflows.Definitions;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Core.Execution;

/// <summary>
/// One activation of a node, the same for both drivers: a node runs once per incoming item (or once on all of them,
/// for nodes that say so); an action given several items records one step per item (key node#0/i) and commits each at
/// once, so a resume never repeats an item that completed; anything else records one step with all its items.
/// </summary>
public sealed partial class ExecutionRunner
{
    /// <returns>The items the node emitted, or null when the run stops here (parked for a wait or a retry, or failed).
    /// On Temporal a failure is thrown instead (its retry policy decides) and a wait has already happened as a timer.</returns>
    private async Task<IReadOnlyList<PortItem>?> RunActivationAsync(BronnDbContext db, Data.Execution execution, WorkflowGraph graph,
        NodeDefinition node, RunRecord record, JsonElement trigger, bool onTemporal, CancellationToken ct)
    {
        var nodeId = node.Id!;
        var inputs = ActivationItems.Inputs(graph.Plan, nodeId, record.ItemsOf);
        var now = clock.GetUtcNow();
        var scope = new ExpressionScope(execution.Id, trigger, record.Outputs(), now, record.AllItems());
        var descriptor = catalog.Find(node.Type)!;
        var activationKey = Scheduling.Scheduler.KeyOf(nodeId);
        if (IsAction(node) && inputs.Count > 1 && !descriptor.RunsOnAllItems)
        {
            var emitted = new List<PortItem>();
            for (var i = 0; i < inputs.Count; i++)
            {
                var key = $"{activationKey}/{i}";
                if (record.Step(key, nodeId) is { } done)
                {
                    emitted.AddRange(ActivationItems.Of(done));
                    continue;
                }
                var items = await AttemptAsync(db, execution, node, key, record, [inputs[i]], [], scope, onTemporal, ct);
                if (items is null)
                {
                    return null;
                }
                emitted.AddRange(items);
            }
            return emitted;
        }
        var byEdge = descriptor.RunsOnAllItems ? ActivationItems.InputsByEdge(graph.Plan, nodeId, record.ItemsOf) : [];
        return await AttemptAsync(db, execution, node, activationKey, record, inputs, byEdge, scope, onTemporal, ct);
    }

    /// <summary>One attempt at one step: the node on each of <paramref name="inputs"/> (or once on all), recorded under <paramref name="key"/>.</summary>
    private async Task<IReadOnlyList<PortItem>?> AttemptAsync(BronnDbContext db, Data.Execution execution, NodeDefinition node, string key,
        RunRecord record, IReadOnlyList<JsonElement> inputs, IReadOnlyList<IReadOnlyList<JsonElement>> byEdge, ExpressionScope scope, bool onTemporal,
        CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var attempt = record.Attempt(key);
        var descriptor = catalog.Find(node.Type)!;
        var wait = catalog.FindType(node.Type) as IDurableWait;
        // On Temporal the wait was a timer before this activity; here, a parked wait whose time has come is over.
        var waited = onTemporal || (execution.WaitingNodeId == node.Id && execution.ResumeAt <= started);
        var contexts = descriptor.RunsOnAllItems
            ? [new NodeContext(execution.Id, execution.OwnerId, node, scope, scope.TriggerData, started) { StepKey = key, AllInputItems = inputs, InputsByEdge = byEdge, Item = inputs.FirstOrDefault() }]
            : inputs.Select(item => new NodeContext(execution.Id, execution.OwnerId, node, scope.WithItem(item), scope.TriggerData, started) { StepKey = key, Item = item }).ToList();
        var emitted = new List<PortItem>();
        try
        {
            foreach (var context in contexts)
            {
                if (wait is not null && waited)
                {
                    emitted.AddRange(wait.Waited(onTemporal ? started : execution.ResumeAt!.Value).AllItems);
                    continue;
                }
                var result = await invoker.InvokeAsync(context, ct);
                if (result.Control == NodeControl.Wait)
                {
                    await leases.ParkAsync(db, execution, result.ResumeAt!.Value, node.Id!, ct);
                    changes.Publish(execution);
                    return null;
                }
                emitted.AddRange(result.AllItems);
            }
            CheckLimits(node, emitted);
            var input = contexts.Count > 0 ? Input(contexts[0]) : null;
            // An action's result is committed at once (its effect happened). A pure node's is committed before the next
            // node runs, or with the execution's end when it is the last: no work happens in between either way.
            record.Add(await SaveStepAsync(db, execution, node, key, StepStatus.Succeeded, emitted, null, attempt, started,
                commit: onTemporal || IsAction(node), ct, input));
            return emitted;
        }
        catch (NodeFailedException ex)
        {
            record.Add(await SaveStepAsync(db, execution, node, key, StepStatus.Failed, [], ex.Message, attempt, started, commit: true, ct,
                contexts.Count > 0 ? Input(contexts[0]) : null));
            if (onTemporal)
            {
                throw;
            }
            var retry = RetryPolicy.For(node, descriptor);
            if (ex.Retryable && attempt < retry.Attempts)
            {
                await leases.ParkAsync(db, execution, clock.GetUtcNow() + retry.DelayAfter(attempt), null, ct);
                changes.Publish(execution);
                return null;
            }
            execution.FailedNodeId = node.Id;
            await FinishAsync(db, execution, ExecutionStatus.Failed, null, FailureMessage(node.Id!, ex, attempt), ct);
            return null;
        }
    }

    /// <summary>A step over Engine:MaxItemsPerOutput or Engine:MaxStepOutputBytes fails, naming the limit (nothing is stored).</summary>
    private void CheckLimits(NodeDefinition node, IReadOnlyList<PortItem> emitted)
    {
        var limits = options.Value;
        if (emitted.Count > limits.MaxItemsPerOutput)
        {
            throw new NodeFailedException($"Node '{node.Id}' emitted {emitted.Count:N0} items, more than the {limits.MaxItemsPerOutput:N0}-item limit (Engine:MaxItemsPerOutput).", retryable: false);
        }
        var bytes = emitted.Sum(i => (long)i.Json.GetRawText().Length);
        if (bytes > limits.MaxStepOutputBytes)
        {
            throw new NodeFailedException($"Node '{node.Id}' produced {bytes / 1024.0 / 1024:N1} MB of output, more than the {limits.MaxStepOutputBytes / 1024.0 / 1024:N1} MB limit (Engine:MaxStepOutputBytes).", retryable: false);
        }
    }
}
