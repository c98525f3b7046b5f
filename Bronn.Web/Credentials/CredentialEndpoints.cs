using System.Security.Claims;
using Bronn.Core.Credentials;
using Bronn.Web.Accounts;
using Bronn.Web.Hosting;

namespace Bronn.Web.Credentials;

/// <summary>/api/credentials: the signed-in user's credentials; secrets go in, never out.</summary>
public static class CredentialEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapCredentialEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/credentials").WithTags("Credentials").RequireAuthorization();
        api.MapGet("/", async (ClaimsPrincipal user, CredentialStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(Owner(user), ct)))
            .WithName("ListCredentials").WithSummary("Your credentials (never their secret values).");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetCredential").WithSummary("One credential (never its secret values).");
        api.MapPost("/", CreateAsync).WithName("CreateCredential").WithSummary("Store a credential: {name, type, data, allowedHosts?}; data is sealed.");
        api.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateCredential").WithSummary("Rename it, change its hosts, or replace its data.");
        api.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteCredential").WithSummary("Delete it; refused (409) while workflows use it.");
        return endpoints;
    }

    private static Guid Owner(ClaimsPrincipal user) => BronnClaims.UserIdOf(user)!.Value;

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, CredentialStore store, CancellationToken ct) =>
        await store.GetAsync(Owner(user), id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, CredentialStore store)
    {
        var (input, error) = await JsonBody.ReadAsync<CredentialInput>(request, MaxBodyBytes);
        if (error is not null)
        {
            return error;
        }
        if (CredentialTypes.Problem(input!) is { } problem)
        {
            return Problems.Validation(problem.Field, problem.Message);
        }
        var created = await store.CreateAsync(Owner(user), input!, request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/credentials/{created.Id}", created);
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpRequest request, ClaimsPrincipal user, CredentialStore store)
    {
        var (input, error) = await JsonBody.ReadAsync<CredentialInput>(request, MaxBodyBytes);
        if (error is not null)
        {
            return error;
        }
        if (CredentialTypes.Problem(input!, dataRequired: false) is { } problem)
        {
            return Problems.Validation(problem.Field, problem.Message);
        }
        try
        {
            return await store.UpdateAsync(Owner(user), id, input!, request.HttpContext.RequestAborted) is { } updated ? TypedResults.Ok(updated) : TypedResults.NotFound();
        }
        catch (ArgumentException ex)
        {
            return Problems.Validation("data", ex.Message);
        }
    }

    private static async Task<IResult> DeleteAsync(Guid id, ClaimsPrincipal user, CredentialStore store, CancellationToken ct)
    {
        var (outcome, usedBy) = await store.DeleteAsync(Owner(user), id, ct);
        return outcome switch
        {
            CredentialDeleteOutcome.Deleted => TypedResults.NoContent(),
            CredentialDeleteOutcome.NotFound => TypedResults.NotFound(),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The credential is in use",
                detail: $"Workflows still use it: {string.Join(", ", usedBy)}. Remove it from their nodes first."),
        };
    }
}
