using System.Net.Mail;

namespace Bronn.Core.Accounts;

public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>The form stored and compared: trimmed and lower-cased, so sign-in is case-insensitive.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A message a person can act on, or null when the address is acceptable.</summary>
    public static string? Validate(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "Email is required.";
        }
        var trimmed = email.Trim();
        if (trimmed.Length > MaxLength)
        {
            return $"Email must be at most {MaxLength} characters.";
        }
        // MailAddress also accepts display-name forms ("Ann <a@b.c>"); only a bare address is allowed.
        if (!MailAddress.TryCreate(trimmed, out var parsed)
            || parsed.Address != trimmed
            || !parsed.Host.Contains('.', StringComparison.Ordinal))
        {
            return "Email must be an address such as ann@example.com.";
        }
        return null;
    }
}
