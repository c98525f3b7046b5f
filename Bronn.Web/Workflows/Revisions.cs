using System.Globalization;

namespace Bronn.Web.Workflows;

/// <summary>A workflow's revision as an HTTP entity tag: GET sends ETag "n", a PUT with If-Match "n" saves only over n.</summary>
public static class Revisions
{
    public static string ETag(int revision) => $"\"{revision.ToString(CultureInfo.InvariantCulture)}\"";

    /// <returns>False when If-Match is present but not a revision; <paramref name="revision"/> is null without If-Match.</returns>
    public static bool TryReadIfMatch(HttpRequest request, out int? revision)
    {
        revision = null;
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return true;
        }
        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        if (tag.Length >= 3 && tag[0] == '"' && tag[^1] == '"' && int.TryParse(tag[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            revision = number;
            return true;
        }
        return false;
    }
}
