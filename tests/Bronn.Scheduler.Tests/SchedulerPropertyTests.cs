using Bronn.Core.Execution.Scheduling;
using Decide = Bronn.Core.Execution.Scheduling.Scheduler;

namespace Bronn.Scheduler.Tests;

/// <summary>
/// Random acyclic workflows, run by a simulated driver that starts ready nodes in random order, completes them in
/// random order and crashes after any prefix of recorded outcomes: every run reaches the same final outcomes as an
/// orderly one, and no node with a recorded outcome is ever offered again.
/// </summary>
public sealed class SchedulerPropertyTests
{
    [Fact]
    public void Any_completion_order_and_any_crash_point_give_the_same_outcomes_and_nothing_runs_twice()
    {
        for (var seed = 1; seed <= 300; seed++)
        {
            var random = new Random(seed);
            var plan = RandomPlan(random);
            var expected = Drive(plan, new Random(0), crashes: 0, parallel: false);
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var actual = Drive(plan, random, crashes: random.Next(0, 4), parallel: true);
                Assert.Equal(Describe(expected), Describe(actual));
            }
        }
    }

    /// <summary>A node's behaviour depends only on the items it receives, as a real node's does on its input.</summary>
    private static NodeOutcome Behave(ExecutionPlan plan, Activation activation)
    {
        var node = plan.Nodes[activation.NodeId];
        var hash = activation.NodeId.Aggregate(activation.ItemCount * 31, (h, c) => h * 17 + c);
        if (hash % 23 == 0 && node.Outputs.Count > 0)
        {
            return NodeOutcome.Failed(node.Id, $"{node.Id} failed");
        }
        return NodeOutcome.Succeeded(node.Id, node.Outputs.Select((port, i) => (port, count: node.Items == ItemMode.AllItems ? 1 : Math.Abs(hash + i) % 4))
            .ToDictionary(p => p.port, p => p.count));
    }

    private static Dictionary<string, NodeOutcome> Drive(ExecutionPlan plan, Random random, int crashes, bool parallel)
    {
        var recorded = new Dictionary<string, NodeOutcome> { [plan.Trigger] = NodeOutcome.Succeeded(plan.Trigger, "main", 1) };
        var running = new Dictionary<string, Activation>();
        for (var step = 0; step < 10_000; step++)
        {
            var decision = Decide.Decide(plan, recorded, running.Keys.ToHashSet());
            foreach (var offered in decision.Run)
            {
                Assert.False(recorded.ContainsKey(offered.NodeId), $"{offered.NodeId} was offered again after its outcome was recorded");
                Assert.False(running.ContainsKey(offered.NodeId), $"{offered.NodeId} was offered while running");
            }
            foreach (var skipped in decision.Skip)
            {
                recorded[skipped] = NodeOutcome.Skipped(skipped);
            }
            if (decision.End is not null && running.Count == 0)
            {
                return recorded;
            }
            foreach (var activation in parallel ? decision.Run.Where(_ => random.Next(3) > 0) : decision.Run.Take(1))
            {
                running[activation.NodeId] = activation;
            }
            if (crashes > 0 && random.Next(8) == 0)
            {
                crashes--;
                running.Clear(); // the process died: what was in flight is lost, what was recorded stays
                continue;
            }
            if (running.Count > 0)
            {
                var finished = running.Values.ElementAt(random.Next(running.Count));
                running.Remove(finished.NodeId);
                recorded[finished.NodeId] = Behave(plan, finished);
            }
        }
        throw new InvalidOperationException("The run did not end.");
    }

    private static string Describe(Dictionary<string, NodeOutcome> outcomes)
    {
        // After a failure, nodes that were already running may still record theirs: compare the run's end and the
        // nodes settled on every path (those not racing the failure).
        var failure = outcomes.Values.Where(o => o.Kind == OutcomeKind.Failed).Select(o => o.NodeId).Order().FirstOrDefault();
        if (failure is not null)
        {
            return "failed";
        }
        return string.Join(";", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => $"{o.Key}:{o.Value.Kind}:{string.Join(",", o.Value.ItemsByPort.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}"));
    }

    private static ExecutionPlan RandomPlan(Random random)
    {
        var count = random.Next(2, 12);
        var ids = Enumerable.Range(0, count).Select(i => i == 0 ? "trigger" : $"n{i}").ToList();
        var outputs = ids.ToDictionary(id => id, id => id == "trigger" ? ["main"] : random.Next(3) switch { 0 => new List<string> { "true", "false" }, 1 => ["a", "b", "fallback"], _ => ["main"] });
        var edges = new List<(string, string, string)>();
        for (var to = 1; to < count; to++)
        {
            foreach (var from in Enumerable.Range(0, to).Where(_ => random.Next(3) == 0).DefaultIfEmpty(random.Next(to)))
            {
                var ports = outputs[ids[from]];
                edges.Add((ids[from], ports[random.Next(ports.Count)], ids[to]));
            }
        }
        // Some nodes read other nodes' results in expressions (steps.<id>), besides their edges.
        var nodes = ids.Select(id => new PlanNode(id, id == "trigger", random.Next(5) == 0 ? ItemMode.AllItems : ItemMode.EachItem, outputs[id])
        {
            Reads = ids.Where(other => other != id && random.Next(6) == 0).ToList(),
        });
        return new ExecutionPlan(nodes, edges);
    }
}
