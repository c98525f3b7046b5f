using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bronn.Core.Credentials;

/// <summary>What a client sends to create or replace a credential (data holds the secret fields of its type).</summary>
public sealed record CredentialInput(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("allowedHosts")] string[]? AllowedHosts);

/// <summary>One field of a credential type's data. All of the data is sealed; Secret only says how a form shows it.</summary>
public sealed record CredentialField(string Name, string Label, bool Secret = true, bool Optional = false, IReadOnlyList<string>? Options = null);

/// <summary>A credential type: what its data holds (clients rely on the names).</summary>
public sealed record CredentialType(string Name, string DisplayName, IReadOnlyList<CredentialField> Fields);

/// <summary>The credential types, the fields of their data, and the checks an input must pass.</summary>
public static class CredentialTypes
{
    public const int MaxSecretBytes = 16 * 1024;
    public const string ClientCredentials = "oauth2_client_credentials";

    public static readonly IReadOnlyList<CredentialType> All =
    [
        new("header", "Header (API key in a header)", [new("name", "Header name", Secret: false), new("value", "Value")]),
        new("query", "Query parameter (API key in the URL)", [new("name", "Parameter name", Secret: false), new("value", "Value")]),
        new("bearer", "Bearer token", [new("token", "Token")]),
        new("basic", "Basic auth (username and password)", [new("username", "Username", Secret: false), new("password", "Password")]),
        new(ClientCredentials, "OAuth2 client credentials",
        [
            new("tokenUrl", "Token URL", Secret: false), new("clientId", "Client id", Secret: false), new("clientSecret", "Client secret"),
            new("scope", "Scope", Secret: false, Optional: true),
            new("clientAuthentication", "Send client id and secret", Secret: false, Optional: true, Options: ["body", "basic"]),
        ]),
    ];

    /// <summary>Type -> its data fields.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<CredentialField>> Fields =
        All.ToDictionary(t => t.Name, t => t.Fields, StringComparer.Ordinal);

    /// <returns>The field at fault and what is wrong, or null when the input is fine.</returns>
    /// <param name="dataRequired">False when replacing: data left out keeps the stored secret.</param>
    public static (string Field, string Message)? Problem(CredentialInput input, bool dataRequired = true)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 200)
        {
            return ("name", "Give the credential a name of 1-200 characters.");
        }
        if (input.Type is null || !Fields.TryGetValue(input.Type, out var fields))
        {
            return ("type", $"'type' must be one of {string.Join(", ", Fields.Keys)}.");
        }
        foreach (var host in input.AllowedHosts ?? [])
        {
            if (string.IsNullOrWhiteSpace(host) || host.Length > 253 || Uri.CheckHostName(host.Trim()) == UriHostNameType.Unknown)
            {
                return ("allowedHosts", $"'{host}' is not a host name (write api.example.com, without scheme or path).");
            }
        }
        if (input.Data is null && !dataRequired)
        {
            return null;
        }
        if (input.Data is not { ValueKind: JsonValueKind.Object } data)
        {
            return ("data", $"'data' must be an object with {Names(fields)}.");
        }
        foreach (var field in fields)
        {
            var present = data.TryGetProperty(field.Name, out var value) && value.ValueKind is not JsonValueKind.Null;
            if (!present && field.Optional)
            {
                continue;
            }
            if (!present || value.ValueKind != JsonValueKind.String || value.GetString() is not { } text || (text.Length == 0 && !field.Optional))
            {
                return ($"data.{field.Name}", $"'data.{field.Name}' is required (text) for a {input.Type} credential.");
            }
            if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxSecretBytes)
            {
                return ($"data.{field.Name}", $"'data.{field.Name}' is longer than {MaxSecretBytes / 1024} KB.");
            }
            if (field.Options is { } options && text.Length > 0 && !options.Contains(text))
            {
                return ($"data.{field.Name}", $"'data.{field.Name}' must be one of {string.Join(", ", options)}.");
            }
        }
        var unknown = data.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => fields.All(f => f.Name != n));
        if (unknown is not null)
        {
            return ($"data.{unknown}", $"A {input.Type} credential has no field '{unknown}'; it takes {Names(fields)}.");
        }
        return input.Type == ClientCredentials && !IsHttpUrl(data.GetProperty("tokenUrl").GetString()!)
            ? ("data.tokenUrl", "'data.tokenUrl' must be an absolute http(s) URL, such as https://auth.example.com/oauth/token.")
            : null;
    }

    /// <summary>The data's fields as text (checked by <see cref="Problem"/> first); optional fields left out are absent.</summary>
    public static Dictionary<string, string> Values(string type, JsonElement data) =>
        Fields[type].Where(f => data.TryGetProperty(f.Name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0)
            .ToDictionary(f => f.Name, f => data.GetProperty(f.Name).GetString()!, StringComparer.Ordinal);

    private static string Names(IReadOnlyList<CredentialField> fields) =>
        string.Join(", ", fields.Select(f => f.Optional ? f.Name + " (optional)" : f.Name));

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";
}
