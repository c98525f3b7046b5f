using System.Text.Json;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Data;
using Bronn.Core.Execution.Live;
using Bronn.Core.Execution.Testing;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Bronn.Web.Components.Builder;

/// <summary>The builder's runs: "Run now" with sample data, each node's state live on the canvas, and node tests.</summary>
public partial class WorkflowBuilder
{
    [Inject] private DraftRuns Runs { get; set; } = default!;
    [Inject] private ExecutionService Executions { get; set; } = default!;
    [Inject] private ExecutionChangeFeed ExecutionFeed { get; set; } = default!;
    private IDisposable? watchingRuns;
    [Inject] private NodeTester Tester { get; set; } = default!;

    private Bronn.Core.Execution.Data.Execution? run;
    private List<ExecutionStep> runSteps = [];
    /// <summary>The last run's trigger data and outputs: what node tests and the expression helper use.</summary>
    private SampleData sample = SampleData.Empty;
    /// <summary>The last run's steps, for the items each node received (Test this node runs on them).</summary>
    private List<ExecutionStep> sampleSteps = [];
    private string? sampleTrigger; // what the user ran with last, else the last run's data, else the trigger's example
    private string? lastRunTrigger;
    private readonly Dictionary<string, NodeTestResult> tests = new(StringComparer.Ordinal);
    private bool testing;
    private bool reloading;
    private bool reloadAgain;

    /// <summary>The last run's data for tests and the expression helper; then this workflow's runs, live (once it is stored).</summary>
    private async Task LoadSampleAsync()
    {
        if (workflow is not { } current || IsUnsaved)
        {
            return;
        }
        if ((await Executions.LastRunsAsync([current.Id])).GetValueOrDefault(current.Id) is { } last && await Executions.GetAsync(last.ExecutionId, caller) is { } found)
        {
            UseSample(found.Execution, found.Steps);
        }
        watchingRuns ??= ExecutionFeed.WatchWorkflow(current.Id, OnExecutionChanged); // this workflow's runs only
    }

    private void UseSample(Bronn.Core.Execution.Data.Execution execution, List<ExecutionStep> steps)
    {
        lastRunTrigger = Shared.JsonBlock.Pretty(execution.TriggerData);
        sampleTrigger ??= lastRunTrigger;
        sampleSteps = steps;
        sample = new SampleData(JsonDocument.Parse(execution.TriggerData).RootElement.Clone(), steps
            .Where(s => s.Status == StepStatus.Succeeded && s.Output is not null)
            .GroupBy(s => s.NodeId).ToDictionary(g => g.Key, g => JsonDocument.Parse(g.Last().Output!).RootElement.Clone()));
    }

