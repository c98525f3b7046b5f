using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Execution.Shutdown;

/// <summary>
/// On SIGTERM (a deploy), before any service stops and while the server still listens: stop taking new work, let what
/// is in flight finish within Engine:ShutdownGrace, then stop the runs left so they hand their leases back and another
/// process resumes them at once instead of after the lease time.
/// </summary>
public sealed class EngineDrain(EngineDraining draining, IOptions<EngineOptions> options, TimeProvider clock, ILogger<EngineDrain> logger)
    : IHostedLifecycleService
{
    private static readonly TimeSpan ReleaseTime = TimeSpan.FromSeconds(5);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        draining.Begin();
        var grace = options.Value.ShutdownGrace;
        logger.LogInformation("Shutting down: taking no new work; waiting up to {Grace} for {InFlight} run(s) and request(s) in flight",
            grace, draining.InFlight);
        if (!await IdleWithinAsync(grace, cancellationToken))
        {
            logger.LogWarning("Engine:ShutdownGrace ({Grace}) is over with {InFlight} still in flight; handing their executions back",
                grace, draining.InFlight);
            await draining.StopRunsAsync();
            await IdleWithinAsync(ReleaseTime, cancellationToken);
        }
    }

    private async Task<bool> IdleWithinAsync(TimeSpan limit, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + limit;
        while (draining.InFlight > 0)
        {
            if (clock.GetUtcNow() >= deadline || ct.IsCancellationRequested)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock, CancellationToken.None);
        }
        return true;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
