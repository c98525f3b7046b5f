using Bronn.Core.Execution.Scheduling;
using static Bronn.Scheduler.Tests.Plans;
using Decide = Bronn.Core.Execution.Scheduling.Scheduler;

namespace Bronn.Scheduler.Tests;

public sealed class SchedulerTests
{
    private static readonly HashSet<string> NothingRunning = [];

    [Fact]
    public void A_line_runs_one_node_at_a_time_and_ends_succeeded()
    {
        var plan = Parse("trigger>a, a>b");
        var outcomes = Started();

        var first = Decide.Decide(plan, outcomes, NothingRunning);
        Assert.Equal(["a"], first.Run.Select(r => r.NodeId));
        Assert.Equal(new EdgeInput(0, "trigger", "main", 1), first.Run[0].Inputs.Single());
        Assert.Equal("a#0", first.Run[0].Key);
        Assert.Empty(Decide.Decide(plan, outcomes, new HashSet<string> { "a" }).Run); // started: not offered twice

        outcomes["a"] = NodeOutcome.Succeeded("a", "main", 1);
        Assert.Equal(["b"], Decide.Decide(plan, outcomes, NothingRunning).Run.Select(r => r.NodeId));
        outcomes["b"] = NodeOutcome.Succeeded("b", "main", 1);
        Assert.Equal(new RunEnd(true), Decide.Decide(plan, outcomes, NothingRunning).End);
    }

    [Fact]
    public void A_branch_that_delivers_nothing_is_skipped_with_everything_only_it_feeds()
    {
        var plan = Parse("trigger>check, check.true>yes, check.false>no, no>after_no, yes>after_yes");
        var outcomes = Started();
        outcomes["check"] = NodeOutcome.Succeeded("check", new Dictionary<string, int> { ["true"] = 1, ["false"] = 0 });

        var decision = Decide.Decide(plan, outcomes, NothingRunning);

        Assert.Equal(["yes"], decision.Run.Select(r => r.NodeId));
        Assert.Equal(["after_no", "no"], decision.Skip.Order());
        Assert.Null(decision.End);
    }

    [Fact]
    public void A_switch_sends_items_to_each_port_and_the_fallback()
    {
        var plan = Parse("trigger>route, route.big>slack, route.small>mail, route.fallback>log");
        var outcomes = Started();
        outcomes["route"] = NodeOutcome.Succeeded("route", new Dictionary<string, int> { ["big"] = 2, ["small"] = 0, ["fallback"] = 3 });

        var decision = Decide.Decide(plan, outcomes, NothingRunning);

        Assert.Equal(new Dictionary<string, int> { ["slack"] = 2, ["log"] = 3 }, decision.Run.ToDictionary(r => r.NodeId, r => r.ItemCount));
        Assert.Equal(["mail"], decision.Skip);
    }

    [Fact]
    public void A_join_waits_for_every_branch_and_takes_the_items_of_those_that_delivered()
    {
        var plan = Parse("trigger>check, check.true>yes, check.false>no, yes>join, no>join, trigger>slow, slow>join");
        var outcomes = Started();
        outcomes["check"] = NodeOutcome.Succeeded("check", new Dictionary<string, int> { ["true"] = 1 });

        var beforeSlow = Decide.Decide(plan, outcomes, new HashSet<string> { "slow" });
        outcomes["yes"] = NodeOutcome.Succeeded("yes", "main", 1);
        var stillWaiting = Decide.Decide(plan, outcomes, new HashSet<string> { "slow" });
        outcomes["no"] = NodeOutcome.Skipped("no");
        outcomes["slow"] = NodeOutcome.Succeeded("slow", "main", 2);
        var join = Decide.Decide(plan, outcomes, NothingRunning);

        Assert.Equal(["no"], beforeSlow.Skip);
        Assert.DoesNotContain(stillWaiting.Run, r => r.NodeId == "join");
        var activation = Assert.Single(join.Run);
        Assert.Equal("join", activation.NodeId);
        Assert.Equal([("yes", 1), ("slow", 2)], activation.Inputs.Select(i => (i.From, i.Count)));
    }

    [Fact]
    public void A_merge_receives_each_input_separately_in_edge_order()
    {
        var plan = Parse("trigger>left, trigger>right, right>merge, left>merge", "merge");
        var outcomes = Started();
        outcomes["left"] = NodeOutcome.Succeeded("left", "main", 3);
        outcomes["right"] = NodeOutcome.Succeeded("right", "main", 2);

        var merge = Assert.Single(Decide.Decide(plan, outcomes, NothingRunning).Run);

        Assert.Equal([("right", 2), ("left", 3)], merge.Inputs.Select(i => (i.From, i.Count)));
        Assert.Equal(ItemMode.AllItems, plan.Nodes["merge"].Items);
    }

    [Fact]
    public void Split_out_items_flow_to_the_next_node_and_an_empty_list_skips_the_rest_and_succeeds()
    {
        var plan = Parse("trigger>split, split>notify, notify>total", "total");
        var outcomes = Started();
        outcomes["split"] = NodeOutcome.Succeeded("split", "main", 3);
        Assert.Equal(3, Decide.Decide(plan, outcomes, NothingRunning).Run.Single().ItemCount);

        outcomes["split"] = NodeOutcome.Succeeded("split", "main", 0);
        var empty = Decide.Decide(plan, outcomes, NothingRunning);

        Assert.Equal(["notify", "total"], empty.Skip);
        Assert.Equal(new RunEnd(true), empty.End);
    }

