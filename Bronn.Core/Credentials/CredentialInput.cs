using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bronn.Core.Credentials;

/// <summary>What a client sends to create or replace a credential (data holds the secret fields of its type).</summary>
public sealed record CredentialInput(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("allowedHosts")] string[]? AllowedHosts);

/// <summary>The credential types, the fields of their data, and the checks an input must pass.</summary>
public static class CredentialTypes
{
    public const int MaxSecretBytes = 16 * 1024;

    /// <summary>Type -> its data fields (every one required).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Fields = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["header"] = ["name", "value"],
        ["query"] = ["name", "value"],
        ["bearer"] = ["token"],
        ["basic"] = ["username", "password"],
    };

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
            return ("data", $"'data' must be an object with {string.Join(", ", fields)}.");
        }
        foreach (var field in fields)
        {
            if (!data.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
            {
                return ($"data.{field}", $"'data.{field}' is required (text) for a {input.Type} credential.");
            }
            if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxSecretBytes)
            {
                return ($"data.{field}", $"'data.{field}' is longer than {MaxSecretBytes / 1024} KB.");
            }
        }
        var unknown = data.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !fields.Contains(n));
        return unknown is null ? null : ($"data.{unknown}", $"A {input.Type} credential has no field '{unknown}'; it takes {string.Join(", ", fields)}.");
    }

    /// <summary>The data's fields as text (checked by <see cref="Problem"/> first).</summary>
    public static Dictionary<string, string> Values(string type, JsonElement data) =>
        Fields[type].ToDictionary(f => f, f => data.GetProperty(f).GetString()!, StringComparer.Ordinal);
}
