using System.Text.Json;

namespace Bronn.Core.Execution.Http;

/// <summary>
/// Headers a workflow sets on an http.request: names must be HTTP tokens, values must not carry CR, LF or NUL (which
/// would inject further headers, even from webhook data rendered into a template), and the headers that frame the
/// request (Host, Content-Length, ...) are the client's alone. Added through the validating API only.
/// </summary>
public static class RequestHeaderRules
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Upgrade", "Keep-Alive", "TE", "Trailer", "Proxy-Connection",
    };

    public static void Apply(HttpRequestMessage request, JsonElement headers)
    {
        foreach (var header in headers.EnumerateObject())
        {
            var name = header.Name.Trim();
            var value = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText();
            if (name.Length == 0 || !name.All(IsTokenChar))
            {
                throw Refused($"The header name '{Printable(name)}' is not a valid HTTP header name.");
            }
            if (Reserved.Contains(name))
            {
                throw Refused($"The header '{name}' is set by Bronn and cannot be set by a workflow.");
            }
            if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                throw Refused($"The value of header '{name}' contains a line break or NUL character, which could add other headers; it was refused.");
            }
            try
            {
                if (!name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                {
                    request.Headers.Add(name, value);
                }
                else
                {
                    request.Content ??= new ByteArrayContent([]);
                    request.Content.Headers.Remove(name);
                    request.Content.Headers.Add(name, value);
                }
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException)
            {
                throw Refused($"The header '{name}' has a value that is not valid for it.");
            }
        }
    }

    private static NodeFailedException Refused(string message) => new(message, retryable: false);

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static string Printable(string text) =>
        new(text.Take(60).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
