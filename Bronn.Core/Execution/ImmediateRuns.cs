using System.Text.Json;
using Bronn.Core.Workflows.Data;

namespace Bronn.Core.Execution;

/// <summary>
/// A run that should start at once (a webhook answered "accepted"): stored already claimed and run in this process when
/// its engine has a free slot, which saves the claim round trip and the read that follows it; queued for any engine
/// otherwise. Either way it is committed before this returns.
/// </summary>
public sealed class ImmediateRuns(ExecutionService executions, ExecutionRunner runner, InProcessRuns runs, EngineCapacity capacity)
{
    public async Task<Data.Execution> StartAsync(Workflow workflow, string triggerType, JsonElement triggerData)
    {
        if (!capacity.TryTake())
        {
            return await executions.StartAsync(workflow, triggerType, triggerData, CancellationToken.None);
        }
        StartedRun started;
        try
        {
            started = await executions.StartClaimedAsync(workflow, triggerType, triggerData, CancellationToken.None);
        }
        catch
        {
            capacity.Return();
            throw;
        }
        runs.Start(started.Execution.Id, ct => runner.RunHeldAsync(started.Execution, started.Steps, ct));
        return started.Execution;
    }
}
