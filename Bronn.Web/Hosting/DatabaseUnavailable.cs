using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Bronn.Web.Hosting;

/// <summary>
/// PostgreSQL unreachable, refusing connections (too many clients, shutting down) or the pool exhausted: a 503 with
/// Retry-After that says so, never a 500. Nothing half-done is acknowledged: the request failed before it committed.
/// </summary>
internal sealed class DatabaseUnavailable(ILogger<DatabaseUnavailable> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!Bronn.Core.Data.DatabaseOutages.IsOutage(exception) || context.Response.HasStarted)
        {
            return false;
        }
        logger.LogWarning("The database is unavailable ({Reason}); answered 503.", Reason(exception));
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (RequestKind.IsBrowserNavigation(context.Request))
        {
            // A page load: a page that says so and tries again by itself, instead of an error page.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(OutagePage, ct);
            return true;
        }
        await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable",
            $"Bronn cannot reach its database right now. Nothing was changed; try again in {RetryAfterSeconds} seconds.");
        return true;
    }

    private static readonly string OutagePage = $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{{RetryAfterSeconds}}">
        <title>Bronn: database unavailable</title></head>
        <body style="font-family: sans-serif; margin: 0">
        <div data-testid="database-banner" style="background: #c62828; color: #fff; padding: 12px 24px">
        Bronn cannot reach its database right now. Nothing was changed; this page tries again every {{RetryAfterSeconds}} seconds.
        </div></body></html>
        """;

    private static string Reason(Exception exception) =>
        exception is PostgresException pg ? $"{pg.SqlState} {pg.MessageText}" : exception.GetBaseException().Message;
}
