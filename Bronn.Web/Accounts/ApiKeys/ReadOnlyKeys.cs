using Bronn.Web.Hosting;

namespace Bronn.Web.Accounts.ApiKeys;

/// <summary>A read-only API key may look at everything its owner can, and change nothing.</summary>
internal static class ReadOnlyKeys
{
    public static IApplicationBuilder UseReadOnlyApiKeys(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (context.User.FindFirst(BronnClaims.ApiKeyAccess)?.Value == ApiKeyAccess.ReadOnly
                && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method))
            {
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Read-only API key",
                    $"This API key is read-only: it cannot {method} anything. Use a key created without readOnly to make changes.");
                return;
            }
            await next(context);
        });
}
