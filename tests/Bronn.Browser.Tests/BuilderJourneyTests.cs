using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

public sealed class BuilderJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Build_a_workflow_on_the_canvas_save_publish_export_import_and_delete()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        await page.RunAsync(nameof(Build_a_workflow_on_the_canvas_save_publish_export_import_and_delete), async () =>
        {
            await page.RegisterAsync($"bo-{Guid.NewGuid():N}@example.com", "correct horse battery");
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            await page.OpenNewWorkflowAsync();
            var nodes = page.GetByTestId("canvas-node");
            await Expect(nodes).ToHaveCountAsync(1);

            // The canvas gets the width: the navigation starts folded in the builder, and the menu button opens it.
            var drawer = page.GetByTestId("navigation-drawer");
            await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--closed"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
            await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--open"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
            await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--closed"));
            // Escape closes a dialog.
            await page.GetByTestId("run-now").ClickAsync();
            await Expect(page.GetByTestId("run-sample")).ToBeVisibleAsync();
            await page.GetByTestId("run-sample").FocusAsync(); // the dialog hears keys once the focus is inside it
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.GetByTestId("run-sample")).ToHaveCountAsync(0);

            // Add a Set node from the palette (searching for it), then fill its form.
            await page.PaletteSearchAsync("set");
            await Expect(page.GetByTestId("palette-item")).ToHaveCountAsync(1);
            await page.GetByTestId("palette-item").ClickAsync();
            await Expect(nodes).ToHaveCountAsync(2);
            // Fields as rows: two rows with one name are refused until one is renamed.
            await page.GetByTestId("param-fields-add").ClickAsync();
            await page.GetByTestId("param-fields-name").Nth(0).FillAsync("greeting");
            await page.GetByTestId("param-fields-value").Nth(0).FillAsync("Hello {{ trigger.body.name }}");
            await page.GetByTestId("param-fields-add").ClickAsync();
            await page.GetByTestId("param-fields-name").Nth(1).FillAsync("greeting");
            await Expect(page.GetByTestId("param-fields-error")).ToContainTextAsync("Two rows are named 'greeting'");
            await page.GetByTestId("param-fields-remove").Nth(1).ClickAsync();
            await Expect(page.GetByTestId("param-fields-error")).ToHaveCountAsync(0);

            // Connect the trigger's output to the Set node's input by dragging.
            await page.ConnectAsync(page.Locator("[data-node-id='start'] .bronn-port.output"), page.Locator("[data-node-id='set_1'] .bronn-port.input"));
            await Expect(page.Locator("svg path").First).ToBeAttachedAsync();

            await page.GetByTestId("publish").ClickAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Published as version 1");
            await page.DocumentAsync("builder", "/workflows/[0-9a-f-]{36}");

            await page.GetByRole(AriaRole.Link, new() { Name = "Back to workflows" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/workflows$"));
            await Expect(page.GetByTestId("navigation-drawer")).ToHaveClassAsync(new Regex("mud-drawer--open")); // elsewhere it is open
            await Expect(page.GetByTestId("workflow-list")).ToContainTextAsync("v1");
            await page.DocumentAsync("workflows", "/workflows$");

            // Export, then import the file as a new workflow.
            await page.GetByTestId("workflow-actions").First.ClickAsync();
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Menuitem, new() { Name = "Export" }).ClickAsync());
            var path = await download.PathAsync();
            var json = await File.ReadAllTextAsync(path!);
            var edge = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("edges")[0];
            Assert.Equal(("start", "set_1"), (edge.GetProperty("from").GetString(), edge.GetProperty("to").GetString()));
            var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByTestId("import-workflow").ClickAsync());
            await chooser.SetFilesAsync(path!);
            await Expect(page.GetByTestId("workflows-message")).ToContainTextAsync("Imported");
            await Expect(page.GetByTestId("workflow-name")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("workflow-list")).ToContainTextAsync(" (2)"); // the copy is told apart from the original

            // Delete one, confirming.
            await page.GetByTestId("workflow-actions").First.ClickAsync();
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "Delete" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Expect(page.GetByTestId("workflow-name")).ToHaveCountAsync(1);
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }
}
