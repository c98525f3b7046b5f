using System.Security.Claims;
using Bronn.Core.Integrations;
using Bronn.Core.Integrations.OAuth;
using Bronn.Web.Accounts;
using Bronn.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bronn.Web.Integrations;

public static class IntegrationEndpoints
{
    public static IEndpointRouteBuilder MapIntegrationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var flow = endpoints.MapGroup("/integrations").WithTags("Integrations");
        flow.MapGet("/connect/{integration}", ConnectAsync).RequireAuthorization()
            .WithName("ConnectIntegration").WithSummary("Send the browser to the provider to grant access (state + PKCE).");
        flow.MapGet("/callback/{provider}", CallbackAsync).AllowAnonymous()
            .WithName("IntegrationCallback").WithSummary("The provider's redirect back; the signed-in user must be the one who started it.");
        flow.MapGet("/status/{integration}", StatusAsync).RequireAuthorization()
            .WithName("IntegrationStatus").WithSummary("The signed-in user's connection to one integration.");

        var api = endpoints.MapGroup("/api/integrations").WithTags("Integrations").RequireAuthorization();
        api.MapGet("/", ListAsync).WithName("ListIntegrations").WithSummary("Every integration with the signed-in user's status.");
        api.MapDelete("/{integration}", DisconnectAsync).WithName("DisconnectIntegration")
            .WithSummary("Revoke at the provider where possible and delete the stored credentials.");
        return endpoints;
    }

    private static async Task<IResult> ConnectAsync(string integration, string? returnUrl, ClaimsPrincipal user,
        IntegrationCatalog catalog, OAuthConnectFlow flow, CancellationToken ct)
    {
        var descriptor = catalog.Find(integration);
        if (descriptor is null)
        {
            return UnknownIntegration(integration, catalog);
        }
        var back = string.IsNullOrEmpty(returnUrl) ? "/integrations" : ReturnUrls.Safe(returnUrl);
        if (back is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid returnUrl",
                detail: "returnUrl must be a path on this site written in URL-safe characters, such as /integrations.");
        }
        if (!descriptor.IsConfigured)
        {
            return TypedResults.Redirect(WithOutcome(back, "not_configured", integration));
        }
        var url = await flow.StartAsync(BronnClaims.UserIdOf(user)!.Value, descriptor, back, ct);
        return TypedResults.Redirect(url);
    }

    private static async Task<RedirectHttpResult> CallbackAsync(string provider, string? code, string? state, string? error,
        HttpRequest request, ClaimsPrincipal user, OAuthCallback callback, CancellationToken ct)
    {
        if (BronnClaims.UserIdOf(user) is not { } signedIn)
        {
            // The grant joins the account that is signed in here, never "whoever started the flow": sign in, then come back.
            var callbackUrl = request.PathBase + request.Path + request.QueryString;
            return TypedResults.Redirect($"/signin?returnUrl={Uri.EscapeDataString(callbackUrl.Length <= ReturnUrls.MaxLength ? callbackUrl : "/integrations")}");
        }
        var result = await callback.CompleteAsync(provider, code, state, error, signedIn, ct);
        var back = ReturnUrls.Safe(result.ReturnUrl) ?? "/integrations";
        return TypedResults.Redirect(WithOutcome(back, OAuthOutcomes.Code(result.Outcome), result.Integration));
    }

    private static async Task<IResult> StatusAsync(string integration, ClaimsPrincipal user, IntegrationConnections connections,
        IntegrationCatalog catalog, CancellationToken ct)
    {
        var view = await connections.GetAsync(BronnClaims.UserIdOf(user)!.Value, integration, ct);
        return view is null ? UnknownIntegration(integration, catalog) : TypedResults.Ok(IntegrationStatusResponse.From(view));
    }

    private static async Task<Ok<List<IntegrationStatusResponse>>> ListAsync(ClaimsPrincipal user, IntegrationConnections connections, CancellationToken ct)
    {
        var views = await connections.ListAsync(BronnClaims.UserIdOf(user)!.Value, ct);
        return TypedResults.Ok(views.ConvertAll(IntegrationStatusResponse.From));
    }

    private static async Task<IResult> DisconnectAsync(string integration, ClaimsPrincipal user, IntegrationConnections connections,
        IntegrationCatalog catalog, CancellationToken ct)
    {
        if (catalog.Find(integration) is null)
        {
            return UnknownIntegration(integration, catalog);
        }
        return await connections.DisconnectAsync(BronnClaims.UserIdOf(user)!.Value, integration, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not connected",
                detail: $"You have no {catalog.Find(integration)!.DisplayName} connection to disconnect.");
    }

    private static ProblemHttpResult UnknownIntegration(string integration, IntegrationCatalog catalog) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown integration",
            detail: $"There is no integration named '{Truncate(integration)}'. Known integrations: {string.Join(", ", catalog.All.Select(i => i.Name))}.");

    private static string WithOutcome(string path, string outcome, string? integration)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var query = $"outcome={outcome}" + (integration is null ? "" : $"&integration={Uri.EscapeDataString(integration)}");
        return path + separator + query;
    }

    private static string Truncate(string value) => value.Length > 64 ? value[..64] + "…" : value;
}
