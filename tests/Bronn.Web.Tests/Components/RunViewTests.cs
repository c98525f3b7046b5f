using System.Text.Json;
using Bronn.Core.Execution.Data;
using Bronn.Core.Execution.Testing;
using Bronn.Core.Workflows.Catalog.Nodes;
using Bronn.Core.Workflows.Catalog.Nodes.Http;
using Bronn.Core.Workflows.Definitions;
using Bronn.Web.Components.Builder;
using Bronn.Web.Components.Shared;
using Bunit;
using MudBlazor.Services;

namespace Bronn.Web.Tests.Components;

/// <summary>How a run shows on the canvas, what the expression helper offers, and how large payloads are shown.</summary>
public sealed class RunViewTests : IAsyncLifetime
{
    private static readonly string[] Nodes = ["start", "check", "big", "small", "mail"];

    private static readonly Bronn.Core.Execution.Scheduling.ExecutionPlan Edges = new(
        Nodes.Select(n => new Bronn.Core.Execution.Scheduling.PlanNode(n, n == "start", Bronn.Core.Execution.Scheduling.ItemMode.EachItem, [])),
        [("start", "main", "check"), ("check", "true", "big"), ("check", "false", "small"), ("big", "main", "mail")]);

    private static Bronn.Core.Execution.Data.Execution Run(string status, string? waitingNode = null) => new()
    {
        Id = Guid.NewGuid(), Status = status, TriggerType = "test", TriggerData = "{}", WaitingNodeId = waitingNode,
    };

    private static ExecutionStep Step(long id, string node, string status, string? port = "main") => new()
    {
        Id = id, NodeId = node, Key = node + "#0", NodeType = "set", Status = status, Port = port, Output = status == "succeeded" ? "{}" : null,
    };

    [Fact]
    public void A_running_execution_shows_done_steps_the_node_it_reached_as_running_and_the_rest_queued()
    {
        var states = RunStates.Compute(Run(ExecutionStatus.Running), [Step(1, "start", "succeeded"), Step(2, "check", "succeeded", "true")], Nodes, Edges);

        Assert.Equal("succeeded", states["check"]);
        Assert.Equal(RunStates.Running, states["big"]);
        Assert.Equal(RunStates.Queued, states["small"]); // not the branch taken: it will be marked skipped when stored
        Assert.Equal(RunStates.Queued, states["mail"]);
    }

    [Fact]
    public void A_parked_delay_and_a_failed_attempt_awaiting_retry_show_as_waiting_and_a_finished_run_leaves_unreached_nodes_blank()
    {
        var delayed = RunStates.Compute(Run(ExecutionStatus.Waiting, waitingNode: "big"), [Step(1, "start", "succeeded"), Step(2, "check", "succeeded", "true")], Nodes, Edges);
        var retrying = RunStates.Compute(Run(ExecutionStatus.Waiting), [Step(1, "start", "succeeded"), Step(2, "check", "failed", null)], Nodes, Edges);
        var failed = RunStates.Compute(Run(ExecutionStatus.Failed), [Step(1, "start", "succeeded"), Step(2, "check", "failed", null)], Nodes, Edges);

        Assert.Equal(RunStates.Waiting, delayed["big"]);
        Assert.Equal(RunStates.Waiting, retrying["check"]);
        Assert.Equal("failed", failed["check"]);
        Assert.False(failed.ContainsKey("big"));
    }

    [Fact]
    public void The_expression_helper_offers_the_trigger_and_upstream_outputs_with_the_last_runs_fields_and_not_downstream_nodes()
    {
        var nodes = new[]
        {
            Node("start", "manual", new ManualTriggerNode().Descriptor), Node("lookup", "http.request", new HttpRequestNode(null!, null!, null!, null!, null!, null!).Descriptor),
            Node("greet", "set", new SetNode().Descriptor), Node("later", "set", new SetNode().Descriptor),
        };
        var upstream = new[] { ("start", "lookup"), ("lookup", "greet"), ("greet", "later") }.ToLookup(e => e.Item2, e => e.Item1);
        var sample = new SampleData(JsonSerializer.SerializeToElement(new { body = new { name = "Ann", tags = new[] { 1, 2 } } }),
            new Dictionary<string, JsonElement> { ["lookup"] = JsonSerializer.SerializeToElement(new { status = 200, body = new { city = "Oslo" } }) });

        var offered = ExpressionSuggestions.For(nodes[2], nodes, upstream, sample);

        var paths = offered.Select(s => s.Path).ToList();
        Assert.Contains("trigger.body.name", paths);
        Assert.Equal("Ann", offered.Single(s => s.Path == "trigger.body.name").Example);
        Assert.Equal("[2 items]", offered.Single(s => s.Path == "trigger.body.tags").Example);
        Assert.Contains("steps.lookup.output.status", paths);
        Assert.Contains("steps.lookup.items", paths);
        Assert.Equal("Oslo", offered.Single(s => s.Path == "item.body.city").Example); // the item comes from the node right before
        Assert.Equal("Item", offered.First().Group);
        Assert.DoesNotContain(paths, p => p.StartsWith("steps.later", StringComparison.Ordinal) || p.StartsWith("steps.greet", StringComparison.Ordinal));
        Assert.Equal("{{ trigger.body.name }}", ExpressionSuggestions.Reference("string", "trigger.body.name"));
        Assert.Equal("trigger.body.name", ExpressionSuggestions.Reference("expression", "trigger.body.name"));
    }

    [Fact]
    public void Without_a_run_the_helper_falls_back_to_each_node_types_example_output()
    {
        var nodes = new[] { Node("start", "manual", new ManualTriggerNode().Descriptor), Node("greet", "set", new SetNode().Descriptor) };

        var offered = ExpressionSuggestions.For(nodes[1], nodes, new[] { ("start", "greet") }.ToLookup(e => e.Item2, e => e.Item1), SampleData.Empty);

        Assert.Contains(offered, s => s.Path == "trigger.body.name" && s.Example == "Ann");
    }

    [Fact]
    public void A_large_payload_is_shown_truncated_with_its_size_and_a_small_one_in_full()
    {
        using var context = new BunitContext();
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var big = JsonSerializer.Serialize(new { text = new string('x', 50_000) });

        var large = context.Render<JsonBlock>(p => p.Add(x => x.Json, big).Add(x => x.TestId, "payload"));
        var small = context.Render<JsonBlock>(p => p.Add(x => x.Json, """{"a":1}"""));

        Assert.True(large.Find("[data-testid='payload']").TextContent.Length < 17_000);
        Assert.Contains("Showing the first 16 KB of 48 KB", large.Find("[data-testid='json-truncated']").TextContent, StringComparison.Ordinal);
        Assert.Empty(small.FindAll("[data-testid='json-truncated']"));
        Assert.Contains("\"a\": 1", small.Markup, StringComparison.Ordinal);
    }

    private static BuilderNode Node(string id, string type, Bronn.Core.Workflows.Catalog.NodeDescriptor descriptor) =>
        new(new NodeDefinition { Id = id, Type = type }, descriptor);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;
}
