using System.Globalization;
using System.Text.Json;
using Bronn.Core.Execution;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Core.Workflows.Catalog.Nodes.Http;

/// <summary>
/// http.request's pagination parameter. Two styles, each page one output item:
/// <c>{nextUrl: "response.body.next", maxPages?}</c> follows the address an expression over the last response gives, and
/// <c>{param, start?, step?, stopWhen, maxPages?}</c> counts a query parameter up until the condition holds for a response.
/// </summary>
public sealed record HttpPagination(string? NextUrl, string? Param, long Start, long Step, string? StopWhen, int MaxPages)
{
    public const int DefaultMaxPages = 100;
    public const int MostPages = 1000;

    /// <returns>The pagination, or null when the node has none. Throws a message naming the field when it is malformed.</returns>
    public static HttpPagination? Of(JsonElement? value)
    {
        if (value is not { } element)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("must be an object: {nextUrl, maxPages} or {param, start, step, stopWhen, maxPages}.");
        }
        var nextUrl = Text(element, "nextUrl");
        var param = Text(element, "param");
        if ((nextUrl is null) == (param is null))
        {
            throw new FormatException("needs either nextUrl (an expression over response, such as response.body.next) or param (the page or offset query parameter), not both.");
        }
        var stopWhen = Text(element, "stopWhen");
        if (param is not null && stopWhen is null)
        {
            throw new FormatException("with param needs stopWhen, a condition over response such as response.body.items.size == 0.");
        }
        var maxPages = Number(element, "maxPages") ?? DefaultMaxPages;
        if (maxPages is < 1 or > MostPages)
        {
            throw new FormatException($"maxPages must be 1-{MostPages}.");
        }
        var step = Number(element, "step") ?? 1;
        if (step == 0)
        {
            throw new FormatException("step must not be 0.");
        }
        foreach (var (name, expression) in new[] { ("nextUrl", nextUrl), ("stopWhen", stopWhen) })
        {
            var problem = expression is null ? null : name == "stopWhen" ? WorkflowExpressions.CheckCondition(expression) : WorkflowExpressions.CheckValue(expression);
            if (problem is not null)
            {
                throw new FormatException($"{name}: {problem}");
            }
        }
        return new HttpPagination(nextUrl, param, Number(element, "start") ?? 1, step, stopWhen, (int)maxPages);
    }

    /// <summary>The first page's address (the page parameter set to start).</summary>
    public Uri First(Uri url) => Param is null ? url : WithParam(url, Start);

    /// <returns>The next page's address, or null when this was the last page.</returns>
    public async Task<Uri?> NextAsync(Uri url, int pagesSoFar, JsonElement response, ExpressionScope scope, ISet<string> seen)
    {
        if (pagesSoFar >= MaxPages)
        {
            return null;
        }
        var withResponse = scope.With("response", response);
        try
        {
            if (Param is not null)
            {
                return await WorkflowExpressions.EvaluateConditionAsync(StopWhen!, withResponse) ? null : WithParam(url, Start + pagesSoFar * Step);
            }
            var next = await WorkflowExpressions.EvaluateValueAsync(NextUrl!, withResponse);
            if (next.ValueKind != JsonValueKind.String || next.GetString() is not { Length: > 0 } text)
            {
                return null;
            }
            var address = Uri.TryCreate(url, text, out var resolved) ? resolved : HttpCallReader.ParseUrl(text);
            return address.Scheme is "http" or "https" && seen.Add(address.AbsoluteUri) ? address : null;
        }
        catch (ExpressionException ex)
        {
            throw new NodeFailedException($"Pagination: {ex.Message}", retryable: false);
        }
    }

    private Uri WithParam(Uri url, long value)
    {
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        query.Remove(Param);
        var kept = query.AllKeys.Where(k => k is not null).SelectMany(k => query.GetValues(k)!.Select(v => (k!, v)));
        return HttpCallReader.WithQuery(new UriBuilder(url) { Query = "" }.Uri, kept.Append((Param!, value.ToString(CultureInfo.InvariantCulture))));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text
        : element.TryGetProperty(name, out var other) && other.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? throw new FormatException($"{name} must be text.")
            : null;

    private static long? Number(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw new FormatException($"{name} must be a whole number.");
}
