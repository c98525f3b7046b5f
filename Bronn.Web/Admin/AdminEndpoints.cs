using Bronn.Core.Accounts;
using Bronn.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bronn.Web.Admin;

public sealed record SystemResponse(Bronn.Core.Execution.Health.SystemSnapshot System, IReadOnlyDictionary<string, string> Configuration);

public sealed record UserSummary(Guid Id, string Email, string Role, DateTimeOffset CreatedAt);

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/admin").WithTags("Admin")
            .RequireAuthorization(AccountsWebServiceCollectionExtensions.AdminPolicy);
        admin.MapGet("/users", ListUsersAsync).WithName("ListUsers").WithSummary("Every account, oldest first (admins only).");
        admin.MapGet("/system", SystemAsync).WithName("SystemOverview")
            .WithSummary("Engine processes alive (with their leases), queue depth, runs finished in the last hour, recent failures, version and settings (secrets masked).");
        return endpoints;
    }

    private static async Task<Ok<SystemResponse>> SystemAsync(Bronn.Core.Execution.Health.SystemOverview overview, IConfiguration configuration,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(new SystemResponse(await overview.ReadAsync(cancellationToken),
            ConfigurationReport.Read(configuration).ToDictionary(p => p.Key, p => p.Value)));

    private static async Task<Ok<List<UserSummary>>> ListUsersAsync(AccountService accounts, CancellationToken cancellationToken)
    {
        var users = await accounts.ListAsync(cancellationToken);
        return TypedResults.Ok(users.ConvertAll(u => new UserSummary(u.Id, u.Email, u.Role, u.CreatedAt)));
    }
}