    [Fact]
    public void A_failure_ends_the_run_naming_the_node_and_nothing_new_starts()
    {
        var plan = Parse("trigger>a, trigger>b, a>c");
        var outcomes = Started();
        outcomes["a"] = NodeOutcome.Failed("a", "Order total must be positive.");

        var decision = Decide.Decide(plan, outcomes, new HashSet<string> { "b" });

        Assert.Empty(decision.Run);
        Assert.Equal(new RunEnd(false, "a", "Order total must be positive."), decision.End);
    }

    [Fact]
    public void Independent_branches_are_offered_together_and_the_run_ends_only_when_none_is_running()
    {
        var plan = Parse("trigger>a, trigger>b, trigger>c");
        var outcomes = Started();

        Assert.Equal(["a", "b", "c"], Decide.Decide(plan, outcomes, NothingRunning).Run.Select(r => r.NodeId));
        outcomes["a"] = NodeOutcome.Succeeded("a", "main", 1);
        outcomes["b"] = NodeOutcome.Succeeded("b", "main", 1);
        Assert.Null(Decide.Decide(plan, outcomes, new HashSet<string> { "c" }).End);
    }

    [Fact]
    public void A_cycle_is_refused_when_the_plan_is_built() =>
        Assert.Throws<ArgumentException>(() => Parse("trigger>a, a>b, b>a"));

    [Fact]
    public void A_node_that_reads_an_earlier_branch_waits_for_it_so_running_branches_together_changes_nothing_it_sees()
    {
        var plan = new ExecutionPlan(
            [Node("trigger", trigger: true), Node("lookup"), Node("notify", reads: ["lookup", "later"]), Node("later")],
            [("trigger", "main", "lookup"), ("trigger", "main", "notify"), ("trigger", "main", "later")]);
        var outcomes = Started();

        Assert.Equal(["lookup", "later"], Decide.Decide(plan, outcomes, NothingRunning).Run.Select(r => r.NodeId));
        Assert.Equal(["lookup"], plan.After["notify"]); // a node after it in plan order was never visible to it: no wait
        outcomes["lookup"] = NodeOutcome.Succeeded("lookup", "main", 1);
        Assert.Equal(["notify"], Decide.Decide(plan, outcomes, new HashSet<string> { "later" }).Run.Select(r => r.NodeId));
        Assert.True(plan.IsBefore("lookup", "notify"));
        Assert.False(plan.IsBefore("later", "notify"));
    }

    [Fact]
    public void A_node_that_reads_steps_without_naming_one_waits_for_every_node_before_it()
    {
        var plan = new ExecutionPlan(
            [Node("trigger", trigger: true), Node("a"), Node("b"), Node("report", readsAny: true)],
            [("trigger", "main", "a"), ("trigger", "main", "b"), ("trigger", "main", "report")]);

        Assert.Equal(["trigger", "a", "b"], plan.After["report"]);
        Assert.Equal(["a", "b"], Decide.Decide(plan, Started(), NothingRunning).Run.Select(r => r.NodeId));
    }

    [Theory]
    [InlineData("Hello {{ steps.lookup.output.name }} and {{ steps['b-2'].items | size }}", "b-2,lookup", false)]
    [InlineData("steps.lookup.output.total > 100", "lookup", false)]
    [InlineData("{% for s in steps %}{{ s }}{% endfor %}", "", true)]
    [InlineData("Next steps: {{ item.name }}", "", false)]
    [InlineData("{{ mysteps.x }} {{ item.steps }}", "", false)]
    public void Step_references_are_found_in_every_expression_of_a_node(string expression, string reads, bool readsAny)
    {
        var node = new Bronn.Core.Workflows.Definitions.NodeDefinition
        {
            Id = "n", Type = "set",
            Parameters = new() { ["fields"] = System.Text.Json.JsonSerializer.SerializeToElement(new { text = expression }) },
        };

        var found = StepReferences.Of(node);

        Assert.Equal(reads, string.Join(",", found.Reads.Order(StringComparer.Ordinal)));
        Assert.Equal(readsAny, found.ReadsAny);
    }

    private static PlanNode Node(string id, bool trigger = false, string[]? reads = null, bool readsAny = false) =>
        new(id, trigger, ItemMode.EachItem, ["main"]) { Reads = reads ?? [], ReadsAnyStep = readsAny };

    [Fact]
    public void Error_output_sends_the_failed_item_down_the_error_branch_and_the_rest_down_the_main_one()
    {
        var plan = Parse("trigger>call, call.main>ok, call.error>alert, ok>report, alert>report");
        var outcomes = Started();
        outcomes["call"] = NodeOutcome.Succeeded("call", new Dictionary<string, int> { ["main"] = 2, ["error"] = 1 });

        var decision = Decide.Decide(plan, outcomes, NothingRunning);

        Assert.Equal(new Dictionary<string, int> { ["ok"] = 2, ["alert"] = 1 }, decision.Run.ToDictionary(r => r.NodeId, r => r.ItemCount));
        outcomes["ok"] = NodeOutcome.Succeeded("ok", "main", 2);
        outcomes["alert"] = NodeOutcome.Succeeded("alert", "main", 1);
        Assert.Equal(3, Decide.Decide(plan, outcomes, NothingRunning).Run.Single(r => r.NodeId == "report").ItemCount);
    }

    [Fact]
    public void With_no_failed_item_the_error_branch_is_skipped_and_continue_keeps_every_item_on_main()
    {
        var plan = Parse("trigger>call, call.main>ok, call.error>alert");
        var outcomes = Started();
        outcomes["call"] = NodeOutcome.Succeeded("call", new Dictionary<string, int> { ["main"] = 3 }); // continue: failed items stay on main

        var decision = Decide.Decide(plan, outcomes, NothingRunning);

        Assert.Equal(3, decision.Run.Single().ItemCount);
        Assert.Equal(["alert"], decision.Skip);
    }
}
