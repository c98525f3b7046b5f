using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Text;

namespace Bronn.Core.Accounts;

public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>
    /// The form stored and compared: Unicode NFKC (fullwidth and other look-alike compatibility forms folded),
    /// trimmed and lower-cased, so sign-in is case-insensitive and "ａｎｎ@example.com" is "ann@example.com".
    /// </summary>
    public static string Normalize(string email) => email.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();

    /// <summary>A message a person can act on, or null when the address is acceptable.</summary>
    public static string? Validate(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "Email is required.";
        }
        if (email.Trim().Any(IsInvisible))
        {
            return "Email contains an invisible or control character; type the address again.";
        }
        var normalized = email.Normalize(NormalizationForm.FormKC).Trim();
        if (normalized.Length > MaxLength)
        {
            return $"Email must be at most {MaxLength} characters.";
        }
        // MailAddress also accepts display-name forms ("Ann <a@b.c>"); only a bare address is allowed.
        if (!MailAddress.TryCreate(normalized, out var parsed)
            || parsed.Address != normalized
            || !parsed.Host.Contains('.', StringComparison.Ordinal))
        {
            return "Email must be an address such as ann@example.com.";
        }
        if (parsed.Host.StartsWith('[') || IPAddress.TryParse(parsed.Host, out _))
        {
            return "Email must use a domain name, not an IP address.";
        }
        if (MixesScripts(parsed.User) || parsed.Host.Split('.').Any(MixesScripts))
        {
            return "Email mixes letters from different alphabets (such as Latin and Cyrillic) that look alike; type it again.";
        }
        return null;
    }

    private static bool IsInvisible(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned
        || c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0'; // Hangul fillers render as nothing

    private enum Script { Latin, Greek, Cyrillic, Other }

    private static bool MixesScripts(string part) =>
        part.Where(char.IsLetter).Select(ScriptOf).Distinct().Count() > 1;

    private static Script ScriptOf(char c) => c switch
    {
        <= '\u024F' or (>= '\u1E00' and <= '\u1EFF') => Script.Latin,
        (>= '\u0370' and <= '\u03FF') or (>= '\u1F00' and <= '\u1FFF') => Script.Greek,
        (>= '\u0400' and <= '\u052F') or (>= '\u2DE0' and <= '\u2DFF') or (>= '\uA640' and <= '\uA69F') => Script.Cyrillic,
        _ => Script.Other,
    };
}
