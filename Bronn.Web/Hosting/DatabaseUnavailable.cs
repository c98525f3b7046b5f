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
        // A page load keeps the HTML error page; API calls, webhooks and scripts get the 503 they can retry on.
        if (!Bronn.Core.Data.DatabaseOutages.IsOutage(exception) || context.Response.HasStarted || RequestKind.IsBrowserNavigation(context.Request))
        {
            return false;
        }
        logger.LogWarning("The database is unavailable ({Reason}); answered 503.", Reason(exception));
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable",
            $"Bronn cannot reach its database right now. Nothing was changed; try again in {RetryAfterSeconds} seconds.");
        return true;
    }

    private static string Reason(Exception exception) =>
        exception is PostgresException pg ? $"{pg.SqlState} {pg.MessageText}" : exception.GetBaseException().Message;
}
