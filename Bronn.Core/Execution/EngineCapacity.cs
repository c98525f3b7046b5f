using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Execution;

/// <summary>
/// How many executions this process's embedded engine runs at once (Engine:Parallelism), shared by the dispatcher's
/// claims and the runs a webhook starts here directly. None when this process runs no executions (Engine:Enabled
/// false, or Temporal runs them), and none once a shutdown drains this process.
/// </summary>
public sealed class EngineCapacity(IOptions<EngineOptions> options, IConfiguration configuration, Shutdown.EngineDraining draining)
{
    private readonly bool enabled = options.Value.Enabled && !EngineServiceCollectionExtensions.UsesTemporal(configuration);
    private int running;

    public int Free => enabled && !draining.IsDraining ? Math.Max(0, options.Value.Parallelism - Volatile.Read(ref running)) : 0;

    /// <summary>Takes one slot if there is one; give it back with <see cref="Return"/> when the run ends here.</summary>
    public bool TryTake()
    {
        while (enabled && !draining.IsDraining)
        {
            var now = Volatile.Read(ref running);
            if (now >= options.Value.Parallelism)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref running, now + 1, now) == now)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Counts runs the dispatcher claimed (it asked for no more than <see cref="Free"/>).</summary>
    public void Take(int count) => Interlocked.Add(ref running, count);

    public void Return() => Interlocked.Decrement(ref running);
}
