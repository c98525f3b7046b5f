using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>Finding one's way on the canvas: new nodes in view, zoom by buttons, keys and the wheel (up zooms in).</summary>
public sealed class CanvasNavigationJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Nodes_added_from_the_palette_land_in_view_and_zoom_works_by_buttons_keys_and_wheel()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        await page.RunAsync(nameof(Nodes_added_from_the_palette_land_in_view_and_zoom_works_by_buttons_keys_and_wheel), async () =>
        {
            await page.RegisterAsync($"canvas-{Guid.NewGuid():N}@example.com", "correct horse battery");
            await page.OpenNewWorkflowAsync();

            for (var i = 1; i <= 6; i++)
            {
                await page.PaletteSearchAsync("set");
                await page.Locator("[data-testid='palette-item'][data-node-type='set']").ClickAsync();
                await Expect(page.Locator($"[data-testid='canvas-node'][data-node-id='set_{i}']")).ToBeInViewportAsync();
            }

            var level = page.GetByTestId("zoom-level");
            await Expect(level).ToHaveTextAsync("100 %");
            await page.GetByTestId("zoom-in").ClickAsync();
            await Expect(level).ToHaveTextAsync("120 %");
            await page.GetByTestId("zoom-out").ClickAsync();
            await page.GetByTestId("zoom-out").ClickAsync();
            await Expect(level).ToHaveTextAsync("83 %");

            // Keys, with no field focused.
            await page.GetByTestId("zoom-level").ClickAsync();
            await Expect(level).ToHaveTextAsync("100 %");
            await page.Keyboard.PressAsync("-");
            await Expect(level).ToHaveTextAsync("83 %");
            await page.Keyboard.PressAsync("+");
            await Expect(level).ToHaveTextAsync("100 %");

            // The wheel: up zooms in, down zooms out.
            var canvas = (await page.GetByTestId("canvas").BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(canvas.X + canvas.Width / 2, canvas.Y + canvas.Height - 30);
            await page.Mouse.WheelAsync(0, -100);
            await Expect(level).Not.ToHaveTextAsync("100 %");
            Assert.True(int.Parse((await level.TextContentAsync())!.Split(' ')[0]) > 100, await level.TextContentAsync());
            await page.Mouse.WheelAsync(0, 100);
            await page.Mouse.WheelAsync(0, 100);
            await Expect(level).Not.ToHaveTextAsync(new Regex("^1[0-9][0-9] %$"));

            // Fit shows everything, but never below a readable size.
            await page.GetByRole(AriaRole.Button, new() { Name = "Fit to screen" }).ClickAsync();
            Assert.True(int.Parse((await level.TextContentAsync())!.Split(' ')[0]) >= 50, await level.TextContentAsync());
            await Expect(page.Locator("[data-testid='canvas-node'][data-node-id='start']")).ToBeInViewportAsync();
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Picking_another_trigger_replaces_the_current_one_and_keeps_its_connections()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"swap-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(Picking_another_trigger_replaces_the_current_one_and_keeps_its_connections), async () =>
        {
            await page.RegisterAsync(email, "correct horse battery");
            await page.OpenNewWorkflowAsync();
            await page.PaletteSearchAsync("set");
            await page.Locator("[data-testid='palette-item'][data-node-type='set']").ClickAsync();
            await page.ConnectAsync(page.Locator("[data-node-id='start'] .bronn-port.output"), page.Locator("[data-node-id='set_1'] .bronn-port.input"));

            await page.PaletteSearchAsync("webhook");
            await page.Locator("[data-testid='palette-item'][data-node-type='webhook']").ClickAsync();
            var dialog = page.Locator(".mud-dialog");
            await Expect(dialog).ToContainTextAsync("Replace the trigger with Webhook?");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Replace" }).ClickAsync();

            await Expect(page.Locator("[data-testid='canvas-node'][data-node-id='webhook_1']")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid='canvas-node'][data-node-id='start']")).ToHaveCountAsync(0);
            await page.GetByTestId("save").ClickAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Draft saved");
            var api = await browser.ApiAsync(email, "correct horse battery");
            var id = new Uri(page.Url).Segments[^1];
            var definition = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync($"/api/workflows/{id}")).RootElement.GetProperty("definition");
            var edge = Assert.Single(definition.GetProperty("edges").EnumerateArray());
            Assert.Equal("webhook_1", edge.GetProperty("from").GetString());
            Assert.Equal("set_1", edge.GetProperty("to").GetString());

            // Run now offers data shaped like the new trigger's: a webhook request.
            await page.GetByTestId("run-now").ClickAsync();
            await page.GetByTestId("run-use-example").ClickAsync();
            await Expect(page.GetByTestId("run-sample")).ToHaveValueAsync(new Regex("\"headers\"[\\s\\S]*\"method\": \"POST\""));
            await Expect(page.GetByTestId("run-use-last")).ToHaveCountAsync(0); // no run yet to start from
            await page.Keyboard.PressAsync("Escape");
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }
}
