using Bronn.Core.Execution;
using Bronn.Core.Execution.Temporal;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;

namespace Bronn.Worker.Hosting;

/// <summary>With Temporal:Address set, this worker runs the interpreter workflow and the node activities.</summary>
public static class TemporalBackend
{
    public const int UnreachableExitCode = 3;

    public static void AddTemporalWorker(this IHostApplicationBuilder builder)
    {
        if (!EngineServiceCollectionExtensions.UsesTemporal(builder.Configuration))
        {
            return;
        }
        var options = builder.Configuration.GetSection(TemporalOptions.SectionName).Get<TemporalOptions>()!;
        builder.Services.AddHostedTemporalWorker(options.TaskQueue)
            .AddScopedActivities<ExecutionActivities>()
            .AddScopedActivities<ScheduleActivities>()
            .AddWorkflow<BronnInterpreterWorkflow>()
            .AddWorkflow<BronnScheduledRunWorkflow>()
            // On SIGTERM, activities in flight get the same grace as the embedded engine's runs before they are cancelled.
            .ConfigureOptions(worker => worker.GracefulShutdownTimeout = EngineServiceCollectionExtensions.ShutdownGraceOf(builder.Configuration));
    }

    /// <summary>
    /// A hosted Temporal worker that cannot connect stops the host with exit code 0; supervisors would not notice.
    /// So connect first, with retries, and report a clear failure with a non-zero exit code.
    /// </summary>
    public static async Task<string?> CheckReachableAsync(IConfiguration configuration)
    {
        if (!EngineServiceCollectionExtensions.UsesTemporal(configuration))
        {
            return null;
        }
        var options = configuration.GetSection(TemporalOptions.SectionName).Get<TemporalOptions>()!;
        Exception? last = null;
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            try
            {
                await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(options.Address!) { Namespace = options.Namespace });
                return null;
            }
            catch (Exception ex)
            {
                last = ex;
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
        return $"Bronn worker cannot reach Temporal at {options.Address} (Temporal:Address) after 4 attempts: {last?.Message}";
    }
}
