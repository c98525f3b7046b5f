using Bronn.Core.Execution;
using Bronn.Core.Execution.Temporal;
using Temporalio.Common;
using Temporalio.Worker;

namespace Bronn.Web.Tests.Engine;

/// <summary>The interpreter workflow replayed (no server needed) on histories built here, for a linear and a branching graph.</summary>
public sealed class InterpreterReplayTests
{
    private static readonly Guid ExecutionId = Guid.Parse("0196a000-0000-7000-8000-0000000000aa");

    /// <param name="maxParallel">0: a plan recorded before branches ran in parallel (walked one node at a time).</param>
    internal static InterpreterPlan Plan(string[] order, Dictionary<string, PlanEdge[]> incoming, int maxParallel = 0) => new(
        order[0], order,
        order.ToDictionary(n => n, n => (IReadOnlyList<PlanEdge>)(incoming.GetValueOrDefault(n) ?? [])),
        order.ToDictionary(n => n, _ => new PlanRetry(1, 1, 10)),
        new Dictionary<string, double>(), MaxParallel: maxParallel);

    [Fact]
    public async Task A_linear_graph_replays_deterministically()
    {
        var plan = Plan(["start", "greet"], new() { ["greet"] = [new("start", "main")] });
        var history = new TemporalHistory(nameof(BronnInterpreterWorkflow), "bronn")
            .Started(new InterpreterInput(ExecutionId))
            .Activity("LoadPlan", plan)
            .Activity("RunNode", new StepOutcome("succeeded", "main", false))
            .Activity("RunNode", new StepOutcome("succeeded", "main", false))
            .Activity("Finish", null)
            .Completed("succeeded");

        var result = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<BronnInterpreterWorkflow>())
            .ReplayWorkflowAsync(WorkflowHistory.FromJson("execution-linear", history));

