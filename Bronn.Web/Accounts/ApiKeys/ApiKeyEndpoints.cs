using System.Security.Claims;
using Bronn.Core.Accounts.ApiKeys;
using Bronn.Web.Hosting;

namespace Bronn.Web.Accounts.ApiKeys;

/// <summary>/api/auth/api-keys: the signed-in user's personal API keys.</summary>
public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/auth/api-keys").WithTags("Accounts").RequireAuthorization();
        api.MapPost("/", CreateAsync).WithName("CreateApiKey")
            .WithSummary("Create a personal API key: {name, expiresInDays?, readOnly?}. The key is in this answer only.");
        api.MapGet("/", async (ClaimsPrincipal user, ApiKeyStore keys, CancellationToken ct) => TypedResults.Ok(await keys.ListAsync(Owner(user), ct)))
            .WithName("ListApiKeys").WithSummary("Your API keys: name, prefix, created, last used, expiry (never the key).");
        api.MapDelete("/{id:guid}", async (Guid id, ClaimsPrincipal user, ApiKeyStore keys, CancellationToken ct) =>
                await keys.RevokeAsync(Owner(user), id, ct) ? Results.NoContent() : Results.NotFound())
            .WithName("RevokeApiKey").WithSummary("Revoke a key: it stops working at once.");
        return endpoints;
    }

    private static Guid Owner(ClaimsPrincipal user) => BronnClaims.UserIdOf(user)!.Value;

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, ApiKeyStore keys)
    {
        var (input, error) = await JsonBody.ReadAsync<ApiKeyInput>(request, 4096);
        if (error is not null)
        {
            return error;
        }
        if (input!.Problem() is { } problem)
        {
            return Problems.Validation(problem.Field, problem.Message);
        }
        var (outcome, key) = await keys.CreateAsync(Owner(user), input, request.HttpContext.RequestAborted);
        return outcome == ApiKeyCreateOutcome.TooMany
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many API keys",
                detail: $"You have {ApiKeyInput.MaxKeysPerUser} API keys, the most an account may have. Revoke one you no longer use.")
            : TypedResults.Created("/api/auth/api-keys", key);
    }
}
