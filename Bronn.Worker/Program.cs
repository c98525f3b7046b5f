using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Worker.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddBronnConfiguration(builder.Configuration);
builder.Services.AddBronnData();
builder.Services.AddHostedService<ReadinessReporter>();
// Seams for later issues: the Temporal worker and the token refresher register here.

try
{
    await builder.Build().RunAsync();
    return Environment.ExitCode;
}
catch (Exception ex) when (StartupFailure.ConfigurationFailures(ex) is { Count: > 0 } failures)
{
    return StartupFailure.Report(failures);
}
