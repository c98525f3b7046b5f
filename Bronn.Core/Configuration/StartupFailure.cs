using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Configuration;

/// <summary>Turns configuration failures into one readable line per problem, with no stack trace.</summary>
public static class StartupFailure
{
    public const int ExitCode = 2;

    /// <summary>The validation failures inside <paramref name="exception"/>, or none when it is not a configuration failure.</summary>
    public static IReadOnlyList<string> ConfigurationFailures(Exception exception) => exception switch
    {
        OptionsValidationException options => options.Failures.ToList(),
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(ConfigurationFailures).ToList(),
        _ => [],
    };

    /// <summary>
    /// Validates every shared options class now, before the host starts, so a bad setting is reported as a short
    /// message rather than the host's "failed to start" log with a stack trace.
    /// </summary>
    public static IReadOnlyList<string> Check(IServiceProvider services)
    {
        var failures = new List<string>();
        Collect(() => services.GetRequiredService<IOptions<DatabaseOptions>>().Value, failures);
        Collect(() => services.GetRequiredService<IOptions<BronnOptions>>().Value, failures);
        Collect(() => services.GetRequiredService<IOptions<Integrations.IntegrationsOptions>>().Value, failures);
        Collect(() => services.GetRequiredService<IOptions<Integrations.Vault.EncryptionOptions>>().Value, failures);
        Collect(() => services.GetRequiredService<IOptions<Execution.EngineOptions>>().Value, failures);
        Collect(() => services.GetRequiredService<IOptions<Execution.Http.OutboundHttpOptions>>().Value, failures);
        return failures;
    }

    private static void Collect(Func<object> resolve, List<string> failures)
    {
        try
        {
            resolve();
        }
        catch (OptionsValidationException ex)
        {
            failures.AddRange(ex.Failures);
        }
    }

    public static int Report(IReadOnlyList<string> failures)
    {
        Console.Error.WriteLine("Bronn cannot start: the configuration is invalid.");
        foreach (var failure in failures.Distinct())
        {
            Console.Error.WriteLine($"  - {failure}");
        }
        Console.Error.WriteLine("Settings come from appsettings.json and environment variables such as Bronn__Jwt__SigningKey.");
        return ExitCode;
    }
}
