using Bronn.Core.Accounts;
using Bronn.Web.Hosting;

namespace Bronn.Web.Accounts;

/// <summary>The checks shared by token login and browser sign-in: body, throttle, credentials.</summary>
public sealed class CredentialSignIn(AccountService accounts, LoginThrottle throttle, AccessTokenIssuer issuer)
{
    public async Task<(User? User, IResult? Error)> VerifyAsync(HttpRequest request)
    {
        var client = request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.RetryAfter(client) is { } wait)
        {
            return (null, TooManyAttempts(request.HttpContext, wait));
        }

        var (body, error) = await JsonBody.ReadAsync<CredentialsRequest>(request);
        if (error is not null)
        {
            return (null, error);
        }
        var problems = AccountInput.Validate(body!.Email, body.Password, forRegistration: false);
        if (problems.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(problems));
        }

        var user = await accounts.VerifyCredentialsAsync(body.Email!, body.Password!, request.HttpContext.RequestAborted);
        if (user is null)
        {
            throttle.RecordFailure(client);
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed", detail: "The email or password is incorrect."));
        }
        throttle.RecordSuccess(client);
        return (user, null);
    }

    public AccessToken Issue(User user) => issuer.Issue(user);

    private static IResult TooManyAttempts(HttpContext context, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString();
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins",
            detail: $"Too many failed sign-in attempts from this address. Try again in {Math.Max(1, seconds / 60)} minute(s).");
    }
}
