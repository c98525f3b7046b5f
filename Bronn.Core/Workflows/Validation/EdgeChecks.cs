using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Workflows.Validation;

/// <summary>Edges join existing nodes through existing ports, without duplicates or cycles.</summary>
internal sealed class EdgeChecks(Dictionary<string, (NodeDefinition Node, NodeDescriptor Descriptor)> nodes, List<ValidationProblem> problems)
{
    private readonly Dictionary<string, List<string>> next = nodes.Keys.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);

    public void Check(List<EdgeDefinition> edges)
    {
        var seen = new HashSet<(string, string, string, string)>();
        foreach (var edge in edges)
        {
            if (!nodes.TryGetValue(edge.From ?? "", out var from))
            {
                problems.Add(new(edge.From, "edges", $"An edge starts at '{WorkflowValidator.Shorten(edge.From)}', which is not a node of this workflow."));
                continue;
            }
            if (!nodes.TryGetValue(edge.To ?? "", out var to))
            {
                problems.Add(new(edge.From, "edges", $"An edge from '{edge.From}' goes to '{WorkflowValidator.Shorten(edge.To)}', which is not a node of this workflow."));
                continue;
            }
            var outputs = from.Descriptor.OutputsOf(from.Node);
            var fromPort = edge.FromPort ?? outputs.FirstOrDefault() ?? "main";
            var toPort = edge.ToPort ?? "main";
            if (!outputs.Contains(fromPort))
            {
                problems.Add(new(edge.From, "edges", fromPort == Definitions.ErrorPolicies.ErrorPort && !from.Descriptor.IsTrigger
                    ? $"Node '{edge.From}' has an '{fromPort}' port only when its settings.onError is '{Definitions.ErrorPolicies.ErrorOutput}'."
                    : $"Node '{edge.From}' has no output port '{WorkflowValidator.Shorten(fromPort)}'; its ports are: {Ports(outputs)}."));
                continue;
            }
            if (!to.Descriptor.Inputs.Contains(toPort))
            {
                problems.Add(new(edge.To, "edges", to.Descriptor.IsTrigger
                    ? $"Node '{edge.To}' is a trigger: nothing can lead into it."
                    : $"Node '{edge.To}' has no input port '{WorkflowValidator.Shorten(toPort)}'; its ports are: {Ports(to.Descriptor.Inputs)}."));
                continue;
            }
            if (edge.From == edge.To)
            {
                problems.Add(new(edge.From, "edges", $"Node '{edge.From}' is connected to itself; workflows cannot loop."));
                continue;
            }
            if (!seen.Add((edge.From!, fromPort, edge.To!, toPort)))
            {
                problems.Add(new(edge.From, "edges", $"The edge from '{edge.From}' to '{edge.To}' appears twice.", ProblemSeverity.Warning));
                continue;
            }
            next[edge.From!].Add(edge.To!);
        }
        foreach (var (id, (_, descriptor)) in nodes.Where(n => n.Value.Descriptor.MinIncoming > 0))
        {
            var incoming = next.Values.Sum(targets => targets.Count(t => t == id));
            if (incoming < descriptor.MinIncoming)
            {
                problems.Add(new(id, "edges", $"Node '{id}' ({descriptor.DisplayName}) joins branches: connect at least {descriptor.MinIncoming} inputs to it (it has {incoming})."));
            }
        }
        FindCycle();
    }

    public void WarnAboutUnreachable()
    {
        var trigger = nodes.Values.FirstOrDefault(n => n.Descriptor.IsTrigger).Node?.Id;
        if (trigger is null)
        {
            return;
        }
        var reached = new HashSet<string>(StringComparer.Ordinal) { trigger };
        var queue = new Queue<string>([trigger]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var target in next[id].Where(reached.Add))
            {
                queue.Enqueue(target);
            }
        }
        foreach (var id in nodes.Keys.Where(id => !reached.Contains(id) && !nodes[id].Descriptor.IsTrigger))
        {
            problems.Add(new(id, "edges", $"Node '{id}' is not connected to the trigger, so it never runs.", ProblemSeverity.Warning));
        }
    }

    private void FindCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        foreach (var start in next.Keys)
        {
            if (Visit(start, state) is { } node)
            {
                problems.Add(new(node, "edges", $"The edges make a cycle through '{node}'; workflows must not loop."));
                return;
            }
        }
    }

    private string? Visit(string node, Dictionary<string, int> state)
    {
        if (state.TryGetValue(node, out var mark))
        {
            return mark == 1 ? node : null;
        }
        state[node] = 1;
        foreach (var target in next[node])
        {
            if (Visit(target, state) is { } cycle)
            {
                return cycle;
            }
        }
        state[node] = 2;
        return null;
    }

    private static string Ports(IReadOnlyList<string> ports) => ports.Count == 0 ? "none" : string.Join(", ", ports);
}
