using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>Calling a workflow: picked by name in the inspector, run, and the two runs link to each other.</summary>
public sealed class SubWorkflowJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task The_called_workflow_is_picked_by_name_and_the_runs_link_to_each_other()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"calls-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(The_called_workflow_is_picked_by_name_and_the_runs_link_to_each_other), async () =>
        {
            await page.RegisterAsync(email, Password);
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            var api = await browser.ApiAsync(email, Password);
            await api.CreateWorkflowAsync("""
                {"name":"Doubler","nodes":[{"id":"called","type":"workflow.called"},{"id":"double","type":"set","parameters":{"fields":{"doubled":"{{ trigger.input.n | times: 2 }}"}}}],
                 "edges":[{"from":"called","to":"double"}]}
                """, publish: true);
            var callerId = await api.CreateWorkflowAsync("""
                {"name":"Caller","nodes":[{"id":"start","type":"manual","position":{"x":40,"y":120}},
                  {"id":"call","type":"workflow.execute","position":{"x":300,"y":120},"parameters":{"input":{"n":"{{ trigger.body.n }}"}}}],
                 "edges":[{"from":"start","to":"call"}]}
                """, publish: false);

            await page.GotoAsync($"/workflows/{callerId}");
            await page.WaitUntilInteractiveAsync();
            await page.Locator("[data-testid='canvas-node'][data-node-id='call'] .bronn-node-name").ClickAsync();
            await page.GetByTestId("param-workflowId").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Doubler" }).ClickAsync();
            await page.GetByTestId("run-now").ClickAsync();
            await page.GetByTestId("run-sample").FillAsync("{\"body\": {\"n\": 21}}");
            await page.GetByTestId("run-start").ClickAsync();
            await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Run: succeeded");

            await page.GetByTestId("run-status").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/executions/[0-9a-f-]{36}$"));
            await page.WaitUntilInteractiveAsync();
            await Expect(page.Locator("[data-testid='execution-step'][data-node-id='call'] [data-testid='step-output']")).ToBeVisibleAsync();
            var started = page.GetByTestId("execution-started-runs");
            await Expect(started).ToContainTextAsync("called workflow · succeeded");
            var parentUrl = page.Url;
            await started.Locator("a, .mud-chip").First.ClickAsync();
            await Expect(page.GetByTestId("execution-parent")).ToContainTextAsync("Called by");
            await page.GetByTestId("execution-parent").Locator("a").ClickAsync();
            await Expect(page).ToHaveURLAsync(parentUrl);
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }
}
