using Bronn.Core.Accounts;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Configuration;

/// <summary>Checks the "Bronn" section at start-up; each failure names the configuration key to fix.</summary>
public sealed class BronnOptionsValidator : IValidateOptions<BronnOptions>
{
    public const int MinSigningKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, BronnOptions options)
    {
        var failures = new List<string>();

        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"Bronn:PublicBaseUrl must be an absolute http or https URL (got '{options.PublicBaseUrl}').");
        }

        foreach (var email in options.AdminEmails)
        {
            if (EmailAddress.Validate(email) is { } problem)
            {
                failures.Add($"Bronn:AdminEmails contains '{email}': {problem}");
            }
        }

        ValidateJwt(options.Jwt, failures);

        if (options.LoginThrottle.MaxFailures < 1)
        {
            failures.Add("Bronn:LoginThrottle:MaxFailures must be at least 1.");
        }
        if (options.LoginThrottle.Window <= TimeSpan.Zero)
        {
            failures.Add("Bronn:LoginThrottle:Window must be a positive time span such as 00:15:00.");
        }
        foreach (var proxy in options.TrustedProxies.Where(p => !System.Net.IPNetwork.TryParse(p.Trim(), out _) && !System.Net.IPAddress.TryParse(p.Trim(), out _)))
        {
            failures.Add($"Bronn:TrustedProxies: '{proxy}' is not an IP address or CIDR range such as 10.0.0.0/8.");
        }
        if (options.LoginThrottle.AccountMaxFailures < 1)
        {
            failures.Add("Bronn:LoginThrottle:AccountMaxFailures must be at least 1.");
        }
        if (options.LoginThrottle.AccountBaseLockout <= TimeSpan.Zero || options.LoginThrottle.AccountMaxLockout < options.LoginThrottle.AccountBaseLockout)
        {
            failures.Add("Bronn:LoginThrottle:AccountBaseLockout must be positive and Bronn:LoginThrottle:AccountMaxLockout at least as long.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateJwt(JwtOptions jwt, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(jwt.Issuer))
        {
            failures.Add("Bronn:Jwt:Issuer must not be empty.");
        }
        if (string.IsNullOrWhiteSpace(jwt.Audience))
        {
            failures.Add("Bronn:Jwt:Audience must not be empty.");
        }
        if (jwt.TokenLifetime < TimeSpan.FromMinutes(1) || jwt.TokenLifetime > TimeSpan.FromDays(30))
        {
            failures.Add("Bronn:Jwt:TokenLifetime must be between 00:01:00 and 30.00:00:00.");
        }

        if (string.IsNullOrEmpty(jwt.SigningKey))
        {
            failures.Add(string.IsNullOrWhiteSpace(jwt.SigningKeyFile)
                ? "Bronn:Jwt:SigningKey is missing: set it to a random secret of at least 32 bytes, or point Bronn:Jwt:SigningKeyFile at a file holding one (./bronn run generates one)."
                : $"Bronn:Jwt:SigningKeyFile '{jwt.SigningKeyFile}' does not exist or is empty.");
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(jwt.SigningKey) < MinSigningKeyBytes)
        {
            failures.Add($"Bronn:Jwt:SigningKey must be at least {MinSigningKeyBytes} bytes long.");
        }
    }
}
