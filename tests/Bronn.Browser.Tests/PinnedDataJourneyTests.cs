using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>Pinned data: pin a node's output by hand, test the next node with it, run from the builder without calling out, unpin.</summary>
public sealed class PinnedDataJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Pin_a_requests_output_test_the_next_node_with_it_and_run_without_calling_out()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        await page.RunAsync(nameof(Pin_a_requests_output_test_the_next_node_with_it_and_run_without_calling_out), async () =>
        {
            await page.RegisterAsync($"pin-{Guid.NewGuid():N}@example.com", "correct horse battery");
            await page.OpenNewWorkflowAsync();
            // An address that never answers: only a pinned request lets the run go on.
            await page.PasteOnBuilderAsync("""
                {"nodes":[
                  {"id":"fetch","type":"http.request","name":"Fetch orders","position":{"x":340,"y":160},"parameters":{"method":"GET","url":"http://192.0.2.1/orders"}},
                  {"id":"total","type":"set","name":"Total","position":{"x":600,"y":160},"parameters":{"fields":{"order":"{{ item.id }}"}}}],
                 "edges":[{"from":"fetch","to":"total"}]}
                """);
            await Expect(page.CanvasNode("total")).ToBeInViewportAsync(new() { Ratio = 1 }); // the view follows the whole paste
            await page.ConnectAsync(page.CanvasNode("start").Locator(".bronn-port.output"), page.CanvasNode("fetch").Locator(".bronn-port.input"));

            await page.CanvasNode("fetch").Locator(".bronn-node-name").ClickAsync();
            await Expect(page.GetByTestId("pin-output")).ToBeDisabledAsync(); // nothing ran yet
            await page.GetByTestId("pin-by-hand").ClickAsync();
            await page.GetByTestId("pin-json").FillAsync("[{\"id\": 7}, 5]");
            await page.GetByTestId("pin-save").ClickAsync();
            await Expect(page.GetByTestId("pin-dialog")).ToContainTextAsync("Pin a list of one or more objects");
            await page.GetByTestId("pin-json").FillAsync("[{\"id\": 7}, {\"id\": 8}]");
            await page.GetByTestId("pin-save").ClickAsync();
            await Expect(page.CanvasNode("fetch")).ToHaveAttributeAsync("data-pinned", "true");
            await Expect(page.GetByTestId("pinned-note")).ToContainTextAsync("Pinned: 2 items");

            // The next node's test runs on the pinned items.
            await page.CanvasNode("total").Locator(".bronn-node-name").ClickAsync();
            await page.GetByTestId("inspector-test").ClickAsync();
            await Expect(page.GetByTestId("inspector-test-result")).ToContainTextAsync("\"order\": \"7\"");
            await page.CanvasNode("fetch").Locator(".bronn-node-name").ClickAsync();
            await Expect(page.GetByTestId("pinned-note")).ToBeVisibleAsync();
            await page.DocumentAsync("pinned-data", "/workflows/new$");

            // A run from the builder does not call out: the pinned items flow on.
            await page.GetByTestId("run-now").ClickAsync();
            await page.GetByTestId("run-start").ClickAsync();
            await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Run: succeeded", new() { Timeout = 30_000 });
            await Expect(page.CanvasNode("total")).ToContainTextAsync("2 items");

            // Unpin: the node runs again.
            await page.CanvasNode("fetch").Locator(".bronn-node-name").ClickAsync();
            await page.GetByTestId("pin-remove").ClickAsync();
            await Expect(page.CanvasNode("fetch")).Not.ToHaveAttributeAsync("data-pinned", "true");
            await Expect(page.GetByTestId("pin-output")).ToBeEnabledAsync(); // the run's output can be pinned again
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

}
