using Bronn.Core.Data;

namespace Bronn.Worker.Hosting;

/// <summary>Waits until the database is reachable and migrated, says so in the log, and keeps watching it.</summary>
internal sealed class ReadinessReporter(DatabaseReadiness readiness, ILogger<ReadinessReporter> logger) : BackgroundService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        bool? wasReady = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var report = await readiness.CheckAsync(stoppingToken);
            if (report.IsReady != wasReady)
            {
                if (report.IsReady)
                {
                    logger.LogInformation("Bronn worker ready: {Description}", report.Description);
                }
                else
                {
                    logger.LogWarning("Bronn worker not ready: {Description} Retrying.", report.Description);
                }
                wasReady = report.IsReady;
            }
            delay = report.IsReady ? MaxDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
