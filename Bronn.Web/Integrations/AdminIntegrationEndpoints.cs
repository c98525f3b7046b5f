using Bronn.Core.Integrations;
using Bronn.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bronn.Web.Integrations;

public static class AdminIntegrationEndpoints
{
    public static IEndpointRouteBuilder MapAdminIntegrationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/admin/integrations").WithTags("Admin")
            .RequireAuthorization(AccountsWebServiceCollectionExtensions.AdminPolicy);
        admin.MapGet("/", ListAsync).WithName("AdminListIntegrations").WithSummary("Every user's connections, filterable by provider and status.");
        admin.MapGet("/summary", async (IntegrationAdministration administration, CancellationToken ct) =>
            TypedResults.Ok(await administration.SummarizeAsync(ct)))
            .WithName("AdminIntegrationSummary").WithSummary("Counts by status, and the active connections that expire within 24 hours and cannot renew themselves.");
        admin.MapGet("/events", async (int? limit, IntegrationAdministration administration, CancellationToken ct) =>
            TypedResults.Ok(await administration.RecentEventsAsync(limit ?? 50, ct)))
            .WithName("AdminIntegrationEvents").WithSummary("The most recent integration events, newest first.");
        admin.MapPost("/{id:guid}/refresh", RefreshAsync).WithName("AdminRefreshIntegration").WithSummary("Refresh one connection now.");
        return endpoints;
    }

    private static async Task<Ok<List<AdminConnectionResponse>>> ListAsync(string? provider, string? status,
        IntegrationAdministration administration, CancellationToken ct)
    {
        var rows = await administration.ListAsync(provider, status, ct);
        return TypedResults.Ok(rows.ConvertAll(r => new AdminConnectionResponse(r.View.Id!.Value, r.View.UserId, r.UserEmail,
            r.View.Integration, r.View.Provider, r.View.Status, r.View.Account, r.View.ExpiresAt, r.View.LastRefreshedAt, r.View.StatusMessage)));
    }

    private static async Task<IResult> RefreshAsync(Guid id, IntegrationAdministration administration, CancellationToken ct)
    {
        var result = await administration.RefreshNowAsync(id, ct);
        return result is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such connection", detail: $"There is no connection {id}.")
            : TypedResults.Ok(new { result = result.Value.ToString().ToLowerInvariant() });
    }
}
