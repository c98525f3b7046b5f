namespace Bronn.Web.Hosting;

public static class SecurityHeaders
{
    // Blazor Server needs only same-origin scripts and a same-origin WebSocket; MudBlazor sets inline styles.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'";

    public static IApplicationBuilder UseBronnSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>
    /// The auth cookie rides along on any request the browser makes, so an unsafe API call that carries a foreign
    /// Origin is refused: another site cannot act as the signed-in user. Bearer clients send no Origin.
    /// </summary>
    public static IApplicationBuilder UseCrossSiteRequestCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (RequestKind.IsApi(request)
                && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
                && request.Headers.Origin is [{ } origin]
                && !IsSameOrigin(origin, request))
            {
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused",
                    "This request came from another site. Use Bronn's own pages, or call the API with a bearer token.");
                return;
            }
            await next(context);
        });

    private static bool IsSameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
