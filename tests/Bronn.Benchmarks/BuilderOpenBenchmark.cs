using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Bronn.Testing;
using Microsoft.Playwright;

namespace Bronn.Benchmarks;

/// <summary>
/// Opens a 100-node workflow in the builder in Chromium and measures the time until the canvas is interactive (every
/// node drawn and a click on a node answered by the inspector), then the server memory each open builder circuit holds.
/// The app runs in this process on a real port, so this process's managed heap is the server's.
/// </summary>
public static class BuilderOpenBenchmark
{
    public static async Task<int> RunAsync(int nodes, int opens, int circuits)
    {
        await using var app = new BronnAppFactory();
        await app.InitializeAsync();
        var (token, workflowId) = await SeedAsync(app, nodes);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("BRONN_CHROMIUM") ?? "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var url = $"{app.ServerAddress.ToString().TrimEnd('/')}/workflows/{workflowId}";
        Console.WriteLine($"builder open: {nodes} nodes, {opens} opens in a fresh tab each; {Environment.ProcessorCount} cores; load average {LoadAverage()}");

        var drawn = new List<double>();
        var interactive = new List<double>();
        for (var i = 0; i < opens + 1; i++)
        {
            var context = await NewContextAsync(browser, app, token);
            var page = await context.NewPageAsync();
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
            await page.Locator("[data-testid='canvas-node']").Nth(nodes - 1).WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            var allDrawn = clock.Elapsed.TotalMilliseconds;
            var ready = await UntilSelectedAsync(page, clock);
            if (i > 0) // the first open warms the server (JIT, caches) and is reported on its own
            {
                drawn.Add(allDrawn);
                interactive.Add(ready);
            }
            else
            {
                Console.WriteLine($"  first open after start: nodes drawn {allDrawn:N0} ms, interactive {ready:N0} ms");
            }
            await context.CloseAsync();
        }
        Console.WriteLine($"  nodes drawn:  median {Median(drawn):N0} ms, p90 {P90(drawn):N0} ms, max {drawn.Max():N0} ms");
        Console.WriteLine($"  interactive:  median {Median(interactive):N0} ms, p90 {P90(interactive):N0} ms, max {interactive.Max():N0} ms (target < 1,000 ms)");

        await Task.Delay(2000);
        var before = Heap();
        var open = new List<IBrowserContext>();
        for (var i = 0; i < circuits; i++)
        {
            var context = await NewContextAsync(browser, app, token);
            var page = await context.NewPageAsync();
            await page.GotoAsync(url);
            await page.Locator("[data-testid='canvas-node']").Nth(nodes - 1).WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            open.Add(context);
        }
        var after = Heap();
        Console.WriteLine($"  memory: {circuits} open builder circuits hold {(after - before) / 1024d / 1024:N1} MB of managed heap " +
                          $"= {(after - before) / 1024d / circuits:N0} KB per circuit ({nodes}-node workflow); process working set {Environment.WorkingSet / 1024 / 1024:N0} MB");
        foreach (var context in open)
        {
            await context.CloseAsync();
        }
        return 0;
    }

    /// <summary>Clicks a node until the inspector opens for it: clicks before the circuit is up are not answered.</summary>
    private static async Task<double> UntilSelectedAsync(IPage page, Stopwatch clock)
    {
        var inspector = page.Locator("[data-testid='inspector'] code", new() { HasText = "step_2" });
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await page.Locator("[data-node-id='step_2'] .bronn-node-name").ClickAsync();
            if (await inspector.CountAsync() > 0)
            {
                return clock.Elapsed.TotalMilliseconds;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("The builder did not answer a click on a node within 60 s.");
    }

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, BronnAppFactory app, string token)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        await context.AddCookiesAsync([new Cookie { Name = "bronn_auth", Value = token, Url = app.ServerAddress.ToString() }]);
        return context;
    }

    /// <summary>A user and a workflow: a manual trigger, then a chain of set nodes with an if every tenth node.</summary>
    private static async Task<(string Token, string WorkflowId)> SeedAsync(BronnAppFactory app, int count)
    {
        var api = app.CreateApiClient();
        var credentials = new { email = "bench@example.com", password = "benchmark-password" };
        (await api.PostAsJsonAsync("/api/auth/register", credentials)).EnsureSuccessStatusCode();
        var login = JsonDocument.Parse(await (await api.PostAsJsonAsync("/api/auth/login", credentials)).Content.ReadAsStringAsync());
        var token = login.RootElement.GetProperty("access_token").GetString()!;
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var nodes = new List<object> { new { id = "start", type = "manual", position = new { x = 0, y = 0 } } };
        var edges = new List<object>();
        var previous = "start";
        for (var i = 0; i < count - 1; i++)
        {
            var id = $"step_{i}";
            var isIf = i % 10 == 9;
            nodes.Add(isIf
                ? new { id, type = "if", position = new { x = 240 * (i + 1) % 2400, y = 140 * ((i + 1) / 10) }, parameters = (object)new { condition = "{{ trigger.body.n > 1 }}" } }
                : new { id, type = "set", position = new { x = 240 * (i + 1) % 2400, y = 140 * ((i + 1) / 10) }, parameters = (object)new { fields = new { value = $"{{{{ trigger.body.n }}}}-{i}" } } });
            edges.Add(previous.StartsWith("step_", StringComparison.Ordinal) && int.Parse(previous[5..]) % 10 == 9
                ? new { from = previous, fromPort = "true", to = id }
                : new { from = previous, to = id });
            previous = id;
        }
        var created = await api.PostAsJsonAsync("/api/workflows", new { name = $"{count} nodes", nodes, edges });
        created.EnsureSuccessStatusCode();
        return (token, JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static double P90(List<double> values) => values.Order().ElementAt(Math.Min(values.Count - 1, (int)Math.Ceiling(values.Count * 0.9) - 1));

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
