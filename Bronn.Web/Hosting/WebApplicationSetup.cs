using Bronn.Web.Telemetry;
using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Web.Accounts;
using Bronn.Web.Accounts.ApiKeys;
using Bronn.Web.Admin;
using Bronn.Web.Components;
using Bronn.Web.Integrations;
using Bronn.Web.Workflows;
using Bronn.Web.Credentials;
using Bronn.Web.Execution;
using Bronn.Core.Workflows;
using Bronn.Core.Execution;
using Bronn.Core.Integrations;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Bronn.Web.Hosting;

public static class WebApplicationSetup
{
    public static WebApplicationBuilder AddBronnWeb(this WebApplicationBuilder builder)
    {
        // Serves the build output's static assets outside Development too (./bronn run runs the build output).
        builder.WebHost.UseStaticWebAssets();

        builder.Configuration.AddBronnDefaults();
        var services = builder.Services;
        services.AddBronnConfiguration(builder.Configuration);
        services.AddBronnData();
        services.AddBronnAuthentication();
        services.AddIntegrations(builder.Configuration);
        // Single-process default: this process also listens for changes and refreshes ahead of expiry.
        services.AddIntegrationBackgroundServices();
        services.AddWorkflows();
        services.AddWorkflowChangesListener(); // this process answers webhooks
        services.AddExecutions(builder.Configuration);
        services.AddEmbeddedEngine(builder.Configuration);
        services.AddWebhooks();
        services.AddSignalR();
        services.AddHostedService<IntegrationsHubBroadcaster>();
        services.AddSecretSafeLogging();
        services.AddBronnHealthChecks();
        services.AddHostedService<Bronn.Core.Data.DatabaseMonitor>(); // the banner screens show during an outage
        services.AddBronnWebTelemetry(builder.Configuration);
        services.AddExceptionHandler<DatabaseUnavailable>();
        services.AddExceptionHandler<WritesBackedUp>();
        services.AddProblemDetails();
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer<OpenApiSecuritySchemes>());
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<BronnOptions>>((https, bronn) =>
        {
            if (bronn.Value.UsesHttps)
            {
                https.HttpsPort = new Uri(bronn.Value.PublicBaseUrl).Port;
            }
        });
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<BronnOptions>>((forwarded, bronn) => TrustedProxies.Configure(forwarded, bronn.Value));
        return builder;
    }

    public static WebApplication UseBronn(this WebApplication app)
    {
        var bronn = app.Services.GetRequiredService<IOptions<BronnOptions>>().Value;
        if (bronn.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders(); // first: the client address and scheme every later step sees
        }

        app.UseWebhookResponseCounts(); // outside the exception handlers: counts the status the caller got
        app.UseWhen(c => RequestKind.IsApi(c.Request), api => api.UseExceptionHandler());
        app.UseWhen(c => !RequestKind.IsApi(c.Request), pages =>
        {
            pages.UseExceptionHandler("/Error", createScopeForErrors: true);
            pages.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);
        });
        if (bronn.UsesHttps)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseBronnSecurityHeaders();
        // Explicitly after the status-code pages, so a re-executed request (/error/403) is routed again.
        app.UseRouting();
        app.UseCrossSiteRequestCheck();
        app.UseAuthentication();
        app.UseReadOnlyApiKeys();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapBronnHealthEndpoints();
        app.MapMetricsEndpoint();
        app.MapAuthEndpoints();
        app.MapApiKeyEndpoints();
        app.MapAccountEndpoints();
        app.MapAdminEndpoints();
        app.MapIntegrationEndpoints();
        app.MapAdminIntegrationEndpoints();
        app.MapHub<IntegrationsHub>(IntegrationsHub.Path);
        app.MapWorkflowEndpoints();
        app.MapCredentialEndpoints();
        app.MapExecutionEndpoints();
        app.MapWebhookEndpoints();
        app.MapOpenApi().RequireAuthorization();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
