using Bronn.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bronn.Web.Tests.Startup;

/// <summary>Production logs carry what an operator acts on, not a line per outgoing request.</summary>
public sealed class LoggingDefaultsTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    [Theory]
    [InlineData("Polly")] // the resilience pipeline's per-attempt lines
    [InlineData("System.Net.Http.HttpClient.workflow-http.LogicalHandler")]
    public void Per_request_lines_of_outgoing_calls_are_not_logged_at_information(string category)
    {
        // The app's own logging configuration (the shipped defaults, as every process loads them) over a plain provider.
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(logging => logging
            .AddConfiguration(app.Services.GetRequiredService<IConfiguration>().GetSection("Logging")).AddProvider(logs));
        var logger = factory.CreateLogger(category);

        logger.LogInformation("attempt 1 took 12 ms");
        logger.LogWarning("attempt 1 failed; retrying");

        Assert.Equal(["attempt 1 failed; retrying"], logs.Lines.Select(l => l[(l.IndexOf("attempt", StringComparison.Ordinal))..].Trim()));
    }
}
