using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Core.Execution;
using Bronn.Core.Integrations;
using Bronn.Core.Telemetry;
using Bronn.Core.Workflows;
using Bronn.Worker.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddBronnDefaults();
builder.Services.AddBronnConfiguration(builder.Configuration);
builder.Services.AddBronnData();
builder.Services.AddIntegrations(builder.Configuration);
builder.Services.AddIntegrationBackgroundServices();
builder.Services.AddWorkflows();
builder.Services.AddExecutions(builder.Configuration);
builder.Services.AddEmbeddedEngine(builder.Configuration);
builder.Services.AddBronnTelemetry(builder.Configuration, "bronn-worker");
builder.Services.AddHostedService<ReadinessReporter>();
builder.AddTemporalWorker();

var host = builder.Build();
if (StartupFailure.Check(host.Services) is { Count: > 0 } invalid)
{
    return StartupFailure.Report(invalid);
}
if (await TemporalBackend.CheckReachableAsync(builder.Configuration) is { } unreachable)
{
    Console.Error.WriteLine(unreachable);
    return TemporalBackend.UnreachableExitCode;
}
try
{
    await host.RunAsync();
    return Environment.ExitCode;
}
catch (Exception ex) when (StartupFailure.ConfigurationFailures(ex) is { Count: > 0 } failures)
{
    return StartupFailure.Report(failures);
}
