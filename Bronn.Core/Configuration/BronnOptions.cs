namespace Bronn.Core.Configuration;

/// <summary>The "Bronn" configuration section, shared by the web app and the worker.</summary>
public sealed class BronnOptions
{
    public const string SectionName = "Bronn";

    /// <summary>The address users reach Bronn at; https turns on HTTPS redirection and HSTS.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Emails that are made admins when they register or sign in.</summary>
    public List<string> AdminEmails { get; set; } = [];

    public JwtOptions Jwt { get; set; } = new();

    public LoginThrottleOptions LoginThrottle { get; set; } = new();

    public MetricsOptions Metrics { get; set; } = new();

    /// <summary>
    /// Reverse proxies (IP addresses or CIDR ranges) whose X-Forwarded-For and X-Forwarded-Proto are believed. Empty:
    /// forwarded headers are ignored, so nobody can pose as another client address or as HTTPS.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    public bool UsesHttps =>
        Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}

public sealed class MetricsOptions
{
    /// <summary>Serve /metrics (Prometheus text format) to loopback clients and admin API keys.</summary>
    public bool Enabled { get; set; } = true;
}

public sealed class JwtOptions
{
    public string Issuer { get; set; } = "bronn";

    public string Audience { get; set; } = "bronn";

    /// <summary>HMAC-SHA256 key, at least 32 bytes of UTF-8. Takes precedence over <see cref="SigningKeyFile"/>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>A file holding the signing key, such as the one `./bronn run` generates under BRONN_HOME.</summary>
    public string? SigningKeyFile { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);
}

public sealed class LoginThrottleOptions
{
    /// <summary>Failed sign-ins one client may make within <see cref="Window"/> before it is refused with 429.</summary>
    public int MaxFailures { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Consecutive failed sign-ins to one account (from anywhere) before it is locked for a while.</summary>
    public int AccountMaxFailures { get; set; } = 5;

    /// <summary>The first lock-out; each further failure doubles it.</summary>
    public TimeSpan AccountBaseLockout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest one lock-out lasts, so nobody can keep an account's owner out for long.</summary>
    public TimeSpan AccountMaxLockout { get; set; } = TimeSpan.FromMinutes(15);
}
