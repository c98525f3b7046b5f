namespace Bronn.Core.Integrations.Providers;

/// <summary>A provider refused or failed an API call. <see cref="ProviderMessage"/> is the provider's own words.</summary>
public sealed class ProviderApiException(string integration, int statusCode, string? providerCode, string providerMessage)
    : Exception($"{integration} answered {statusCode}{(providerCode is null ? "" : $" ({providerCode})")}: {providerMessage}")
{
    public string Integration { get; } = integration;
    public int StatusCode { get; } = statusCode;
    public string? ProviderCode { get; } = providerCode;
    public string ProviderMessage { get; } = providerMessage;

    /// <summary>Worth trying again later (rate limits, provider outages).</summary>
    public bool IsTransient => StatusCode is 429 or >= 500;
}
