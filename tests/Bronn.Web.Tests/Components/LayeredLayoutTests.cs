using Bronn.Web.Components.Builder;
using static Bronn.Web.Components.Builder.LayeredLayout;

namespace Bronn.Web.Tests.Components;

/// <summary>Auto-layout: every link runs rightwards, branches keep port order, and nodes sit level with what feeds them.</summary>
public sealed class LayeredLayoutTests
{
    [Fact]
    public void Every_link_runs_from_a_column_to_a_later_one_even_when_a_branch_rejoins()
    {
        // start -> check -> (big | small); big -> mail; small -> mail; start -> audit -> mail
        Link[] links = [new("start", 0, "check"), new("check", 0, "big"), new("check", 1, "small"), new("big", 0, "mail"), new("small", 0, "mail"),
            new("start", 0, "audit"), new("audit", 0, "mail")];
        var nodes = new[] { "mail", "small", "big", "audit", "check", "start" }.Select((k, i) => new Node(k, i * 50)).ToList();

        var places = Arrange(nodes, links);

        Assert.All(links, l => Assert.True(places[l.From].Column < places[l.To].Column, $"{l.From} -> {l.To} runs backwards"));
        Assert.Equal(0, places["start"].Column);
        Assert.Equal(3, places["mail"].Column); // after the longest path, so it is right of both branches
    }

    [Fact]
    public void The_true_branch_sits_above_the_false_branch_whatever_their_old_positions()
    {
        var places = Arrange(
            [new("start", 0), new("check", 0), new("no", 0), new("yes", 500)],
            [new("start", 0, "check"), new("check", 0, "yes"), new("check", 1, "no")]);

        Assert.True(places["yes"].Row < places["no"].Row);
        Assert.Equal(places["yes"].Column, places["no"].Column);
    }

    [Fact]
    public void A_node_is_placed_level_with_the_node_that_feeds_it()
    {
        var places = Arrange(
            [new("start", 0), new("a", 0), new("b", 100), new("after_b", 0), new("after_a", 100)],
            [new("start", 0, "a"), new("start", 0, "b"), new("a", 0, "after_a"), new("b", 0, "after_b")]);

        Assert.Equal(places["a"].Row, places["after_a"].Row);
        Assert.Equal(places["b"].Row, places["after_b"].Row);
    }

    [Fact]
    public void A_cycle_drawn_on_the_canvas_does_not_hang_the_layout()
    {
        var places = Arrange([new("start", 0), new("a", 0), new("b", 0)], [new("start", 0, "a"), new("a", 0, "b"), new("b", 0, "a")]);

        Assert.Equal(3, places.Count);
    }
}

/// <summary>A switch on the canvas: its cases are its output ports, kept in step with the inspector.</summary>
public sealed class SwitchPortsTests
{
    private static readonly Bronn.Core.Workflows.Catalog.NodeDescriptor Switch = new Bronn.Core.Workflows.Catalog.Nodes.SwitchNode().Descriptor;

    [Fact]
    public void Cases_become_output_ports_and_a_removed_case_takes_its_port_away()
    {
        var node = new BuilderNode(new Bronn.Core.Workflows.Definitions.NodeDefinition
        {
            Id = "route", Type = "switch",
            Parameters = new() { ["cases"] = System.Text.Json.JsonDocument.Parse("""{"big":"item.a > 100","small":"item.a < 10"}""").RootElement },
        }, Switch);
        Assert.Equal(["big", "small", "fallback"], node.Outputs.Select(p => p.Name));

        node.Parameters["cases"] = System.Text.Json.JsonDocument.Parse("""{"big":"item.a > 100","medium":"item.a > 10"}""").RootElement;
        node.SyncOutputs();

        Assert.Equal(["big", "medium", "fallback"], node.OrderedOutputs().Select(p => p.Name));
    }
}
