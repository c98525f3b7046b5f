using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>Items in the builder: split a list, route each order by a switch with two cases, gather them, and see counts.</summary>
public sealed class ItemsJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Build_split_switch_and_aggregate_by_mouse_run_it_and_see_item_counts()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        await page.RunAsync(nameof(Build_split_switch_and_aggregate_by_mouse_run_it_and_see_item_counts), async () =>
        {
            await page.RegisterAsync($"items-{Guid.NewGuid():N}@example.com", Password);
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            await page.OpenNewWorkflowAsync();

            await AddAsync(page, "split", "split_out", "split_out_1");
            await page.GetByTestId("param-list").FillAsync("{{ trigger.body.orders }}");
            await AddAsync(page, "switch", "switch", "switch_1");
            await page.GetByTestId("param-cases-mode").ClickAsync(); // a pasted object, as JSON
            await page.GetByTestId("param-cases-json").FillAsync("{\"big\": \"{{ item.amount > 100 }}\", \"small\": \"item.amount <= 100\"}");
            await Expect(Node(page, "switch_1").Locator(".bronn-port.output")).ToHaveCountAsync(3); // big, small, fallback
            await AddAsync(page, "set", "set", "set_1");
            await FieldsAsync(page, ("id", "{{ item.id }}"), ("lane", "big"));
            await AddAsync(page, "set", "set", "set_2");
            await FieldsAsync(page, ("id", "{{ item.id }}"), ("lane", "small"));
            await AddAsync(page, "aggregate", "aggregate", "aggregate_1");

            await page.GetByTestId("auto-layout").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Fit to screen" }).ClickAsync();
            await page.ConnectAsync(Port(page, "start", "output"), Port(page, "split_out_1", "input"));
            await page.ConnectAsync(Port(page, "split_out_1", "output"), Port(page, "switch_1", "input"));
            await page.ConnectAsync(Node(page, "switch_1").Locator(".bronn-port.output-0-of-3"), Port(page, "set_1", "input"));
            await page.ConnectAsync(Node(page, "switch_1").Locator(".bronn-port.output-1-of-3"), Port(page, "set_2", "input"));
            await page.ConnectAsync(Port(page, "set_1", "output"), Port(page, "aggregate_1", "input"));
            await page.ConnectAsync(Port(page, "set_2", "output"), Port(page, "aggregate_1", "input"));
            await Expect(page.Locator("g path.diagram-link, svg g[class*='link']")).ToHaveCountAsync(6);

            await page.GetByTestId("run-now").ClickAsync();
            await page.GetByTestId("run-sample").FillAsync("{\"body\": {\"orders\": [{\"id\": 1, \"amount\": 150}, {\"id\": 2, \"amount\": 5}, {\"id\": 3, \"amount\": 300}]}}");
            await page.GetByTestId("run-start").ClickAsync();
            await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Run: succeeded");
            await Expect(Node(page, "split_out_1").GetByTestId("node-run-state")).ToHaveTextAsync("succeeded · 3 items");
            await Expect(Node(page, "set_1").GetByTestId("node-run-state")).ToHaveTextAsync("succeeded · 2 items");
            await Expect(Node(page, "set_2").GetByTestId("node-run-state")).ToHaveTextAsync("succeeded"); // one item
            await Expect(Node(page, "aggregate_1").GetByTestId("node-run-state")).ToHaveTextAsync("succeeded");

            await page.GetByTestId("run-status").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/executions/[0-9a-f-]{36}$"));
            await page.WaitUntilInteractiveAsync();
            await Expect(page.Locator("[data-testid='execution-step'][data-node-id='split_out_1'] [data-testid='step-item-count']")).ToHaveTextAsync("3 items");
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    private static ILocator Node(IPage page, string id) => page.Locator($"[data-testid='canvas-node'][data-node-id='{id}']");

    private static ILocator Port(IPage page, string id, string kind) => Node(page, id).Locator($".bronn-port.{kind}").First;

    private static async Task AddAsync(IPage page, string search, string type, string expectedId)
    {
        await page.PaletteSearchAsync(search);
        await page.Locator($"[data-testid='palette-item'][data-node-type='{type}']").ClickAsync();
        await Expect(Node(page, expectedId)).ToBeVisibleAsync();
    }

    /// <summary>Fills a set node's fields as rows, one per (name, value).</summary>
    private static async Task FieldsAsync(IPage page, params (string Name, string Value)[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            await page.GetByTestId("param-fields-add").ClickAsync();
            await page.GetByTestId("param-fields-name").Nth(i).FillAsync(fields[i].Name);
            await page.GetByTestId("param-fields-value").Nth(i).FillAsync(fields[i].Value);
        }
    }
}
