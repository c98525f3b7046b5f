using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Catalog.Nodes;
using Bronn.Core.Workflows.Catalog.Nodes.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Execution;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Execution records and the services that start and read them (every process).</summary>
    public static IServiceCollection AddExecutions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>();
        services.AddSingleton<IValidateOptions<Http.OutboundHttpOptions>, EngineOptionsValidator>();
        services.AddOptions<Temporal.TemporalOptions>().Bind(configuration.GetSection(Temporal.TemporalOptions.SectionName));
        if (UsesTemporal(configuration))
        {
            var temporal = configuration.GetSection(Temporal.TemporalOptions.SectionName).Get<Temporal.TemporalOptions>()!;
            services.AddSingleton<Temporalio.Client.ITemporalClient>(_ => Temporalio.Client.TemporalClient.CreateLazy(
                new Temporalio.Client.TemporalClientConnectOptions(temporal.Address!) { Namespace = temporal.Namespace }));
            services.AddSingleton<IExecutionLauncher, TemporalLauncher>();
        }
        else
        {
            services.AddSingleton<IExecutionLauncher, EmbeddedLauncher>();
        }
        services.AddSingleton<ExecutionSignal>();
        services.AddSingleton<EngineCapacity>();
        services.AddSingleton<InProcessRuns>();
        services.AddSingleton<PoisonRuns>();
        services.AddSingleton<ImmediateRuns>();
        services.AddSingleton<Shutdown.EngineDraining>();
        services.AddHostedService<Shutdown.EngineDrain>();
        // The drain has Engine:ShutdownGrace; the services stopping after it need a little more.
        services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host => host.ShutdownTimeout = ShutdownGraceOf(configuration) + TimeSpan.FromSeconds(15));
        services.AddSingleton<Webhooks.WebhookDeliveries>();
        services.AddSingleton<Health.SystemOverview>();
        services.AddSingleton<Live.ExecutionChangeFeed>();
        services.AddHostedService<Live.ExecutionChangeRelay>();
        services.AddSingleton<Triggers.ActiveTriggers>();
        services.AddWorkflowChangesListener(); // active triggers are cached until a change is heard
        services.AddSingleton<PublishedGraphs>();
        services.AddSingleton<ExecutionLeases>();
        services.AddSingleton<Writes.ExecutionWriteBatcher>();
        services.AddSingleton<NodeInvoker>();
        services.AddSingleton<ExecutionRunner>();
        services.AddSingleton<ErrorWorkflows.ErrorWorkflowRuns>();
        services.AddSingleton<SubWorkflows.SubWorkflowRuns>();
        services.AddSingleton<ExecutionService>();
        services.AddSingleton<Testing.DraftRuns>();
        services.AddSingleton<Testing.NodeTester>();
        services.AddOptions<Http.OutboundHttpOptions>().Bind(configuration.GetSection(Http.OutboundHttpOptions.SectionName))
            .Validate(o => o.MaxRequestBytes > 0 && o.MaxResponseBytes > 0, "Engine:Http:MaxRequestBytes and MaxResponseBytes must be positive numbers of bytes.")
            .ValidateOnStart();
        services.AddSingleton<Http.OutboundAddressPolicy>();
        // Each call's own timeout (the node's parameter) bounds it, not the client's.
        services.AddHttpClient(HttpRequestNode.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => Http.GuardedHttpHandler.Create(sp.GetRequiredService<Http.OutboundAddressPolicy>()));
        services.AddSingleton<Credentials.ClientCredentialsTokens>();
        return services;
    }

    /// <summary>The embedded engine's loop, unless Engine:Enabled is false.</summary>
    public static IServiceCollection AddEmbeddedEngine(this IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetValue(EngineOptions.SectionName + ":Enabled", true))
        {
            return services;
        }
        // With Temporal configured, Temporal runs the workflows and the schedules; webhook and Gmail triggers still fire
        // here and hand executions over.
        if (!UsesTemporal(configuration))
        {
            services.AddHostedService<ExecutionDispatcher>();
            services.AddHostedService<Health.EngineHeartbeat>();
            services.AddSingleton<Health.StuckRunSweep>();
            services.AddHostedService(sp => sp.GetRequiredService<Health.StuckRunSweep>());
        }
        {
            if (UsesTemporal(configuration))
            {
                // Schedule triggers become Temporal schedules, which start their runs themselves.
                services.AddSingleton<Temporal.TemporalScheduleSync>();
                services.AddHostedService(sp => sp.GetRequiredService<Temporal.TemporalScheduleSync>());
                services.AddHostedService<Temporal.TemporalLaunchRecovery>();
            }
            else
            {
                services.AddSingleton<Triggers.ScheduleTriggerService>();
                services.AddHostedService(sp => sp.GetRequiredService<Triggers.ScheduleTriggerService>());
            }
            services.AddSingleton<Triggers.GmailTriggerService>();
            services.AddHostedService(sp => sp.GetRequiredService<Triggers.GmailTriggerService>());
            services.AddSingleton<ExecutionPruner>();
            services.AddHostedService(sp => sp.GetRequiredService<ExecutionPruner>());
        }
        return services;
    }

    /// <summary>
    /// Engine:ShutdownGrace read raw, not through the validated options: a bad setting must be reported by the start-up
    /// check, not thrown while the host is built. Out of range or unreadable: the default.
    /// </summary>
    public static TimeSpan ShutdownGraceOf(IConfiguration configuration) =>
        TimeSpan.TryParse(configuration[EngineOptions.SectionName + ":" + nameof(EngineOptions.ShutdownGrace)], System.Globalization.CultureInfo.InvariantCulture, out var grace)
        && grace >= TimeSpan.Zero && grace <= TimeSpan.FromMinutes(10) ? grace : new EngineOptions().ShutdownGrace;

    public static bool UsesTemporal(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[Temporal.TemporalOptions.SectionName + ":Address"]);
}
