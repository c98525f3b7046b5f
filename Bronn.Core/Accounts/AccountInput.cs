namespace Bronn.Core.Accounts;

/// <summary>The one place the rules for an email and password pair live; the API and the UI both use it.</summary>
public static class AccountInput
{
    /// <summary>Field name to messages; empty when the input is acceptable for <paramref name="forRegistration"/>.</summary>
    public static Dictionary<string, string[]> Validate(string? email, string? password, bool forRegistration)
    {
        var errors = new Dictionary<string, string[]>();
        if (EmailAddress.Validate(email) is { } emailProblem)
        {
            errors["email"] = [emailProblem];
        }
        var passwordProblem = forRegistration ? PasswordRules.Validate(password) : ValidateForSignIn(password);
        if (passwordProblem is not null)
        {
            errors["password"] = [passwordProblem];
        }
        return errors;
    }

    // Signing in does not enforce the minimum length (older rules may have allowed shorter ones), only sanity.
    private static string? ValidateForSignIn(string? password) => password switch
    {
        null or "" => "Password is required.",
        { Length: > PasswordRules.MaxLength } => $"Password must be at most {PasswordRules.MaxLength} characters.",
        _ => null,
    };
}
