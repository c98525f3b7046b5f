using System.Security.Claims;
using Bronn.Core.Accounts;
using Bronn.Web.Hosting;

namespace Bronn.Web.Accounts;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record RoleRequest(string? Role);

/// <summary>
/// Changes to an account that end its sessions: signing out everywhere, a new password, a role change, deletion.
/// Each renews the security stamp, so every token issued before stops working at once.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var own = endpoints.MapGroup("/api/auth").WithTags("Accounts").RequireAuthorization();
        own.MapPost("/sign-out-everywhere", SignOutEverywhereAsync).WithName("SignOutEverywhere")
            .WithSummary("End every session of this account (all browsers and API tokens).");
        own.MapPost("/password", ChangePasswordAsync).WithName("ChangePassword")
            .WithSummary("Body {\"currentPassword\", \"newPassword\"}; ends every other session and returns a new token.");
        own.MapDelete("/me", DeleteOwnAsync).WithName("DeleteAccount").WithSummary("Delete this account and everything it owns.");

        var admin = endpoints.MapGroup("/api/admin/users").WithTags("Admin")
            .RequireAuthorization(AccountsWebServiceCollectionExtensions.AdminPolicy);
        admin.MapPut("/{id:guid}/role", SetRoleAsync).WithName("SetUserRole")
            .WithSummary("Body {\"role\": \"admin\" | \"user\"}; the account's sessions end.");
        admin.MapDelete("/{id:guid}", DeleteUserAsync).WithName("DeleteUser").WithSummary("Delete an account and everything it owns.");
        return endpoints;
    }

    private static async Task<IResult> SignOutEverywhereAsync(HttpContext http, ClaimsPrincipal user, AccountService accounts)
    {
        await accounts.SignOutEverywhereAsync(BronnClaims.UserIdOf(user)!.Value, http.RequestAborted);
        AuthCookie.Delete(http);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ChangePasswordAsync(HttpRequest request, ClaimsPrincipal user, AccountService accounts, AccessTokenIssuer issuer)
    {
        var (body, error) = await JsonBody.ReadAsync<ChangePasswordRequest>(request);
        if (error is not null)
        {
            return error;
        }
        if (string.IsNullOrEmpty(body!.CurrentPassword))
        {
            return Problems.Validation("currentPassword", "Enter your current password.");
        }
        if (PasswordRules.Validate(body.NewPassword) is { } problem)
        {
            return Problems.Validation("newPassword", problem);
        }
        var id = BronnClaims.UserIdOf(user)!.Value;
        if (!await accounts.ChangePasswordAsync(id, body.CurrentPassword, body.NewPassword!, request.HttpContext.RequestAborted))
        {
            return Problems.Validation("currentPassword", "The current password is incorrect.");
        }
        var token = issuer.Issue((await accounts.FindAsync(id, request.HttpContext.RequestAborted))!);
        if (request.Cookies.ContainsKey(AuthCookie.Name))
        {
            AuthCookie.Append(request.HttpContext, token.Value, token.ExpiresAt);
        }
        return TypedResults.Ok(new AccessTokenResponse(token.Value, "Bearer", token.ExpiresInSeconds));
    }

    private static async Task<IResult> DeleteOwnAsync(HttpContext http, ClaimsPrincipal user, AccountService accounts)
    {
        await accounts.DeleteAsync(BronnClaims.UserIdOf(user)!.Value, http.RequestAborted);
        AuthCookie.Delete(http);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetRoleAsync(Guid id, HttpRequest request, ClaimsPrincipal user, AccountService accounts)
    {
        var (body, error) = await JsonBody.ReadAsync<RoleRequest>(request);
        if (error is not null)
        {
            return error;
        }
        if (body!.Role is not (Roles.Admin or Roles.User))
        {
            return Problems.Validation("role", "role must be \"admin\" or \"user\".");
        }
        if (id == BronnClaims.UserIdOf(user) && body.Role != Roles.Admin)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cannot demote yourself",
                detail: "Ask another admin to change your role, so Bronn always keeps an admin.");
        }
        return await accounts.ChangeRoleAsync(id, body.Role, request.HttpContext.RequestAborted) ? TypedResults.NoContent() : NotFound(id);
    }

    private static async Task<IResult> DeleteUserAsync(Guid id, HttpContext http, ClaimsPrincipal user, AccountService accounts)
    {
        if (id == BronnClaims.UserIdOf(user))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cannot delete yourself here",
                detail: "Use DELETE /api/auth/me to delete your own account.");
        }
        return await accounts.DeleteAsync(id, http.RequestAborted) ? TypedResults.NoContent() : NotFound(id);
    }

    private static IResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such account", detail: $"There is no account {id}.");
}
