using Bronn.Core.Accounts;
using Bronn.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bronn.Web.Admin;

public sealed record UserSummary(Guid Id, string Email, string Role, DateTimeOffset CreatedAt);

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/admin").WithTags("Admin")
            .RequireAuthorization(AccountsWebServiceCollectionExtensions.AdminPolicy);
        admin.MapGet("/users", ListUsersAsync).WithName("ListUsers").WithSummary("Every account, oldest first (admins only).");
        return endpoints;
    }

    private static async Task<Ok<List<UserSummary>>> ListUsersAsync(AccountService accounts, CancellationToken cancellationToken)
    {
        var users = await accounts.ListAsync(cancellationToken);
        return TypedResults.Ok(users.ConvertAll(u => new UserSummary(u.Id, u.Email, u.Role, u.CreatedAt)));
    }
}
