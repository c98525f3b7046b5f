using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>Workflow history: every save and publish listed, one viewed read-only, two compared, one restored as the draft.</summary>
public sealed class HistoryJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task View_compare_and_restore_a_published_version()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        await page.RunAsync(nameof(View_compare_and_restore_a_published_version), async () =>
        {
            await page.RegisterAsync($"history-{Guid.NewGuid():N}@example.com", "correct horse battery");
            await page.OpenNewWorkflowAsync();
            await Expect(page.GetByTestId("history")).ToBeDisabledAsync(); // nothing saved yet
            await page.PasteOnBuilderAsync("""{"nodes":[{"id":"greet","type":"set","name":"Greet","parameters":{"fields":{"text":"hello"}}}]}""");
            await page.ConnectAsync(page.CanvasNode("start").Locator(".bronn-port.output"), page.CanvasNode("greet").Locator(".bronn-port.input"));
            await page.GetByTestId("publish").ClickAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Published as version 1");

            await page.PasteOnBuilderAsync("""{"nodes":[{"id":"extra","type":"set","name":"Extra","parameters":{"fields":{"n":"1"}}}]}""");
            await page.GetByTestId("save").ClickAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Draft saved");

            await page.GetByTestId("history").ClickAsync();
            var entries = page.GetByTestId("history-entry");
            await Expect(entries).ToHaveCountAsync(3); // first save, version 1 (its save changed nothing more), the second save
            await Expect(entries.Nth(0)).ToContainTextAsync("Draft, save");
            await Expect(entries.Nth(0)).ToContainTextAsync("Current draft");
            await Expect(entries.Nth(1)).ToContainTextAsync("Published v1");
            await Expect(entries.Nth(1)).ToContainTextAsync("Running");

            // View v1 read-only, with what the canvas changes from it.
            await entries.Nth(1).GetByTestId("history-view").ClickAsync();
            await Expect(page.GetByTestId("history-viewing")).ToHaveTextAsync("Published v1 (read-only)");
            await Expect(page.GetByTestId("history-preview").GetByTestId("canvas-node")).ToHaveCountAsync(2);
            // The whole version is in view in its preview, not cut at the edges.
            await page.WaitForFunctionAsync("""
                () => {
                  const frame = document.querySelector("[data-testid='history-preview']").getBoundingClientRect();
                  const nodes = [...document.querySelectorAll("[data-testid='history-preview'] [data-testid='canvas-node']")].map(n => n.getBoundingClientRect());
                  return nodes.length === 2 && nodes.every(n => n.left >= frame.left && n.right <= frame.right && n.top >= frame.top && n.bottom <= frame.bottom);
                }
                """);
            await Expect(page.GetByTestId("diff-added")).ToHaveTextAsync("+ Added Extra (extra)");
            await page.DocumentAsync("history", "/workflows/[0-9a-f-]{36}$");

            // Compare two entries.
            await entries.Nth(0).GetByTestId("history-compare-check").ClickAsync();
            await entries.Nth(2).GetByTestId("history-compare-check").ClickAsync();
            await page.GetByTestId("history-compare").ClickAsync();
            await Expect(page.GetByTestId("history-compare-title")).ToContainTextAsync("to Draft, save");
            await Expect(page.GetByTestId("history-diff")).ToContainTextAsync("Added Extra (extra)");

            // Restore v1: the canvas loses the extra node, saved as the draft.
            await entries.Nth(1).GetByTestId("history-view").ClickAsync();
            await page.GetByTestId("history-restore").ClickAsync();
            await Expect(page.GetByTestId("history-dialog")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Restored as the draft");
            await Expect(page.Locator(".bronn-builder [data-testid='canvas-node']")).ToHaveCountAsync(2);
            await Expect(page.CanvasNode("extra")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("unsaved")).ToHaveCountAsync(0);
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

}
