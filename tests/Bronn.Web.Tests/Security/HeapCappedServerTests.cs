using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Security;

/// <summary>
/// Finding 1 against the real server process with its heap capped (DOTNET_GCHeapHardLimit): a regression makes the
/// server run out of memory and this test fail, instead of exhausting the machine. Each hostile template is run as a
/// normal user would ("Run now" on the draft) and must fail its step within 2 s, naming the limit, while the server's
/// resident memory stays within 100 MB of its idle size.
/// </summary>
public sealed class HeapCappedServerTests
{
    private const long MemoryAllowance = 100L * 1024 * 1024;

    public static readonly string[] Payloads =
    [
        "{% for i in (1..1000000000) %}{% endfor %}done",
        "{% assign n = 2000000000 %}{% for i in (1..n) %}x{% endfor %}",
        "{% assign s = 'x' %}" + string.Concat(Enumerable.Repeat("{% assign s = s | append: s %}", 26)) + "{{ s | size }}",
        "{% assign s = 'x' %}" + string.Concat(Enumerable.Repeat("{% capture s %}{{ s }}{{ s }}{% endcapture %}", 26)),
        "{% assign s = 'x' %}{% for i in (1..100) %}{% assign s = s | prepend: s %}{% endfor %}",
        "{% assign s = 'aaaaaaaaaaaaaaaaaaaa' %}{% for i in (1..10) %}{% assign s = s | replace: 'a', 'aaaaaaaaaa' %}{% endfor %}",
        "{% assign s = 'xxxxxxxxxx' %}{% for i in (1..16) %}{% assign s = s | append: s %}{% endfor %}{% for i in (1..100000) %}{{ s }}{% endfor %}",
        "{% for i in (1..100000) %}{% for j in (1..100000) %}{% endfor %}{% endfor %}",
        "{{ 1 | divided_by: 0 }}",
    ];

    [Fact]
    public async Task Hostile_templates_fail_fast_and_the_capped_server_stays_within_its_memory_budget()
    {
        await using var server = await CappedServer.StartAsync();
        await server.SignInAsync(ApiClient.UniqueEmail());
        var client = server.Client;

        var warmUp = await RunDraftAsync(client, "{{ 'warm' | append: ' up' }}"); // JIT and pools, before measuring idle
        Assert.Equal("succeeded", warmUp.Status);
        await Task.Delay(500);
        var idle = server.StartSampling();

        foreach (var payload in Payloads)
        {
            var run = await RunDraftAsync(client, payload);
            Assert.True(run.Status == "failed", $"{payload[..Math.Min(60, payload.Length)]}: {run.Status}");
            Assert.Matches("limit|stopped|failed", run.Error);
            Assert.True(run.Took < TimeSpan.FromSeconds(2), $"{payload[..Math.Min(60, payload.Length)]} took {run.Took}");
        }
        await server.StopSamplingAsync();

        Assert.False(server.HasExited, server.Output);
        Assert.True(server.Peak - idle < MemoryAllowance, $"resident memory grew from {idle / 1048576} MB to {server.Peak / 1048576} MB");
        Assert.DoesNotContain("OutOfMemory", server.Output);
    }

    public static readonly string[] MemoryBombs =
    [
        "const a = []; while (true) { a.push('x'.repeat(1000) + a.length); }",
        "const m = new Map(); let i = 0; while (true) { m.set(i, { i, s: 'y'.repeat(100) }); i++; }",
        "let s = 'ab'; while (true) { s = s + s; s.charAt(s.length - 1); }",
        "return { a: new Array(1e9).fill(0).length };",
        "const parts = []; for (let i = 0; i < 1e7; i++) { parts.push(JSON.stringify({ i, pad: 'z'.repeat(50) })); } return { n: parts.join('').length };",
    ];

    [Fact]
    public async Task Memory_bombs_in_code_fail_on_their_limit_and_the_capped_server_keeps_serving()
    {
        await using var server = await CappedServer.StartAsync();
        await server.SignInAsync(ApiClient.UniqueEmail());
        var client = server.Client;
        Assert.Equal("succeeded", (await RunDraftAsync(client, Code("return { warm: true };"))).Status);
        await Task.Delay(500);
        var idle = server.StartSampling();

        foreach (var bomb in MemoryBombs)
        {
            var run = await RunDraftAsync(client, Code(bomb));
            Assert.True(run.Status == "failed", $"{bomb[..40]}: {run.Status}");
            Assert.Contains("(Engine:Code:MaxMemoryBytes)", run.Error);
            Assert.True(run.Took < TimeSpan.FromSeconds(8), $"{bomb[..40]} took {run.Took}");
        }
        var after = await RunDraftAsync(client, Code("return { still: 'serving' };"));
        await server.StopSamplingAsync();

        Assert.Equal("succeeded", after.Status);
        Assert.False(server.HasExited, server.Output);
        // One script may take Engine:Code:MaxMemoryBytes (64 MB) before it is stopped, and the last one's garbage may not
        // be collected yet when the next fills its limit (165 MB was seen once against 164). Unbounded means gigabytes.
        Assert.True(server.Peak - idle < MemoryAllowance + 2 * 64L * 1024 * 1024, $"resident memory grew from {idle / 1048576} MB to {server.Peak / 1048576} MB");
    }

    private static object Code(string code) => new { id = "calc", type = "code", parameters = new { code } };

    private sealed record DraftRun(string Status, string Error, TimeSpan Took);

    private static Task<DraftRun> RunDraftAsync(HttpClient client, string template) =>
        RunDraftAsync(client, new { id = "calc", type = "set", parameters = new { fields = new { x = template } } });

    private static async Task<DraftRun> RunDraftAsync(HttpClient client, object node)
    {
        var definition = JsonSerializer.Serialize(new
        {
            name = "Hostile",
            nodes = new object[] { new { id = "start", type = "manual" }, node },
            edges = new[] { new { from = "start", to = "calc" } },
        });
        var created = await client.PostAsync("/api/workflows", new StringContent(definition, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetString();
        var watch = Stopwatch.StartNew();
        var started = await client.PostAsync($"/api/workflows/{id}/test", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var executionId = (await started.JsonAsync()).GetProperty("executionId").GetString();
        while (true)
        {
            var execution = await (await client.GetAsync($"/api/executions/{executionId}")).JsonAsync();
            var status = execution.GetProperty("status").GetString()!;
            if (status is "succeeded" or "failed" or "cancelled" || watch.Elapsed > TimeSpan.FromSeconds(20))
            {
                return new DraftRun(status, execution.TryGetProperty("error", out var error) ? error.GetString() ?? "" : "", watch.Elapsed);
            }
            await Task.Delay(25);
        }
    }
}
