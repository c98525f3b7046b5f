using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bronn.Web.Tests.Engine;

/// <summary>An outside API (300 ms per call) that records every call it gets: which run (n), which call (a or b), its Idempotency-Key and when.</summary>
public sealed class ChaosSink : IAsyncDisposable
{
    public sealed record Call(int N, string Name, string? IdempotencyKey, DateTime At);

    private readonly WebApplication app;

    private ChaosSink(WebApplication app) => this.app = app;

    public ConcurrentQueue<Call> Calls { get; } = new();

    public Uri BaseAddress { get; private set; } = default!;

    public static async Task<ChaosSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var sink = new ChaosSink(builder.Build());
        sink.app.MapPost("/{name}", async (string name, HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            sink.Calls.Enqueue(new Call(body.GetProperty("n").GetInt32(), name, request.Headers["Idempotency-Key"].FirstOrDefault(), DateTime.UtcNow));
            await Task.Delay(300); // a real API takes a while: a kill now finds the call in flight (made, its answer not recorded)
            return Results.Json(new { ok = true });
        });
        await sink.app.StartAsync();
        sink.BaseAddress = new Uri(sink.app.Urls.First() + "/");
        return sink;
    }

    /// <summary>Until a call arrives made after <paramref name="since"/> (a worker started then is at work), or the limit passes.</summary>
    public async Task<bool> CalledSinceAsync(DateTime since, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!Calls.Any(c => c.At >= since))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
