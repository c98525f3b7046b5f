using System.Text.RegularExpressions;
using Npgsql;

namespace Bronn.Web.Admin;

/// <summary>The settings Bronn runs with, as an admin may see them: every secret masked, connection string passwords too.</summary>
public static partial class ConfigurationReport
{
    public const string Masked = "••••••";

    private static readonly string[] Sections = ["Bronn", "Engine", "Integrations", "Temporal", "ConnectionStrings"];

    public static IReadOnlyList<KeyValuePair<string, string>> Read(IConfiguration configuration) =>
        Sections.SelectMany(section => configuration.GetSection(section).AsEnumerable(makePathsRelative: false))
            .Where(pair => !string.IsNullOrEmpty(pair.Value))
            .Select(pair => new KeyValuePair<string, string>(pair.Key, Show(pair.Key, pair.Value!)))
            .OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static string Show(string key, string value)
    {
        if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(value);
                if (!string.IsNullOrEmpty(builder.Password))
                {
                    builder.Password = Masked;
                }
                return builder.ConnectionString;
            }
            catch (ArgumentException)
            {
                return Masked;
            }
        }
        return Secret().IsMatch(key) ? Masked : value;
    }

    /// <summary>Names that hold secrets (SigningKey, ClientSecret, Encryption:Keys:*, passwords, tokens); *File names only point at one.</summary>
    [GeneratedRegex(@"(secret|password|token|signingkey|:keys:|apikey)(?!.*file$)", RegexOptions.IgnoreCase)]
    private static partial Regex Secret();
}
