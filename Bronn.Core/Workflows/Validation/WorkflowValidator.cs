using System.Text.RegularExpressions;
using Bronn.Core.Integrations;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Workflows.Validation;

/// <summary>Checks a definition against the node catalog: structure, graph, parameters, expressions, integrations.</summary>
public sealed partial class WorkflowValidator(NodeCatalog catalog, IntegrationCatalog integrations,
    Microsoft.Extensions.Options.IOptions<Execution.EngineOptions> engine)
{
    public const int MaxNodes = 500;

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex NodeIdPattern();

    /// <param name="connectionStatuses">The owner's integration statuses (integration -> status).</param>
    /// <param name="referenced">The owner's workflows this one names (its error workflow, the workflows it calls), by id.</param>
    /// <param name="self">This workflow's id, when it has one (a workflow cannot call itself).</param>
    /// <param name="credentials">The owner's credentials by id (a node may use only those).</param>
    public ValidationReport Validate(WorkflowDefinition definition, IReadOnlyDictionary<string, string> connectionStatuses,
        IReadOnlyDictionary<Guid, ReferencedWorkflow>? referenced = null, Guid? self = null, IReadOnlySet<Guid>? credentials = null)
    {
        referenced ??= new Dictionary<Guid, ReferencedWorkflow>();
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            problems.Add(new(null, "name", "The workflow needs a name."));
        }
        else if (definition.Name.Length > 200)
        {
            problems.Add(new(null, "name", "The workflow name must be at most 200 characters."));
        }
        var nodes = definition.Nodes ?? [];
        if (nodes.Count == 0)
        {
            problems.Add(new(null, "nodes", "The workflow has no nodes: add a trigger and at least one step."));
            return new ValidationReport(problems);
        }
        if (nodes.Count > MaxNodes)
        {
            problems.Add(new(null, "nodes", $"A workflow may have at most {MaxNodes} nodes."));
            return new ValidationReport(problems);
        }

        WorkflowSettingsChecks.Check(definition.Settings, referenced, problems);
        var known = CheckNodes(nodes, problems);
        CheckTriggers(known, problems);
        var edges = new EdgeChecks(known, problems);
        edges.Check(definition.Edges ?? []);
        foreach (var (node, descriptor) in known.Values)
        {
            if (!node.IsDisabled) // a disabled node may be half done: it does not run, so it does not stop publishing
            {
                new ParameterChecks(node, descriptor, known.Keys, problems, engine.Value.MinScheduleInterval).Check();
            }
            SettingsChecks.Check(node, descriptor, problems, engine.Value.NodeTimeout);
            SubWorkflowChecks.Check(node, referenced, self, problems);
            CheckCredential(node, descriptor, credentials ?? new HashSet<Guid>(), problems);
            CheckIntegration(node, descriptor, connectionStatuses, problems);
        }
        edges.WarnAboutUnreachable();
        return new ValidationReport(problems);
    }

    private Dictionary<string, (NodeDefinition Node, NodeDescriptor Descriptor)> CheckNodes(List<NodeDefinition> nodes, List<ValidationProblem> problems)
    {
        var known = new Dictionary<string, (NodeDefinition, NodeDescriptor)>(StringComparer.Ordinal);
        for (var index = 0; index < nodes.Count; index++)
        {
            var node = nodes[index];
            if (string.IsNullOrEmpty(node.Id) || !NodeIdPattern().IsMatch(node.Id))
            {
                problems.Add(new(node.Id, "id", $"Node {index + 1} needs an id of 1-64 letters, digits or '_' (got '{Shorten(node.Id)}')."));
                continue;
            }
            if (known.ContainsKey(node.Id))
            {
                problems.Add(new(node.Id, "id", $"Two nodes have the id '{node.Id}'; ids must be unique."));
                continue;
            }
            var descriptor = catalog.Find(node.Type);
            if (descriptor is null)
            {
                problems.Add(new(node.Id, "type", $"Node '{node.Id}' has an unknown type '{Shorten(node.Type)}'. See GET /api/nodes for the types."));
                continue;
            }
            if (node.Name is { Length: > 200 })
            {
                problems.Add(new(node.Id, "name", $"Node '{node.Id}' has a name longer than 200 characters."));
            }
            known[node.Id] = (node, descriptor);
        }
        return known;
    }

    private static void CheckTriggers(Dictionary<string, (NodeDefinition Node, NodeDescriptor Descriptor)> known, List<ValidationProblem> problems)
    {
        var triggers = known.Values.Where(n => n.Descriptor.IsTrigger).Select(n => n.Node.Id!).ToList();
        if (triggers.Count == 0)
        {
            problems.Add(new(null, "nodes", "The workflow needs exactly one trigger (manual, webhook, schedule or gmail.new_message); it has none."));
        }
        foreach (var extra in triggers.Skip(1))
        {
            problems.Add(new(extra, "type", $"The workflow needs exactly one trigger; '{extra}' is another one besides '{triggers[0]}'."));
        }
    }

    private static void CheckCredential(NodeDefinition node, NodeDescriptor descriptor, IReadOnlySet<Guid> credentials, List<ValidationProblem> problems)
    {
        if (node.Credential is not { Length: > 0 } named)
        {
            return;
        }
        if (!descriptor.TakesCredential)
        {
            problems.Add(new(node.Id, "credential", $"Node '{node.Id}' ({descriptor.Type}) takes no credential."));
        }
        else if (!Guid.TryParse(named, out var id) || !credentials.Contains(id))
        {
            problems.Add(new(node.Id, "credential", $"Node '{node.Id}' uses the credential '{Shorten(named)}', which is not one of yours: pick one of your credentials.") { NeedsSetUp = true });
        }
    }

    private void CheckIntegration(NodeDefinition node, NodeDescriptor descriptor, IReadOnlyDictionary<string, string> statuses, List<ValidationProblem> problems)
    {
        if (descriptor.TakesAnyIntegration && node.Integration is { Length: > 0 } chosen)
        {
            if (node.Credential is { Length: > 0 })
            {
                problems.Add(new(node.Id, "integration", $"Node '{node.Id}' names both a credential and an integration: it can send only one. Remove one of them."));
            }
            else if (integrations.Find(chosen) is null)
            {
                problems.Add(new(node.Id, "integration", $"Node '{node.Id}' uses '{Shorten(chosen)}', which is not an integration of this Bronn. See GET /api/integrations."));
            }
            else
            {
                CheckConnected(node, chosen, statuses, problems);
            }
            return;
        }
        if (node.Integration is { } named && named != descriptor.Integration)
        {
            problems.Add(new(node.Id, "integration", $"Node '{node.Id}' ({descriptor.Type}) works with '{descriptor.Integration ?? "no integration"}', not '{Shorten(named)}'."));
            return;
        }
        if (descriptor.Integration is { } integration)
        {
            CheckConnected(node, integration, statuses, problems);
        }
    }

    private void CheckConnected(NodeDefinition node, string integration, IReadOnlyDictionary<string, string> statuses, List<ValidationProblem> problems)
    {
        var name = integrations.Find(integration)?.DisplayName ?? integration;
        var status = statuses.GetValueOrDefault(integration, ConnectionStatus.NotConnected);
        if (status == ConnectionStatus.NotConnected)
        {
            problems.Add(new(node.Id, "integration", $"Node '{node.Id}' needs {name}, which you have not connected. Connect it on the Integrations page.") { NeedsSetUp = true });
        }
        else if (status != ConnectionStatus.Active)
        {
            problems.Add(new(node.Id, "integration", $"Node '{node.Id}' uses {name}, whose connection is {status}: reconnect it before the workflow runs.", ProblemSeverity.Warning));
        }
    }

    internal static string Shorten(string? value) => value is null ? "" : value.Length > 40 ? value[..40] + "…" : value;
}
