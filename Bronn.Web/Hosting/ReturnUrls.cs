namespace Bronn.Web.Hosting;

/// <summary>
/// Where a flow may send the browser back to: a path on this site written in URL-safe ASCII only. Tabs, line breaks,
/// backslashes and non-ASCII are refused because browsers strip or rewrite them ("/\t/evil.example" becomes
/// "//evil.example", another site).
/// </summary>
public static class ReturnUrls
{
    public const int MaxLength = 2048;

    public static string? Safe(string? url) =>
        url is { Length: > 0 and <= MaxLength } && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) && url.All(IsSafe)
            ? url
            : null;

    private static bool IsSafe(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '/' or '?' or '%' or '#';
}
