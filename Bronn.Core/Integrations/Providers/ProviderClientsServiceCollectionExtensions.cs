using System.Net;
using Bronn.Core.Integrations.Providers.Drive;
using Bronn.Core.Integrations.Providers.Google;
using Bronn.Core.Integrations.Providers.Notion;
using Bronn.Core.Integrations.Providers.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Bronn.Core.Integrations.Providers;

public static class ProviderClientsServiceCollectionExtensions
{
    /// <summary>The typed Gmail, Drive, Slack and Notion clients the workflow actions use.</summary>
    public static IServiceCollection AddProviderApiClients(this IServiceCollection services)
    {
        services.AddHttpClient<GmailClient>().AddProviderResilience();
        services.AddHttpClient<DriveClient>().AddProviderResilience();
        services.AddHttpClient<SlackClient>().AddProviderResilience();
        services.AddHttpClient<NotionClient>().AddProviderResilience();
        return services;
    }

    /// <summary>
    /// Retries with jittered exponential backoff, honouring Retry-After: a 429 for any request (the provider did
    /// nothing), a 5xx or network error only for safe methods, so a send is never repeated by the pipeline.
    /// </summary>
    private static IHttpClientBuilder AddProviderResilience(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler("provider", pipeline =>
        {
            pipeline.AddTimeout(TimeSpan.FromMinutes(2));
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage()?.Method)),
            });
            pipeline.AddTimeout(TimeSpan.FromSeconds(30));
        });
        return builder;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpMethod? method)
    {
        var safe = method == HttpMethod.Get || method == HttpMethod.Head;
        if (outcome.Result is { } response)
        {
            return response.StatusCode == HttpStatusCode.TooManyRequests || (safe && (int)response.StatusCode >= 500);
        }
        return safe && outcome.Exception is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException;
    }
}
