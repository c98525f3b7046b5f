using System.Security.Claims;
using Bronn.Core.Accounts;
using Bronn.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bronn.Web.Accounts;

public sealed record CredentialsRequest(string? Email, string? Password);

public sealed record AccessTokenResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);

public sealed record CurrentUserResponse(Guid Id, string Email, string Role);

public static class AuthEndpoints
{
    // Bodies are read by JsonBody (not bound), so a wrong content type gets a 400 that says what to send.
    private const string BodyDescription = "Body: application/json {\"email\": string, \"password\": string}.";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/auth").WithTags("Accounts");

        auth.MapPost("/register", RegisterAsync).AllowAnonymous().WithDescription(BodyDescription)
            .WithName("Register").WithSummary("Create an account (the first account becomes an admin).");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().WithDescription(BodyDescription)
            .WithName("Login").WithSummary("Exchange email and password for a bearer access token.");
        auth.MapPost("/session", StartSessionAsync).AllowAnonymous().WithDescription(BodyDescription)
            .WithName("StartBrowserSession").WithSummary("Sign the browser in: sets the HttpOnly auth cookie.");
        auth.MapDelete("/session", EndSession).AllowAnonymous()
            .WithName("EndBrowserSession").WithSummary("Sign the browser out: clears the auth cookie.");
        auth.MapGet("/me", MeAsync).RequireAuthorization()
            .WithName("CurrentUser").WithSummary("The signed-in account.");
        return endpoints;
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, AccountService accounts)
    {
        var (body, error) = await JsonBody.ReadAsync<CredentialsRequest>(request);
        if (error is not null)
        {
            return error;
        }
        var problems = AccountInput.Validate(body!.Email, body.Password, forRegistration: true);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var result = await accounts.RegisterAsync(body.Email!, body.Password!, request.HttpContext.RequestAborted);
        if (result.Outcome == RegistrationOutcome.EmailTaken)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Email already registered",
                detail: "An account with this email already exists. Sign in instead.");
        }
        var user = result.User!;
        return TypedResults.Created("/api/auth/me", new CurrentUserResponse(user.Id, user.Email, user.Role));
    }

    private static async Task<IResult> LoginAsync(HttpRequest request, CredentialSignIn signIn)
    {
        var (user, error) = await signIn.VerifyAsync(request);
        if (error is not null)
        {
            return error;
        }
        var token = signIn.Issue(user!);
        return TypedResults.Ok(new AccessTokenResponse(token.Value, "Bearer", token.ExpiresInSeconds));
    }

    private static async Task<IResult> StartSessionAsync(HttpRequest request, CredentialSignIn signIn)
    {
        var (user, error) = await signIn.VerifyAsync(request);
        if (error is not null)
        {
            return error;
        }
        var token = signIn.Issue(user!);
        AuthCookie.Append(request.HttpContext, token.Value, token.ExpiresAt);
        return TypedResults.NoContent();
    }

    private static NoContent EndSession(HttpContext context)
    {
        AuthCookie.Delete(context);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<CurrentUserResponse>, UnauthorizedHttpResult>> MeAsync(
        ClaimsPrincipal principal, AccountService accounts, CancellationToken cancellationToken)
    {
        // The token may outlive the account; the database is the authority.
        var user = BronnClaims.UserIdOf(principal) is { } id ? await accounts.FindAsync(id, cancellationToken) : null;
        return user is null
            ? TypedResults.Unauthorized()
            : TypedResults.Ok(new CurrentUserResponse(user.Id, user.Email, user.Role));
    }
}
