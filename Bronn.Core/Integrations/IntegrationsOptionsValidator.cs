using Microsoft.Extensions.Options;

namespace Bronn.Core.Integrations;

public sealed class IntegrationsOptionsValidator : IValidateOptions<IntegrationsOptions>
{
    public ValidateOptionsResult Validate(string? name, IntegrationsOptions options)
    {
        var failures = new List<string>();
        foreach (var (integration, definition) in options.Catalog)
        {
            if (!options.Providers.ContainsKey(definition.Provider))
            {
                failures.Add($"Integrations:Catalog:{integration}:Provider names '{definition.Provider}', which is not under Integrations:Providers.");
            }
        }
        foreach (var (provider, settings) in options.Providers)
        {
            foreach (var (key, url) in new[]
            {
                ("AuthorizationEndpoint", settings.AuthorizationEndpoint), ("TokenEndpoint", settings.TokenEndpoint),
                ("RevocationEndpoint", settings.RevocationEndpoint), ("UserInfoEndpoint", settings.UserInfoEndpoint), ("ApiBaseUrl", settings.ApiBaseUrl),
            })
            {
                if (!string.IsNullOrWhiteSpace(url) && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                {
                    failures.Add($"Integrations:Providers:{provider}:{key} must be an absolute http(s) URL.");
                }
            }
        }
        var refresh = options.Refresh;
        if (refresh.Interval < TimeSpan.FromSeconds(1))
        {
            failures.Add("Integrations:Refresh:Interval must be at least 00:00:01.");
        }
        if (refresh.Margin <= TimeSpan.Zero)
        {
            failures.Add("Integrations:Refresh:Margin must be a positive time span such as 00:10:00.");
        }
        if (refresh.LeaseDuration < TimeSpan.FromSeconds(1) || refresh.FailuresBeforeError < 1 || refresh.SweepBatchSize < 1 || refresh.SweepParallelism < 1)
        {
            failures.Add("Integrations:Refresh: LeaseDuration, FailuresBeforeError, SweepBatchSize and SweepParallelism must be positive.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
