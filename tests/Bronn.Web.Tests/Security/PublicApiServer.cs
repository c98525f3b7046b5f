using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bronn.Web.Tests.Security;

/// <summary>
/// Stands for a public API on the internet (any address the tests allow, here 127.0.0.2): it echoes the headers it
/// received and redirects where it is told, and counts the requests that reached it.
/// </summary>
public sealed class PublicApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int requests;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> calls = new();

    /// <summary>How often /flaky was called for each n.</summary>
    public IReadOnlyDictionary<int, int> FlakyCalls => calls;

    private PublicApiServer(WebApplication app) => this.app = app;

    public int Requests => Volatile.Read(ref requests);

    public Uri BaseAddress { get; private set; } = default!;

    public static async Task<PublicApiServer> StartAsync(string address = "127.0.0.2")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Parse(address), 0));
        var server = new PublicApiServer(builder.Build());
        server.app.Use((context, next) =>
        {
            Interlocked.Increment(ref server.requests);
            return next(context);
        });
        server.app.MapGet("/echo-headers", (HttpRequest request) =>
            Results.Json(request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
        server.app.MapGet("/redirect", (string to) => Results.Redirect(to));
        server.app.MapGet("/fail", () => Results.Text("internal detail: db=10.0.0.5 user=svc", statusCode: 500));
        // Fails the first call for each n with 503, then answers: a flaky API, for retries.
        server.app.MapGet("/flaky", (int n) =>
        {
            var calls = server.calls.AddOrUpdate(n, 1, (_, c) => c + 1);
            return calls == 1 ? Results.StatusCode(503) : Results.Json(new { n, calls });
        });
        await server.app.StartAsync();
        server.BaseAddress = new Uri(server.app.Urls.First() + "/");
        return server;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
