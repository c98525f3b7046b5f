using Bronn.Core.Execution.Temporal;
using Microsoft.Extensions.Options;
using Temporalio.Client;

namespace Bronn.Core.Execution;

/// <summary>Hands a new execution record to whichever engine runs workflows: the embedded one, or Temporal.</summary>
public interface IExecutionLauncher
{
    Task LaunchAsync(Guid executionId, CancellationToken ct);

    /// <summary>Whether this process may run an execution itself, right away (the embedded engine).</summary>
    bool RunsInProcess { get; }
}

public sealed class EmbeddedLauncher(ExecutionSignal signal) : IExecutionLauncher
{
    public bool RunsInProcess => true;

    public Task LaunchAsync(Guid executionId, CancellationToken ct)
    {
        signal.Release();
        return Task.CompletedTask;
    }
}

/// <summary>Starts the interpreter workflow, with the execution id as the Temporal workflow id (so a start is idempotent).</summary>
public sealed class TemporalLauncher(ITemporalClient client, IOptions<TemporalOptions> options) : IExecutionLauncher
{
    public bool RunsInProcess => false;

    public static string WorkflowIdOf(Guid executionId) => $"execution-{executionId:N}";

    public Task LaunchAsync(Guid executionId, CancellationToken ct) =>
        client.StartWorkflowAsync((BronnInterpreterWorkflow w) => w.RunAsync(new InterpreterInput(executionId)),
            new WorkflowOptions(id: WorkflowIdOf(executionId), taskQueue: options.Value.TaskQueue) { Rpc = new() { CancellationToken = ct } });
}
