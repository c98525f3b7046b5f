using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Bronn.Core.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The running build's version (the assembly's informational version).</summary>
    public static string Version { get; } =
        typeof(TelemetryServiceCollectionExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// Metrics (Bronn's, .NET runtime, HttpClient, Npgsql) and traces (executions and their steps; with an OTLP endpoint
    /// also HttpClient and Npgsql), exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set. Each process adds its own
    /// exporters and instrumentation.
    /// </summary>
    public static OpenTelemetryBuilder AddBronnTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        services.AddSingleton<SystemGauges>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: Version))
            .WithMetrics(metrics => metrics
                .AddMeter(BronnMetrics.MeterName, "System.Runtime", "System.Net.Http", "Npgsql")
                .AddInstrumentation(sp => sp.GetRequiredService<SystemGauges>()))
            .WithTracing(tracing => tracing.AddSource(ExecutionTraces.SourceName));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing.AddHttpClientInstrumentation().AddNpgsql()).UseOtlpExporter();
        }
        else
        {
            // Nothing to export spans to: only their context is kept (a webhook's traceparent still reaches the execution
            // and http.request's calls), nothing is recorded, and no span is made per SQL command or outgoing call.
            telemetry.WithTracing(tracing => tracing.SetSampler(new AlwaysOffSampler()));
        }
        return telemetry;
    }
}