    private async Task RunNowAsync()
    {
        var triggerNode = diagram.Nodes.OfType<BuilderNode>().FirstOrDefault(n => n.Descriptor?.IsTrigger == true);
        var trigger = triggerNode?.Descriptor;
        var example = RunExamples.For(triggerNode, Clock.GetUtcNow());
        var dialog = await Dialogs.ShowAsync<RunDialog>("Run now", new DialogParameters<RunDialog>
            {
                { d => d.Sample, sampleTrigger ?? lastRunTrigger ?? example ?? "{}" },
                { d => d.Example, example }, { d => d.ExampleOf, trigger?.DisplayName }, { d => d.LastRun, lastRunTrigger },
            },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, DefaultFocus = DefaultFocus.None });
        if (await dialog.Result is not { Canceled: false, Data: string chosen })
        {
            return;
        }
        sampleTrigger = Shared.JsonBlock.Pretty(chosen);
        if (!await SaveAsync())
        {
            return;
        }
        busy = true;
        try
        {
            var started = await Runs.StartAsync(workflow!.Id, caller, JsonDocument.Parse(chosen).RootElement.Clone());
            problems = started.Report?.Problems.ToList() ?? [];
            MarkProblems();
            if (started.Outcome != DraftRunOutcome.Started)
            {
                Say("Not run: fix the problems listed below.", Severity.Error);
                return;
            }
            run = started.Execution;
            runSteps = [];
            message = null;
        }
        finally
        {
            busy = false;
        }
        await ReloadRunAsync(); // changes announced before `run` was set were not taken
    }

    // Every stored step and status change of any execution is announced. The canvas follows its run, and picks up a
    // new run of this workflow (a webhook call, a schedule, another tab's "Run now") once its own has finished.
    private void OnExecutionChanged(ExecutionChange change)
    {
        if (change.WorkflowId != workflow?.Id)
        {
            return;
        }
        _ = InvokeAsync(async () =>
        {
            if (run is null || (change.ExecutionId != run.Id && ExecutionStatus.IsFinished(run.Status)))
            {
                run = new Bronn.Core.Execution.Data.Execution { Id = change.ExecutionId, Status = ExecutionStatus.Queued, TriggerType = "", TriggerData = "{}" };
                runSteps = [];
            }
            if (change.ExecutionId == run.Id)
            {
                await ReloadRunAsync();
            }
        });
    }

    private async Task ReloadRunAsync()
    {
        if (reloading)
        {
            reloadAgain = true; // one more read after the one in flight covers every change in between
            return;
        }
        reloading = true;
        try
        {
            do
            {
                reloadAgain = false;
                var found = run is null ? null : await Executions.GetAsync(run.Id, caller);
                if (found is null)
                {
                    run = null; // not one this user can see
                    runSteps = [];
                }
                else
                {
                    (run, runSteps) = found.Value;
                    if (ExecutionStatus.IsFinished(run!.Status))
                    {
                        UseSample(run, runSteps);
                    }
                    ApplyRun();
                }
            }
            while (reloadAgain);
        }
        finally
        {
            reloading = false;
        }
        StateHasChanged();
    }

    /// <summary>The canvas as the scheduler sees it; null while the draft is not a runnable graph (no single trigger, a cycle).</summary>
    private Bronn.Core.Execution.Scheduling.ExecutionPlan? CanvasPlan()
    {
        try
        {
            return Bronn.Core.Execution.Scheduling.PlanCompiler.Compile(Current(), Catalog);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }

    private void ApplyRun()
    {
        var nodes = diagram.Nodes.OfType<BuilderNode>().ToList();
        var states = run is null
            ? []
            : RunStates.Compute(run, runSteps, nodes.Select(n => n.Key), CanvasPlan());
        foreach (var node in nodes)
        {
            var state = states.GetValueOrDefault(node.Key);
            var nodeSteps = runSteps.Where(s => s.NodeId == node.Key).ToList();
            int? items = state == Bronn.Core.Execution.Data.StepStatus.Succeeded || nodeSteps.Any(s => s.Status == Bronn.Core.Execution.Data.StepStatus.Succeeded)
                ? Bronn.Core.Execution.ActivationItems.OfNode(nodeSteps).Count
                : null;
            if (state != node.RunState || items != node.RunItems)
            {
                node.RunState = state;
                node.RunItems = items;
                node.Refresh();
            }
        }
    }

    private void ClearRun()
    {
        run = null;
        runSteps = [];
        ApplyRun();
    }

    /// <summary>
    /// The items that reached the node in the last run, along the edges now on the canvas (in their order); a pinned
    /// upstream node gives its pinned items (by its first output), as it would in a run from the builder.
    /// </summary>
    private List<JsonElement> InputItemsOf(BuilderNode node) => diagram.Links
        .Select(l => (From: l.Source.Model as BuilderPort, To: l.Target.Model as BuilderPort))
        .Where(l => l.From is not null && l.To?.Node == node)
        .SelectMany(l => pins.TryGetValue(l.From!.Node.Key, out var pinned)
            ? l.From.Node.OrderedOutputs().FirstOrDefault() == l.From ? pinned : []
            : Bronn.Core.Execution.ActivationItems.OfNode(sampleSteps.Where(s => s.NodeId == l.From.Node.Key)).Where(i => i.Port == l.From.Name).Select(i => i.Json))
        .ToList();

    private ExecutionStep? StepOf(BuilderNode node) => runSteps.Where(s => s.NodeId == node.Key).OrderBy(s => s.Id).LastOrDefault();

    private async Task TestNodeAsync(BuilderNode node)
    {
        testing = true;
        try
        {
            tests[node.Key] = await Tester.TestAsync(caller.UserId, node.ToDefinition(), SampleWithPins(), InputItemsOf(node));
        }
        finally
        {
            testing = false;
        }
    }

    private List<ExpressionSuggestion> SuggestionsFor(BuilderNode node)
    {
        var nodes = diagram.Nodes.OfType<BuilderNode>().ToList();
        var upstream = diagram.Links.Select(l => (From: (l.Source.Model as BuilderPort)?.Node.Key, To: (l.Target.Model as BuilderPort)?.Node.Key))
            .Where(l => l.From is not null && l.To is not null).ToLookup(l => l.To!, l => l.From!, StringComparer.Ordinal);
        return ExpressionSuggestions.For(node, nodes, upstream, SampleWithPins());
    }
}
