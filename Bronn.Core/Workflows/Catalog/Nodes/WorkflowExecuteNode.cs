using System.Text.Json;
using Bronn.Core.Execution;
using Bronn.Core.Execution.SubWorkflows;

namespace Bronn.Core.Workflows.Catalog.Nodes;

/// <summary>
/// Calls another published workflow of the owner (its trigger: "Called by a workflow") with an input, and by default
/// waits for it: the output is the items of the called run's last node. The run waits durably (parked, woken when the
/// called run ends); on Temporal the called run is a child workflow.
/// </summary>
public sealed class WorkflowExecuteNode(IServiceProvider services, TimeProvider clock) : INodeType, INodeExecutor
{
    // Resolved when used: the runs need the catalog, which holds this node.
    private SubWorkflowRuns Runs => (SubWorkflowRuns)services.GetService(typeof(SubWorkflowRuns))!;
    private IExecutionLauncher Launcher => (IExecutionLauncher)services.GetService(typeof(IExecutionLauncher))!;

    public const string Type = "workflow.execute";

    public NodeDescriptor Descriptor { get; } = new(Type, "Execute workflow", NodeCategory.Action, "call_made",
        "Runs another of your workflows (one that starts with 'Called by a workflow') with an input; by default waits for its result.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [
            new("workflowId", "Workflow", ParameterType.Workflow, Required: true, Help: "A published workflow of yours that starts with 'Called by a workflow'."),
            new("input", "Input", ParameterType.KeyValue, Help: "One row per value to hand over: its name, and its value or expression; the called workflow reads trigger.input.<name>."),
            new("wait", "Wait for it", ParameterType.Boolean, Default: true, Help: "On: the output is the items of its last node. Off: the output is {executionId} at once."),
        ],
        ExampleOutput: new { result = "the called workflow's last node" });

    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct)
    {
        if (!Guid.TryParse(await context.RequiredTextAsync("workflowId"), out var workflowId))
        {
            throw new NodeFailedException("'workflowId' must be the id of one of your workflows.", retryable: false);
        }
        var input = await context.JsonAsync("input") ?? JsonSerializer.SerializeToElement(new { });
        var (child, created) = await Runs.StartAsync(context.ExecutionId, context.OwnerId, context.StepKey, workflowId, input, ct);
        var waits = WaitsFor(context.Node);
        // On Temporal the interpreter starts a waited-for run itself, as a child workflow, before this node runs.
        if (created && (!waits || Launcher.RunsInProcess))
        {
            await Launcher.LaunchAsync(child.Id, ct);
        }
        if (!waits)
        {
            return NodeResult.Of(new { executionId = child.Id });
        }
        var outcome = await Runs.OutcomeAsync(child.Id, ct);
        if (!outcome.Finished)
        {
            // Woken as soon as the called run ends; until then looked at again, less often the longer it takes.
            var age = clock.GetUtcNow() - child.CreatedAt;
            var again = TimeSpan.FromTicks(Math.Clamp(age.Ticks / 10, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));
            return new NodeResult(JsonSerializer.SerializeToElement(new { executionId = child.Id }), Control: NodeControl.Wait, ResumeAt: clock.GetUtcNow() + again)
            {
                AwaitsExecution = child.Id,
            };
        }
        return outcome.Status == Execution.Data.ExecutionStatus.Succeeded
            ? NodeResult.Emit(outcome.Items.Select(i => new PortItem("main", i)).ToList())
            : throw new NodeFailedException($"The called workflow's run {outcome.ExecutionId} {outcome.Status}{(outcome.Error is null ? "" : $": {outcome.Error}")}", retryable: false);
    }

    /// <summary>Whether the node waits for the called run (the default).</summary>
    public static bool WaitsFor(Definitions.NodeDefinition node) => node.Parameter("wait")?.ValueKind != JsonValueKind.False;
}
