using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Web.Execution;

/// <summary>Reading, authenticating and parsing a webhook delivery.</summary>
internal static class WebhookRequest
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static IResult? Authenticate(NodeDefinition trigger, HttpRequest request, byte[] body)
    {
        var secret = Text(trigger, "secret");
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }
        if (Text(trigger, "signatureHeader") is { Length: > 0 } signatureHeader)
        {
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
            var given = request.Headers[signatureHeader].ToString();
            given = given.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? given[7..] : given;
            return FixedTimeEquals(expected, given.ToLowerInvariant()) ? null : Unauthorized($"The {signatureHeader} signature does not match the body.");
        }
        var header = Text(trigger, "secretHeader") ?? "X-Webhook-Secret";
        return FixedTimeEquals(secret, request.Headers[header].ToString()) ? null : Unauthorized($"The {header} header is missing or wrong.");
    }

    private static IResult Unauthorized(string detail) => TypedResults.Problem(statusCode: 401, title: "Not authorized", detail: detail);

    public static IResult TooLarge() => TypedResults.Problem(statusCode: 413, title: "Body too large", detail: $"A webhook body may be at most {MaxBodyBytes / 1024} KB.");

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    public static bool IsSensitive(string header, NodeDefinition trigger) =>
        header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || header.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
        || header.Equals(Text(trigger, "secretHeader") ?? "X-Webhook-Secret", StringComparison.OrdinalIgnoreCase);

    public static string? Text(NodeDefinition node, string parameter) =>
        node.Parameter(parameter) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>A JSON body must be JSON that can be stored (400 otherwise); any other body is handed over as text.</summary>
    public static (object? Body, string? Problem) Parse(byte[] body, string? contentType)
    {
        if (body.Length == 0)
        {
            return (null, null);
        }
        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            var (document, problem) = StorableJson.Parse(body);
            return problem is not null
                ? (null, $"The Content-Type says JSON, but: {problem}")
                : (document!.RootElement, null);
        }
        return (StorableJson.Text(Encoding.UTF8.GetString(body)), null);
    }
}
