using System.Text.Json;
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
    /// <returns>The items the node emitted, or why the run stops here (a wait or a retry to park for, a failure).
    /// On Temporal a failure is thrown instead (its retry policy decides) and a wait has already happened as a timer.</returns>
    private async Task<ActivationEnd> RunActivationAsync(RunSession run, NodeDefinition node, bool onTemporal, CancellationToken ct)
    {
        var nodeId = node.Id!;
        var plan = run.Graph.Plan;
        var (inputs, byEdge, scope, readyAt) = await run.ExclusiveAsync(() =>
        {
            var record = run.Record;
            // A node sees the results of the nodes before it in plan order: what it saw when nodes ran one at a time.
            bool Visible(string id) => plan.IsBefore(id, nodeId);
            var scope = new ExpressionScope(run.Execution.Id, run.Trigger, record.Outputs(Visible), clock.GetUtcNow(), record.AllItems(Visible));
            var byEdge = ActivationItems.InputsByEdge(plan, nodeId, record.ItemsOf);
            return Task.FromResult((byEdge.SelectMany(i => i).ToList(), byEdge, scope, record.FinishedAt(plan.Incoming[nodeId].Select(e => e.From))));
        }, ct);
        var descriptor = catalog.Find(node.Type)!;
        var activationKey = Scheduling.Scheduler.KeyOf(nodeId);
        if (run.Graph.Pinned.TryGetValue(nodeId, out var pinned))
        {
            return await EmitPinnedAsync(run, node, activationKey, pinned, onTemporal, ct);
        }
        if (IsAction(node) && inputs.Count > 1 && !descriptor.RunsOnAllItemsFor(node))
        {
            var emitted = new List<PortItem>();
            for (var i = 0; i < inputs.Count; i++)
            {
                var key = $"{activationKey}/{i}";
                if (await run.ExclusiveAsync(() => Task.FromResult(run.Record.Step(key, nodeId)), ct) is { } done)
                {
                    emitted.AddRange(ActivationItems.Of(done));
                    continue;
                }
                var end = await AttemptAsync(run, node, key, [inputs[i]], [], scope, readyAt, onTemporal, ct);
                if (end.Items is null)
                {
                    return end;
                }
                emitted.AddRange(end.Items);
            }
            return ActivationEnd.Emitted(emitted);
        }
        return await AttemptAsync(run, node, activationKey, inputs, descriptor.RunsOnAllItemsFor(node) ? byEdge : [], scope, readyAt, onTemporal, ct);
    }

    /// <summary>A pinned node does not run: its pinned items are its output, by its first port.</summary>
    private async Task<ActivationEnd> EmitPinnedAsync(RunSession run, NodeDefinition node, string key, IReadOnlyList<JsonElement> pinned, bool onTemporal, CancellationToken ct)
    {
        var port = catalog.Find(node.Type)!.OutputsOf(node).FirstOrDefault() ?? "main";
        var emitted = pinned.Select(item => new PortItem(port, item)).ToList();
        await run.ExclusiveAsync(async () => run.Record.Add(await SaveStepAsync(run.Db, run.Execution, node, key, StepStatus.Succeeded, emitted, null,
            run.Record.Attempt(key), clock.GetUtcNow(), commit: onTemporal, ct, PinnedInput)), ct);
        return ActivationEnd.Emitted(emitted);
    }

    private const string PinnedInput = """{"pinned":"This node did not run: its pinned data is its output (runs from the builder only)."}""";

    /// <summary>One attempt at one step: the node on each of <paramref name="inputs"/> (or once on all), recorded under <paramref name="key"/>.</summary>
    /// <param name="readyAt">When the node's inputs were ready: a delay counts from then, so a resume neither restarts nor shortens it.</param>
    private async Task<ActivationEnd> AttemptAsync(RunSession run, NodeDefinition node, string key, IReadOnlyList<JsonElement> inputs,
        IReadOnlyList<IReadOnlyList<JsonElement>> byEdge, ExpressionScope scope, DateTimeOffset readyAt, bool onTemporal, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var execution = run.Execution;
        var attempt = await run.ExclusiveAsync(() => Task.FromResult(run.Record.Attempt(key)), ct);
        var descriptor = catalog.Find(node.Type)!;
        // A delay with a valid duration: on Temporal it was a timer before this activity; here the run parks until it is over.
        var wait = catalog.DurableWaitOf(node);
        var waitFor = wait?.WaitFor(node);
        if (!onTemporal && waitFor is { } duration && readyAt + duration > started)
        {
            return ActivationEnd.Park(readyAt + duration, node.Id);
        }
        using var step = new StepTelemetry(execution, node, attempt, inputs.Count, clock);
        var contexts = descriptor.RunsOnAllItemsFor(node)
            ? [new NodeContext(execution.Id, execution.OwnerId, node, scope, scope.TriggerData, started) { StepKey = key, AllInputItems = inputs, InputsByEdge = byEdge, Item = inputs.FirstOrDefault() }]
            : inputs.Select(item => new NodeContext(execution.Id, execution.OwnerId, node, scope.WithItem(item), scope.TriggerData, started) { StepKey = key, Item = item }).ToList();
        // What the first item's parameters rendered to (or what came in), once the node has run (or failed).
        string? RenderedInput() => contexts.Count > 0 ? StepInput.Of(contexts[0], inputs) : null;
        try
        {
            var perContext = new List<IReadOnlyList<PortItem>>();
            var failures = new List<(int Index, NodeFailedException Error)>();
            var tolerant = ErrorPolicies.Of(node) != ErrorPolicies.Stop;
            foreach (var context in contexts)
            {
                if (wait is not null && waitFor is { } waitedFor)
                {
                    perContext.Add(wait.Waited(onTemporal ? started : readyAt + waitedFor).AllItems);
                    continue;
                }
                NodeResult result;
                try
                {
                    result = await invoker.InvokeAsync(context, ct);
                }
                catch (NodeFailedException failure) when (tolerant && failure is not StopAndErrorException)
                {
                    failures.Add((perContext.Count, failure));
                    perContext.Add([]);
                    continue;
                }
                if (result.Control == NodeControl.Wait)
                {
                    return ActivationEnd.Park(result.ResumeAt!.Value, node.Id) with { AwaitsExecution = result.AwaitsExecution };
                }
                perContext.Add(result.AllItems);
            }
            var stepError = failures.Count == 0 ? null : GoOnAfterFailures(node, descriptor, attempt, contexts, perContext, failures);
            var emitted = perContext.SelectMany(i => i).ToList();
            CheckLimits(node, emitted);
            // An action's result is committed at once (its effect happened). A pure node's is committed before the next
            // node runs, or with the execution's end when it is the last: no work happens in between either way.
            await run.ExclusiveAsync(async () =>
            {
                CheckExecutionLimit(node, run.Record, emitted);
                run.Record.Add(await SaveStepAsync(run.Db, execution, node, key, StepStatus.Succeeded, emitted, stepError, attempt, started,
                    commit: onTemporal || IsAction(node), ct, RenderedInput()));
            }, ct);
            step.Succeeded(emitted.Count);
            return ActivationEnd.Emitted(emitted);
        }
        catch (NodeFailedException ex)
        {
            step.Failed();
            await run.ExclusiveAsync(async () => run.Record.Add(await SaveStepAsync(run.Db, execution, node, key, StepStatus.Failed, [], ex.Message, attempt,
                started, commit: true, ct, RenderedInput())), ct);
            if (onTemporal)
            {
                throw;
            }
            var retry = RetryPolicy.For(node, descriptor);
            return ex.Retryable && attempt < retry.Attempts
                ? ActivationEnd.Park(clock.GetUtcNow() + retry.DelayAfter(attempt), null)
                : ActivationEnd.Fail(node.Id!, FailureMessage(node.Id!, ex, attempt));
        }
    }

    /// <summary>
    /// Items failed under a tolerant error policy: while retries remain the attempt fails as a whole (thrown); once they
    /// are spent each failed item is replaced by what the policy makes of it. Returns the step's error text.
    /// </summary>
    private static string GoOnAfterFailures(NodeDefinition node, Workflows.Catalog.NodeDescriptor descriptor, int attempt, IReadOnlyList<NodeContext> contexts,
        List<IReadOnlyList<PortItem>> perContext, List<(int Index, NodeFailedException Error)> failures)
    {
        var first = failures[0].Error;
        if (first.Retryable && attempt < RetryPolicy.For(node, descriptor).Attempts)
        {
            throw first;
        }
        var policy = ErrorPolicies.Of(node);
        var continuePort = descriptor.OutputsOf(node).FirstOrDefault() ?? "main";
        foreach (var (index, failure) in failures)
        {
            var context = contexts[index];
            // A node that runs once on all items fails for all of them.
            IEnumerable<JsonElement?> items = descriptor.RunsOnAllItemsFor(node) ? context.AllInputItems.Select(i => (JsonElement?)i) : [context.Item];
            perContext[index] = items.Select(item => FailedItems.Convert(policy, continuePort, item, failure)).ToList();
        }
        var total = descriptor.RunsOnAllItemsFor(node) ? contexts[0].AllInputItems.Count : contexts.Count;
        var failed = descriptor.RunsOnAllItemsFor(node) ? total : failures.Count;
        return FailedItems.Summary(failed, total, first.Message);
    }

    /// <summary>A step over Engine:MaxItemsPerOutput or Engine:MaxStepOutputBytes fails, naming the limit (nothing is stored).</summary>
    private void CheckLimits(NodeDefinition node, IReadOnlyList<PortItem> emitted)
    {
        var limits = options.Value;
        if (emitted.Count > limits.MaxItemsPerOutput)
        {
            throw new NodeFailedException($"Node '{node.Id}' emitted {emitted.Count:N0} items, more than the {limits.MaxItemsPerOutput:N0}-item limit (Engine:MaxItemsPerOutput).", retryable: false);
        }
        var bytes = ActivationItems.Bytes(emitted);
        if (bytes > limits.MaxStepOutputBytes)
        {
            throw new NodeFailedException($"Node '{node.Id}' produced {Megabytes(bytes)} MB of output, more than the {Megabytes(limits.MaxStepOutputBytes)} MB limit (Engine:MaxStepOutputBytes).", retryable: false);
        }
    }

    /// <summary>A step that would take the execution's stored output past Engine:MaxExecutionBytes fails, naming the limit.</summary>
    private void CheckExecutionLimit(NodeDefinition node, RunRecord record, IReadOnlyList<PortItem> emitted)
    {
        var limit = options.Value.MaxExecutionBytes;
        var total = record.StoredBytes + ActivationItems.Bytes(emitted);
        if (total > limit)
        {
            throw new NodeFailedException($"Node '{node.Id}' would bring this execution's output to {Megabytes(total)} MB, more than the {Megabytes(limit)} MB limit (Engine:MaxExecutionBytes).", retryable: false);
        }
    }

    private static string Megabytes(long bytes) => (bytes / 1024.0 / 1024).ToString("N1", System.Globalization.CultureInfo.InvariantCulture);
}