        Assert.Null(result.ReplayFailure);
    }

    [Fact]
    public async Task A_branching_graph_replays_with_the_untaken_branch_recorded_as_skipped()
    {
        var plan = Plan(["start", "check", "big", "small"], new()
        {
            ["check"] = [new("start", "main")], ["big"] = [new("check", "true")], ["small"] = [new("check", "false")],
        });
        var history = new TemporalHistory(nameof(BronnInterpreterWorkflow), "bronn")
            .Started(new InterpreterInput(ExecutionId))
            .Activity("LoadPlan", plan)
            .Activity("RunNode", new StepOutcome("succeeded", "main", false))
            .Activity("RunNode", new StepOutcome("succeeded", "true", false))
            .Activity("RunNode", new StepOutcome("succeeded", "main", false))
            .Activity("RunNode", new StepOutcome("skipped", null, false))
            .Activity("Finish", null)
            .Completed("succeeded");

        var result = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<BronnInterpreterWorkflow>())
            .ReplayWorkflowAsync(WorkflowHistory.FromJson("execution-branching", history));

        Assert.Null(result.ReplayFailure);
    }

    [Fact]
    public async Task A_run_cancelled_before_its_next_node_replays_finishing_as_cancelled()
    {
        var plan = Plan(["start", "first", "second"], new() { ["first"] = [new("start", "main")], ["second"] = [new("first", "main")] });
        var history = new TemporalHistory(nameof(BronnInterpreterWorkflow), "bronn")
            .Started(new InterpreterInput(ExecutionId))
            .Activity("LoadPlan", plan)
            .Activity("RunNode", new StepOutcome("succeeded", "main", false))
            .Activity("RunNode", new StepOutcome("succeeded", "main", false))
            .Activity("RunNode", new StepOutcome("cancelled", null, true, Cancelled: true))
            .Activity("Finish", null)
            .Completed("cancelled");

        var result = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<BronnInterpreterWorkflow>())
            .ReplayWorkflowAsync(WorkflowHistory.FromJson("execution-cancelled", history));

        Assert.Null(result.ReplayFailure);
    }

    [Fact]
    public async Task A_long_run_continues_as_new_handing_on_only_what_was_recorded_and_the_next_run_goes_on_from_there()
    {
        var plan = Plan(["start", "first", "second"], new() { ["first"] = [new("start", "main")], ["second"] = [new("first", "main")] });
        var input = new InterpreterInput(ExecutionId) { ContinueAfterEvents = 10 };
        var started = new StepOutcome("succeeded", "main", false) { ItemsByPort = new Dictionary<string, int> { ["main"] = 1 } };
        var firstRun = new TemporalHistory(nameof(BronnInterpreterWorkflow), "bronn")
            .Started(input)
            .Activity("LoadPlan", plan)
            .Activity("RunNode", started)
            .ContinuedAsNew(input with { Recorded = new Dictionary<string, StepOutcome> { ["start"] = started } });
        var secondRun = new TemporalHistory(nameof(BronnInterpreterWorkflow), "bronn")
            .Started(input with { Recorded = new Dictionary<string, StepOutcome> { ["start"] = started }, ContinueAfterEvents = 1000 })
            .Activity("LoadPlan", plan)
            .Activity("RunNode", started)
            .Activity("RunNode", started)
            .Activity("Finish", null)
            .Completed("succeeded");
        var recorder = new ActivityRecorder();
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { Interceptors = [recorder] }.AddWorkflow<BronnInterpreterWorkflow>());

        Assert.Null((await replayer.ReplayWorkflowAsync(WorkflowHistory.FromJson("execution-long", firstRun))).ReplayFailure);
        Assert.Null((await replayer.ReplayWorkflowAsync(WorkflowHistory.FromJson("execution-long-2", secondRun))).ReplayFailure);
        var nodes = recorder.Scheduled.Where(s => s.Activity == "RunNode").Select(s => ((NodeRequest)s.Args.Single()!).NodeId);
        Assert.Equal(["start", "first", "second"], nodes); // the trigger in the first run; the second picks up at "first"
    }

    [Fact]
    public async Task A_history_that_does_not_match_the_code_is_reported_as_nondeterministic()
    {
        var plan = Plan(["start", "greet"], new() { ["greet"] = [new("start", "main")] });
        var history = new TemporalHistory(nameof(BronnInterpreterWorkflow), "bronn")
            .Started(new InterpreterInput(ExecutionId))
            .Activity("LoadPlan", plan)
            .Completed("succeeded"); // the code schedules the nodes' activities here; this history ends instead

        var result = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<BronnInterpreterWorkflow>())
            .ReplayWorkflowAsync(WorkflowHistory.FromJson("execution-changed", history), throwOnReplayFailure: false);

        Assert.NotNull(result.ReplayFailure);
        Assert.IsType<Temporalio.Exceptions.WorkflowNondeterminismException>(result.ReplayFailure);
    }

    [Fact]
    public async Task A_scheduled_run_replays_recording_its_fire_and_running_the_execution_as_a_child_interpreter()
    {
        var workflowId = Guid.Parse("0196a000-0000-7000-8000-0000000000bb");
        var history = new TemporalHistory(nameof(BronnScheduledRunWorkflow), "bronn")
            .Started(new ScheduledRunInput(workflowId))
            .Activity("StartScheduledRun", ExecutionId)
            .ChildWorkflow(nameof(BronnInterpreterWorkflow), TemporalLauncher.WorkflowIdOf(ExecutionId), "succeeded")
            .Completed("succeeded");

        var result = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<BronnScheduledRunWorkflow>())
            .ReplayWorkflowAsync(WorkflowHistory.FromJson("scheduled-run", history));

        Assert.Null(result.ReplayFailure);
    }

    [Fact]
    public async Task A_scheduled_run_whose_fire_is_skipped_starts_no_child()
    {
        var history = new TemporalHistory(nameof(BronnScheduledRunWorkflow), "bronn")
            .Started(new ScheduledRunInput(Guid.NewGuid()))
            .Activity("StartScheduledRun", null)
            .Completed("skipped");

        var result = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<BronnScheduledRunWorkflow>())
            .ReplayWorkflowAsync(WorkflowHistory.FromJson("scheduled-skip", history));

        Assert.Null(result.ReplayFailure);
    }
}
