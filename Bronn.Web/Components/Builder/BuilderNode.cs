using System.Text.Json;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Web.Components.Builder;

/// <summary>A workflow node on the canvas: the definition's fields plus the ports its descriptor declares.</summary>
public sealed class BuilderNode : NodeModel
{
    public BuilderNode(NodeDefinition definition, NodeDescriptor? descriptor) : base(new Point(definition.Position?.X ?? 80, definition.Position?.Y ?? 80))
    {
        Key = definition.Id ?? "";
        Type = definition.Type ?? "";
        Name = definition.Name;
        Parameters = definition.Parameters is null ? [] : new Dictionary<string, JsonElement>(definition.Parameters);
        Integration = definition.Integration;
        Credential = definition.Credential;
        Settings = definition.Settings;
        Descriptor = descriptor;
        foreach (var input in descriptor?.Inputs ?? [])
        {
            AddPort(new BuilderPort(this, input, isInput: true, PortAlignment.Left));
        }
        foreach (var output in descriptor?.OutputsOf(definition) ?? NodeDescriptor.Main)
        {
            AddPort(new BuilderPort(this, output, isInput: false, PortAlignment.Right));
        }
    }

    /// <summary>
    /// After the parameters or settings changed: a switch gains a port for a new case and loses the port (and its links)
    /// of a case that is gone (<see cref="OrderedOutputs"/> shows them in the cases' order); a node gains or loses its
    /// "error" port with its error policy. Returns the links to remove with their ports.
    /// </summary>
    public IReadOnlyList<BaseLinkModel> SyncOutputs()
    {
        if (Descriptor is null)
        {
            return [];
        }
        var wanted = Descriptor.OutputsOf(ToDefinition());
        var removed = new List<BaseLinkModel>();
        foreach (var port in Outputs.Where(p => !wanted.Contains(p.Name)).ToList())
        {
            removed.AddRange(port.Links);
            RemovePort(port);
        }
        var have = Outputs.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in wanted.Where(n => !have.Contains(n)))
        {
            AddPort(new BuilderPort(this, name, isInput: false, PortAlignment.Right));
        }
        return removed;
    }

    /// <summary>The node id users and expressions refer to (steps.&lt;id&gt;).</summary>
    public string Key { get; set; }
    public string Type { get; }
    public string? Name { get; set; }
    public Dictionary<string, JsonElement> Parameters { get; }
    public string? Integration { get; set; }
    public string? Credential { get; set; }
    public NodeSettings? Settings { get; set; }
    public NodeDescriptor? Descriptor { get; }

    /// <summary>The owner's connection status for the integration this node uses (live), or null when it uses none.</summary>
    public string? IntegrationStatus { get; set; }

    /// <summary>This node's state in the run shown on the canvas (queued, running, succeeded...), or null.</summary>
    public string? RunState { get; set; }

    /// <summary>How many items this node emitted in that run (shown when not one), or null.</summary>
    public int? RunItems { get; set; }

    /// <summary>How many items are pinned as its output (runs from the builder use them), or null.</summary>
    public int? PinnedItems { get; set; }

    /// <summary>Validation problems for this node, shown as a marker on it.</summary>
    public List<string> Problems { get; } = [];

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Descriptor?.DisplayName ?? Type : Name;

    public IEnumerable<BuilderPort> Inputs => Ports.OfType<BuilderPort>().Where(p => p.IsInput);
    public IEnumerable<BuilderPort> Outputs => Ports.OfType<BuilderPort>().Where(p => !p.IsInput);

    /// <summary>The outputs in the order the node declares them (a switch: its cases as written, then fallback).</summary>
    public List<BuilderPort> OrderedOutputs()
    {
        var order = Descriptor?.OutputsOf(ToDefinition()).ToList() ?? [];
        return Outputs.OrderBy(p => order.IndexOf(p.Name) is var i and >= 0 ? i : int.MaxValue).ToList();
    }

    public NodeDefinition ToDefinition() => new()
    {
        Id = Key, Type = Type, Name = string.IsNullOrWhiteSpace(Name) ? null : Name,
        Parameters = Parameters.Count == 0 ? null : new Dictionary<string, JsonElement>(Parameters),
        Integration = string.IsNullOrWhiteSpace(Integration) ? null : Integration,
        Credential = string.IsNullOrWhiteSpace(Credential) ? null : Credential,
        Position = new NodePosition(Math.Round(Position.X), Math.Round(Position.Y)), Settings = Settings,
    };
}

/// <summary>A named port: the node's input, or one of its outputs (if: true/false).</summary>
public sealed class BuilderPort(BuilderNode parent, string name, bool isInput, PortAlignment alignment) : PortModel(parent, alignment)
{
    public string Name { get; } = name;
    public bool IsInput { get; } = isInput;
    public BuilderNode Node => (BuilderNode)Parent;

    public override bool CanAttachTo(ILinkable other) =>
        other is BuilderPort port && port.IsInput != IsInput && port.Node != Node && base.CanAttachTo(other);
}
