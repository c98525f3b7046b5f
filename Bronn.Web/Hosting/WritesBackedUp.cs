using Bronn.Core.Execution.Writes;
using Microsoft.AspNetCore.Diagnostics;

namespace Bronn.Web.Hosting;

/// <summary>Backpressure: the queue of runs waiting to be stored is full, so a new one is refused with 503 and Retry-After.</summary>
internal sealed class WritesBackedUp(ILogger<WritesBackedUp> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not WritesBackedUpException busy || context.Response.HasStarted)
        {
            return false;
        }
        logger.LogWarning("Refused a run with 503: {Reason}", busy.Message);
        context.Response.Headers.RetryAfter = WritesBackedUpException.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Busy", busy.Message);
        return true;
    }
}
