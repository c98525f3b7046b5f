namespace Bronn.Web.Hosting;

public static class RequestKind
{
    /// <summary>Machine-facing paths: errors are problem+json, never an HTML page or a redirect.</summary>
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi")
        || request.Path.StartsWithSegments("/integrations/status") || request.Path.StartsWithSegments("/hubs")
        || request.Path.StartsWithSegments(Telemetry.MetricsEndpoint.Path);

    /// <summary>A page load in a browser (as opposed to an API call or a script): it should get HTML or a redirect.</summary>
    public static bool IsBrowserNavigation(HttpRequest request) =>
        !IsApi(request)
        && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}
