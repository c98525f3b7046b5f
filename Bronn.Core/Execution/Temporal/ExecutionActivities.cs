using Bronn.Core.Workflows.Catalog;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Bronn.Core.Execution.Temporal;

/// <summary>
/// The interpreter's I/O: each node runs through the same executors as the embedded engine and writes the same
/// step records, so executions look alike in both modes. Payloads carry ids and ports, never tokens.
/// </summary>
public sealed class ExecutionActivities(ExecutionRunner runner, NodeCatalog catalog, Microsoft.Extensions.Options.IOptions<EngineOptions> options)
{
    public const string NonRetryable = "BronnNonRetryable";

    [Activity]
    public async Task<InterpreterPlan> LoadPlanAsync(Guid executionId) =>
        InterpreterPlan.From(await runner.GraphForAsync(executionId, ActivityExecutionContext.Current.CancellationToken), catalog, options.Value);

    [Activity]
    public async Task<StepOutcome> RunNodeAsync(NodeRequest request)
    {
        try
        {
            return await runner.RunOneNodeAsync(request.ExecutionId, request.NodeId, request.Skip, ActivityExecutionContext.Current.CancellationToken);
        }
        catch (NodeFailedException ex)
        {
            // The run's error is worded here, with the attempt Temporal is on, exactly as the embedded engine words it.
            var message = ExecutionRunner.FailureMessage(request.NodeId, ex, ActivityExecutionContext.Current.Info.Attempt);
            throw new ApplicationFailureException(message, ex.Retryable ? "BronnRetryable" : NonRetryable, nonRetryable: !ex.Retryable);
        }
    }

    [Activity]
    public Task FinishAsync(FinishRequest request) =>
        runner.FinishAsync(request.ExecutionId, request.Status, request.Error, request.FailedNodeId, ActivityExecutionContext.Current.CancellationToken);
}
