using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>An error policy chosen in the inspector: the node grows an "error" port, wired by mouse, and a failing run takes it.</summary>
public sealed class ErrorOutputJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Continue_using_error_output_adds_an_error_port_that_a_failing_run_takes()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"errors-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(Continue_using_error_output_adds_an_error_port_that_a_failing_run_takes), async () =>
        {
            await page.RegisterAsync(email, Password);
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            var api = await browser.ApiAsync(email, Password);
            var id = await api.CreateWorkflowAsync("""
                {"name":"Ratios","nodes":[
                  {"id":"start","type":"manual","position":{"x":40,"y":160}},
                  {"id":"calc","type":"set","position":{"x":300,"y":160},"parameters":{"fields":{"ratio":"{{ 10 | divided_by: trigger.body.d }}"}}},
                  {"id":"ok","type":"set","position":{"x":580,"y":60},"parameters":{"fields":{"done":"yes"}}},
                  {"id":"alert","type":"set","position":{"x":580,"y":280},"parameters":{"fields":{"why":"{{ item.error.message }}"}}}],
                 "edges":[{"from":"start","to":"calc"},{"from":"calc","to":"ok"}]}
                """);

            await page.GotoAsync($"/workflows/{id}");
            await page.WaitUntilInteractiveAsync();
            await Expect(Node(page, "calc").Locator(".bronn-port.output")).ToHaveCountAsync(1);
            await Node(page, "calc").Locator(".bronn-node-name").ClickAsync();
            await page.GetByTestId("inspector-on-error").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Continue (using error output)" }).ClickAsync();
            await Expect(page.GetByTestId("inspector")).ToContainTextAsync("leaves by the 'error' port");
            await Expect(Node(page, "calc").Locator(".bronn-port.output")).ToHaveCountAsync(2);
            await Expect(Node(page, "calc").Locator(".bronn-port-label.error-port")).ToHaveTextAsync("error");

            await page.GetByTestId("auto-layout").ClickAsync(); // laid out anew with its new port, and fitted: the canvas is narrow
            await page.GetByRole(AriaRole.Button, new() { Name = "Fit to screen" }).ClickAsync();
            await page.ConnectAsync(Node(page, "calc").Locator(".bronn-port.output.error-port"), Node(page, "alert").Locator(".bronn-port.input"));
            await Expect(page.Locator("g path.diagram-link, svg g[class*='link']")).ToHaveCountAsync(3);

            await page.GetByTestId("run-now").ClickAsync();
            await page.GetByTestId("run-sample").FillAsync("{\"body\": {\"d\": 0}}");
            await page.GetByTestId("run-start").ClickAsync();
            await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Run: succeeded");
            await Expect(Node(page, "alert")).ToHaveAttributeAsync("data-run-state", "succeeded");
            await Expect(Node(page, "ok")).ToHaveAttributeAsync("data-run-state", "skipped");
            await page.DocumentAsync("error-output", "/workflows/[0-9a-f-]{36}");

            // Saved, the policy and the edge from the error port are in the definition.
            await page.Keyboard.PressAsync("Control+s");
            await Expect(page.GetByTestId("unsaved")).ToHaveCountAsync(0);
            var saved = JsonDocument.Parse(await api.GetStringAsync($"/api/workflows/{id}")).RootElement.GetProperty("definition");
            Assert.Equal("error_output", saved.GetProperty("nodes")[1].GetProperty("settings").GetProperty("onError").GetString());
            Assert.Contains(saved.GetProperty("edges").EnumerateArray(), e => e.TryGetProperty("fromPort", out var port) && port.GetString() == "error"
                && e.GetProperty("to").GetString() == "alert");
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    private static ILocator Node(IPage page, string id) => page.Locator($"[data-testid='canvas-node'][data-node-id='{id}']");
}
