namespace Bronn.Core.Accounts;

public static class PasswordRules
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    /// <summary>A message a person can act on, or null when the password is acceptable for a new account.</summary>
    public static string? Validate(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Password is required.";
        }
        if (password.Length < MinLength)
        {
            return $"Password must be at least {MinLength} characters.";
        }
        if (password.Length > MaxLength)
        {
            return $"Password must be at most {MaxLength} characters.";
        }
        if (password.All(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "Password must contain letters, digits or symbols, not only spaces or control characters.";
        }
        if (password.Any(char.IsControl))
        {
            return "Password must not contain control characters.";
        }
        if (CommonPasswords.Contains(password) || password.Distinct().Count() <= 2)
        {
            return "This password is too common or too easy to guess; choose another (a few unrelated words work well).";
        }
        return null;
    }
}
