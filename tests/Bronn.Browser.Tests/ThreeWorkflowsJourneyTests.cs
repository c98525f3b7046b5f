using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>
/// Issue 16's other two workflows, built by mouse and keyboard as a new user would and run from the builder (the
/// first, webhook -> if -> actions, is RunJourneyTests): schedule -> HTTP -> set -> Notion, with the request's answer
/// pinned while building; new Gmail message -> filter -> Slack, run with the trigger's example message.
/// </summary>
public sealed class ThreeWorkflowsJourneyTests(IntegrationsBrowserFixture browser) : IClassFixture<IntegrationsBrowserFixture>
{
    [Fact]
    public async Task Schedule_http_set_notion_and_gmail_filter_slack_are_built_and_run()
    {
        var standIn = browser.Integrations.Provider;
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"three-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(Schedule_http_set_notion_and_gmail_filter_slack_are_built_and_run), async () =>
        {
            await page.RegisterAsync(email, "correct horse battery");
            foreach (var integration in new[] { "notion", "slack", "gmail" })
            {
                await page.GotoAsync("/integrations");
                await page.WaitUntilInteractiveAsync();
                await page.Locator($"[data-testid='integration-{integration}']").GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
                await Expect(page.Locator($"[data-testid='status-{integration}']")).ToHaveTextAsync("Connected");
            }

            // Schedule -> HTTP -> Set -> Notion.
            await NewWorkflowAsync(page, "schedule", "Schedule");
            await page.GetByTestId("param-cron-preset").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Every weekday (Mon-Fri)" }).ClickAsync();
            await Expect(page.GetByTestId("param-cron-next").Locator("li")).ToHaveCountAsync(5);
            await AddAsync(page, "http", "http.request", "http_request_1");
            await page.GetByTestId("param-url").FillAsync("https://api.shop.example/orders/today");
            await page.GetByTestId("pin-by-hand").ClickAsync(); // the shop's answer, pinned while building
            await page.GetByTestId("pin-json").FillAsync("[{\"id\": 41, \"customer\": \"Ann\", \"total\": 120}]");
            await page.GetByTestId("pin-save").ClickAsync();
            await AddAsync(page, "set", "set", "set_1");
            await page.GetByTestId("param-fields-add").ClickAsync();
            await page.GetByTestId("param-fields-name").Nth(0).FillAsync("title");
            await page.GetByTestId("param-fields-value").Nth(0).FillAsync("Order {{ item.id }} from {{ item.customer }}");
            await AddAsync(page, "notion", "notion.create_page", "notion_create_page_1");
            await page.GetByTestId("param-databaseId").FillAsync("db-1");
            await page.GetByTestId("param-properties-add").ClickAsync();
            await page.GetByTestId("param-properties-name").Nth(0).FillAsync("Name");
            await page.GetByTestId("param-properties-value").Nth(0).FillAsync("{{ steps.set_1.output.title }}");
            await page.GetByTestId("param-properties-add").ClickAsync();
            await page.GetByTestId("param-properties-name").Nth(1).FillAsync("Total");
            await page.GetByTestId("param-properties-value").Nth(1).FillAsync("{{ steps.http_request_1.output.total }}");
            await ConnectInALineAsync(page, "schedule_1", "http_request_1", "set_1", "notion_create_page_1");
            await RunNowAsync(page, useExample: true);
            Assert.Contains(standIn.ApiCalls, c => c.Path.EndsWith("/pages", StringComparison.Ordinal) && c.Body.Contains("Order 41 from Ann", StringComparison.Ordinal) && c.Body.Contains("\"number\":120", StringComparison.Ordinal));
            Assert.DoesNotContain(standIn.ApiCalls, c => c.Path.Contains("orders/today", StringComparison.Ordinal)); // pinned: not called

            // New Gmail message -> Filter -> Slack.
            await NewWorkflowAsync(page, "gmail", "New Gmail message");
            await AddAsync(page, "filter", "filter", "filter_1");
            await page.GetByTestId("param-condition").FillAsync("{{ trigger.from == \"ann@example.com\" }}");
            await AddAsync(page, "slack", "slack.post_message", "slack_post_message_1");
            await page.GetByTestId("param-channel").FillAsync("#inbox");
            await page.GetByTestId("param-text").FillAsync("Mail from {{ trigger.from }}: {{ trigger.subject }}");
            await ConnectInALineAsync(page, "gmail_new_message_1", "filter_1", "slack_post_message_1");
            await RunNowAsync(page, useExample: true);
            Assert.Contains(standIn.ApiCalls, c => c.Path.EndsWith("/chat.postMessage", StringComparison.Ordinal) && c.Body.Contains("Mail from ann@example.com: Hello", StringComparison.Ordinal));
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }


    /// <summary>A new workflow whose Manual trigger is replaced by picking another in the palette.</summary>
    private static async Task NewWorkflowAsync(IPage page, string search, string trigger)
    {
        await page.OpenNewWorkflowAsync();
        await page.PaletteSearchAsync(search);
        await page.GetByTestId("palette-item").Filter(new() { HasText = trigger }).First.ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Replace" }).ClickAsync();
        await Expect(page.CanvasNode("start")).ToHaveCountAsync(0);
    }

    private static async Task AddAsync(IPage page, string search, string type, string expectedId)
    {
        await page.PaletteSearchAsync(search);
        await page.Locator($"[data-testid='palette-item'][data-node-type='{type}']").ClickAsync();
        await Expect(page.CanvasNode(expectedId)).ToBeVisibleAsync();
    }

    private static async Task ConnectInALineAsync(IPage page, params string[] ids)
    {
        await page.GetByTestId("auto-layout").ClickAsync();
        for (var i = 1; i < ids.Length; i++)
        {
            await page.ConnectAsync(page.CanvasNode(ids[i - 1]).Locator(".bronn-port.output").First, page.CanvasNode(ids[i]).Locator(".bronn-port.input"));
        }
        await Expect(page.Locator(".bronn-builder .diagram-link")).ToHaveCountAsync(ids.Length - 1);
    }

    private static async Task RunNowAsync(IPage page, bool useExample)
    {
        await page.GetByTestId("run-now").ClickAsync();
        if (useExample)
        {
            await page.GetByTestId("run-use-example").ClickAsync();
        }
        await page.GetByTestId("run-start").ClickAsync();
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Run: succeeded", new() { Timeout = 30_000 });
    }
}
