using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>The code node in the builder: a code editor with line numbers, Tab indenting, and a test on the last run's items.</summary>
public sealed class CodeNodeJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Code_is_edited_with_line_numbers_and_tested_on_the_items_of_the_last_run()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"code-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(Code_is_edited_with_line_numbers_and_tested_on_the_items_of_the_last_run), async () =>
        {
            await page.RegisterAsync(email, Password);
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            var api = await browser.ApiAsync(email, Password);
            var id = await api.CreateWorkflowAsync("""
                {"name":"Prices","nodes":[
                  {"id":"start","type":"manual","position":{"x":40,"y":120}},
                  {"id":"rows","type":"split_out","position":{"x":260,"y":120},"parameters":{"list":"trigger.body.rows"}},
                  {"id":"js","type":"code","position":{"x":480,"y":120},"parameters":{"code":"return { total: item.price * 2 };"}}],
                 "edges":[{"from":"start","to":"rows"},{"from":"rows","to":"js"}]}
                """);

            await page.GotoAsync($"/workflows/{id}");
            await page.WaitUntilInteractiveAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Fit to screen" }).ClickAsync();
            await page.GetByTestId("run-now").ClickAsync();
            await page.GetByTestId("run-sample").FillAsync("{\"body\": {\"rows\": [{\"price\": 1}, {\"price\": 5}]}}");
            await page.GetByTestId("run-start").ClickAsync();
            await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Run: succeeded");

            await Node(page, "js").Locator(".bronn-node-name").ClickAsync();
            var editor = page.GetByTestId("param-code");
            await Expect(editor.GetByTestId("code-line-numbers")).ToHaveTextAsync("1");
            var code = editor.Locator("textarea");
            await code.FillAsync("const t = item.price * 10;\nif (t > 20) {\nreturn { t, big: true };\n}\nreturn { t };");
            await Expect(editor.GetByTestId("code-line-numbers")).ToHaveTextAsync("1\n2\n3\n4\n5");
            await code.PressAsync("Tab");
            await Expect(code).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("return \\{ t \\};  $"));

            await page.SetViewportSizeAsync(1280, 560); // a short window: the result appears below the fold
            await page.GetByTestId("inspector-test").ClickAsync();
            var result = page.GetByTestId("inspector-test-result").GetByTestId("step-output-json");
            await Expect(result).ToContainTextAsync("\"t\": 10");
            await Expect(result).ToContainTextAsync("\"big\": true");
            await Expect(page.GetByTestId("inspector-test-result")).ToBeInViewportAsync(new() { Ratio = 0.5f }); // scrolled to, below the form
            await page.SetViewportSizeAsync(1280, 800);
            await page.DocumentAsync("code-node", "/workflows/[0-9a-f-]{36}");
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    private static ILocator Node(IPage page, string id) => page.Locator($"[data-testid='canvas-node'][data-node-id='{id}']");
}
