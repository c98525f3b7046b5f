using Bronn.Core.Accounts;
using Bronn.Web.Hosting;

namespace Bronn.Web.Accounts;

/// <summary>The checks shared by token login and browser sign-in: body, throttle, credentials.</summary>
public sealed class CredentialSignIn(AccountService accounts, LoginThrottle throttle, AccessTokenIssuer issuer)
{
    public async Task<(User? User, IResult? Error)> VerifyAsync(HttpRequest request)
    {
        var client = request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.ClientWait(client) is { } wait)
        {
            return (null, TooManyAttempts(request.HttpContext, wait, account: false));
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

        var account = EmailAddress.Normalize(body.Email!);
        if (throttle.TryReserve(client, account) is { } refused)
        {
            return (null, TooManyAttempts(request.HttpContext, refused.Wait, refused.Account));
        }
        User? user;
        try
        {
            user = await accounts.VerifyCredentialsAsync(body.Email!, body.Password!, request.HttpContext.RequestAborted);
        }
        catch
        {
            throttle.Release(account);
            throw;
        }
        if (user is null)
        {
            throttle.RecordFailure(account);
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed", detail: "The email or password is incorrect."));
        }
        throttle.RecordSuccess(client, account);
        return (user, null);
    }

    public AccessToken Issue(User user) => issuer.Issue(user);

    private static IResult TooManyAttempts(HttpContext context, TimeSpan wait, bool account)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString();
        var when = seconds < 120 ? $"{seconds} second(s)" : $"{seconds / 60} minute(s)";
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins",
            detail: account
                ? $"Too many failed sign-in attempts for this account. Try again in {when}."
                : $"Too many failed sign-in attempts from this address. Try again in {when}.");
    }
}
