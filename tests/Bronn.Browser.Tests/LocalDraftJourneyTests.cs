using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>Unsaved work outlives its page: the connection is lost (the tab closed), the workflow opened again offers it back.</summary>
public sealed class LocalDraftJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Unsaved_changes_lost_with_the_connection_are_offered_back_on_the_next_visit()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var address = "";
        await page.RunAsync(nameof(Unsaved_changes_lost_with_the_connection_are_offered_back_on_the_next_visit), async () =>
        {
            await page.RegisterAsync($"draft-{Guid.NewGuid():N}@example.com", "correct horse battery");
            await page.OpenNewWorkflowAsync();
            await page.PasteOnBuilderAsync("""{"nodes":[{"id":"kept","type":"set","parameters":{"fields":{"a":"1"}}}]}""");
            await page.GetByTestId("save").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/workflows/[0-9a-f-]{36}$"));
            address = page.Url;

            await page.PasteOnBuilderAsync("""{"nodes":[{"id":"unsaved","type":"set","parameters":{"fields":{"b":"2"}}}]}""");
            await Expect(page.GetByTestId("unsaved")).ToBeVisibleAsync();
            // The browser keeps the change a moment after drawing it (a call from the server); a tab closed before that loses it.
            await page.WaitForFunctionAsync("""
                () => Object.keys(localStorage).some((k) => k.startsWith("bronn-draft:") && localStorage.getItem(k).includes("unsaved"))
                """);
            await page.CloseAsync(new() { RunBeforeUnload = false }); // the circuit is gone with the work in it
        });
        var second = await context.NewPageAsync();
        await second.RunAsync(nameof(Unsaved_changes_lost_with_the_connection_are_offered_back_on_the_next_visit), async () =>
        {
            await second.GotoAsync(address);
            var dialog = second.Locator(".mud-dialog");
            await Expect(dialog).ToContainTextAsync("Restore unsaved changes?");
            await second.DocumentAsync("restore-draft", "/workflows/[0-9a-f-]{36}$");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
            await Expect(second.CanvasNode("unsaved")).ToBeVisibleAsync();
            await Expect(second.CanvasNode("kept")).ToBeVisibleAsync();
            await Expect(second.GetByTestId("unsaved")).ToBeVisibleAsync();
            await second.GetByTestId("save").ClickAsync();
            await Expect(second.GetByTestId("builder-message")).ToContainTextAsync("Draft saved");

            // Saved: nothing is offered any more.
            await second.ReloadAsync();
            await second.WaitUntilInteractiveAsync();
            await Expect(second.CanvasNode("unsaved")).ToBeVisibleAsync();
            await second.WaitForBuilderKeysAsync();
            await second.GetByTestId("zoom-in").ClickAsync(); // a round trip after the builder looked for kept changes
            await Expect(second.GetByTestId("zoom-level")).ToHaveTextAsync("120 %");
            await Expect(second.GetByTestId("builder-message")).ToHaveCountAsync(0);
            await Expect(second.Locator(".mud-dialog")).ToHaveCountAsync(0);
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

}
