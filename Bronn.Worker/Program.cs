using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Worker.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddBronnConfiguration(builder.Configuration);
builder.Services.AddBronnData();
builder.Services.AddHostedService<ReadinessReporter>();
// Seams for later issues: the Temporal worker and the token refresher register here.

var host = builder.Build();
if (StartupFailure.Check(host.Services) is { Count: > 0 } invalid)
{
    return StartupFailure.Report(invalid);
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
