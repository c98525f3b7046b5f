using System.Net;
using Bronn.Core.Accounts;
using Bronn.Core.Configuration;
using Bronn.Core.Telemetry;
using Bronn.Web.Accounts.ApiKeys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Bronn.Web.Telemetry;

/// <summary>
/// Metrics at /metrics in Prometheus text format, for loopback clients (a local Prometheus or agent) and for admins'
/// API keys from elsewhere; traces of requests, outgoing calls, SQL and executions (OTLP when configured).
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";
    public const string Policy = "metrics";

    public static IServiceCollection AddBronnWebTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBronnTelemetry(configuration, "bronn-web")
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter())
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(asp => asp.Filter = http => IsTraced(http.Request.Path)));
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.RequireAssertion(context =>
            context.Resource is HttpContext http && IPAddress.IsLoopback(http.Connection.RemoteIpAddress ?? IPAddress.None)
            || context.User.IsInRole(Roles.Admin) && context.User.Identities.Any(i => i.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)));
        return services;
    }

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<BronnOptions>>().Value.Metrics.Enabled)
        {
            endpoints.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(Policy).WithName("Metrics");
        }
        return endpoints;
    }

    /// <summary>Counts webhook answers by status code, as the caller got them (after the exception handlers).</summary>
    public static IApplicationBuilder UseWebhookResponseCounts(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!http.Request.Path.StartsWithSegments("/hooks"))
        {
            await next(http);
            return;
        }
        try
        {
            await next(http);
        }
        finally
        {
            BronnMetrics.WebhookResponses.Add(1, new KeyValuePair<string, object?>("code", http.Response.StatusCode));
        }
    });

    /// <summary>Health probes, scrapes, static files and the Blazor circuit would drown the traces that matter.</summary>
    private static bool IsTraced(PathString path) =>
        !path.StartsWithSegments(Path) && !path.StartsWithSegments("/healthz") && !path.StartsWithSegments("/_framework")
        && !path.StartsWithSegments("/_content") && !path.StartsWithSegments("/_blazor");
}
