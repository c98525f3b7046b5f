namespace Bronn.Web.Hosting;

/// <summary>
/// At Debug, SignalR logs every hub invocation with its arguments, which for a Blazor circuit are what the user typed
/// (a credential's value, a password). These categories log at Warning and above whatever the configuration or a
/// provider asks for: a rule per provider, since a provider's own rule would win over a general one.
/// </summary>
internal static class SecretSafeLogging
{
    private static readonly string[] Categories =
        ["Microsoft.AspNetCore.SignalR", "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Components.Server"];

    public static IServiceCollection AddSecretSafeLogging(this IServiceCollection services)
    {
        services.AddOptions<LoggerFilterOptions>().PostConfigure<IEnumerable<ILoggerProvider>>((options, providers) =>
        {
            foreach (var provider in providers.Select(p => p.GetType().FullName).Append(null).Distinct())
            {
                foreach (var category in Categories)
                {
                    options.Rules.Add(new LoggerFilterRule(provider, category, LogLevel.Warning, filter: null));
                }
            }
        });
        return services;
    }
}
