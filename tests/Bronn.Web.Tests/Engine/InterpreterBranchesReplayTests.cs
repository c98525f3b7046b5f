using Bronn.Core.Execution;
using Bronn.Core.Execution.Temporal;
using Temporalio.Common;
using Temporalio.Worker;

namespace Bronn.Web.Tests.Engine;

/// <summary>The interpreter's parallel walk, replayed on histories written by hand (as a Temporal server would record them).</summary>
public sealed class InterpreterBranchesReplayTests
{
    private static readonly Guid ExecutionId = Guid.Parse("0196a000-0000-7000-8000-0000000000bb");

    private static readonly StepOutcome OneItem = new("succeeded", "main", false) { ItemsByPort = new Dictionary<string, int> { ["main"] = 1 } };

    private static InterpreterPlan Plan(string[] order, Dictionary<string, PlanEdge[]> incoming, int maxParallel) =>
        InterpreterReplayTests.Plan(order, incoming, maxParallel);

    [Fact]
    public async Task Two_branches_are_scheduled_in_one_workflow_task_and_a_node_after_one_starts_without_waiting_for_the_other()
    {
        // start -> a -> c, start -> b: a and b together; c as soon as a is done, while b still runs.
        var plan = Plan(["start", "a", "b", "c"], new() { ["a"] = [new("start", "main")], ["b"] = [new("start", "main")], ["c"] = [new("a", "main")] }, maxParallel: 2);
        var history = new TemporalHistory(nameof(BronnInterpreterWorkflow), "bronn").Started(new InterpreterInput(ExecutionId)).Activity("LoadPlan", plan);
        history.Activity("RunNode", OneItem);
        var (a, b) = (history.Schedule("RunNode"), history.Schedule("RunNode"));
        history.Complete(a, OneItem);
        history.WorkflowTask();
        var c = history.Schedule("RunNode");
        history.Complete(b, OneItem);
        history.WorkflowTask();
        history.Complete(c, OneItem);
        history.WorkflowTask();
        var json = history.Activity("Finish", null).Completed("succeeded");
        var recorder = new ActivityRecorder();

        var result = await new WorkflowReplayer(new WorkflowReplayerOptions { Interceptors = [recorder] }.AddWorkflow<BronnInterpreterWorkflow>())
            .ReplayWorkflowAsync(WorkflowHistory.FromJson("execution-branches", json));

        Assert.Null(result.ReplayFailure);
        Assert.Equal(["start", "a", "b", "c"], recorder.Scheduled.Where(s => s.Activity == "RunNode").Select(s => ((NodeRequest)s.Args.Single()!).NodeId));
    }

    [Fact]
    public async Task With_a_limit_of_one_branch_the_second_is_scheduled_only_after_the_first_completes()
    {
        var plan = Plan(["start", "a", "b"], new() { ["a"] = [new("start", "main")], ["b"] = [new("start", "main")] }, maxParallel: 1);
        var json = new TemporalHistory(nameof(BronnInterpreterWorkflow), "bronn").Started(new InterpreterInput(ExecutionId))
            .Activity("LoadPlan", plan).Activity("RunNode", OneItem).Activity("RunNode", OneItem).Activity("RunNode", OneItem)
            .Activity("Finish", null).Completed("succeeded");

        var result = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<BronnInterpreterWorkflow>())
            .ReplayWorkflowAsync(WorkflowHistory.FromJson("execution-one-branch", json));

        Assert.Null(result.ReplayFailure);
    }

    [Fact]
    public async Task A_long_parallel_run_continues_as_new_between_activations_and_the_next_run_goes_on_from_there()
    {
        var plan = Plan(["start", "first", "second"], new() { ["first"] = [new("start", "main")], ["second"] = [new("first", "main")] }, maxParallel: 2);
        var input = new InterpreterInput(ExecutionId) { ContinueAfterEvents = 10 };
        var carried = new Dictionary<string, StepOutcome> { ["start"] = OneItem };
        var firstRun = new TemporalHistory(nameof(BronnInterpreterWorkflow), "bronn").Started(input)
            .Activity("LoadPlan", plan).Activity("RunNode", OneItem)
            .ContinuedAsNew(input with { Recorded = carried });
        var secondRun = new TemporalHistory(nameof(BronnInterpreterWorkflow), "bronn").Started(input with { Recorded = carried, ContinueAfterEvents = 1000 })
            .Activity("LoadPlan", plan).Activity("RunNode", OneItem).Activity("RunNode", OneItem).Activity("Finish", null).Completed("succeeded");
        var recorder = new ActivityRecorder();
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { Interceptors = [recorder] }.AddWorkflow<BronnInterpreterWorkflow>());

        Assert.Null((await replayer.ReplayWorkflowAsync(WorkflowHistory.FromJson("execution-parallel-long", firstRun))).ReplayFailure);
        Assert.Null((await replayer.ReplayWorkflowAsync(WorkflowHistory.FromJson("execution-parallel-long-2", secondRun))).ReplayFailure);
        Assert.Equal(["start", "first", "second"], recorder.Scheduled.Where(s => s.Activity == "RunNode").Select(s => ((NodeRequest)s.Args.Single()!).NodeId));
    }
}
