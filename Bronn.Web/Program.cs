using Bronn.Core.Configuration;
using Bronn.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddBronnWeb();
if (args is [MigrateCommand.Verb, ..])
{
    // EF probes the history table before creating it and logs the expected failure as an error: hide that noise.
    builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
}
var app = builder.Build();

if (args is [MigrateCommand.Verb, ..])
{
    return await MigrateCommand.RunAsync(app.Services);
}
if (args is [MigrateCommand.ReencryptVerb, ..])
{
    return await MigrateCommand.ReencryptAsync(app.Services);
}
if (StartupFailure.Check(app.Services) is { Count: > 0 } invalid)
{
    return StartupFailure.Report(invalid);
}

try
{
    app.UseBronn();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.ConfigurationFailures(ex) is { Count: > 0 } failures)
{
    return StartupFailure.Report(failures);
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
