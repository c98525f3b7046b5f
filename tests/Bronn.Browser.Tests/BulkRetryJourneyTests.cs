using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>Failed runs picked in the executions list are retried together, each from its failed step.</summary>
public sealed class BulkRetryJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Select_two_failed_runs_and_retry_them_at_once()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"bulk-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(Select_two_failed_runs_and_retry_them_at_once), async () =>
        {
            await page.RegisterAsync(email, Password);
            var api = await browser.ApiAsync(email, Password);
            var created = await api.PostAsync("/api/workflows", new StringContent("""
                {"name":"Always fails","nodes":[{"id":"start","type":"manual"},{"id":"stop","type":"stop_and_error","parameters":{"message":"No"}}],
                 "edges":[{"from":"start","to":"stop"}]}
                """, System.Text.Encoding.UTF8, "application/json"));
            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            Assert.True((await api.PostAsync($"/api/workflows/{id}/publish", null)).IsSuccessStatusCode);
            var runs = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                var started = await api.PostAsync($"/api/workflows/{id}/run", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
                runs.Add(JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("executionId").GetString()!);
            }

            await page.GotoAsync("/executions");
            await page.WaitUntilInteractiveAsync();
            var boxes = page.GetByTestId("execution-select");
            await Expect(boxes).ToHaveCountAsync(2); // only failed runs can be picked
            await boxes.Nth(0).ClickAsync();
            await boxes.Nth(1).ClickAsync();
            await page.GetByTestId("execution-retry-selected").ClickAsync();
            await Expect(page.GetByTestId("execution-bulk-message")).ToContainTextAsync("Retrying 2 runs");

            foreach (var run in runs)
            {
                var attempts = 0;
                for (var tries = 0; tries < 600 && attempts < 2; tries++) // up to a minute on a loaded machine
                {
                    var execution = JsonDocument.Parse(await api.GetStringAsync($"/api/executions/{run}")).RootElement;
                    attempts = execution.GetProperty("steps").EnumerateArray().Count(s => s.GetProperty("nodeId").GetString() == "stop");
                    await Task.Delay(100);
                }
                Assert.Equal(2, attempts);
            }
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }
}
