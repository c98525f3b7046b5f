using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>Undo/redo, the unsaved-changes prompt, connecting from the inspector, and the executions pages.</summary>
public sealed class EditingAndExecutionsJourneyTests(IntegrationsBrowserFixture browser) : IClassFixture<IntegrationsBrowserFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Undo_redo_the_leave_prompt_and_connecting_from_the_inspector_keep_the_work()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        await page.RunAsync(nameof(Undo_redo_the_leave_prompt_and_connecting_from_the_inspector_keep_the_work), async () =>
        {
            await page.RegisterAsync($"edit-{Guid.NewGuid():N}@example.com", Password);
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            await page.OpenNewWorkflowAsync();
            var nodes = page.GetByTestId("canvas-node");
            await Expect(nodes).ToHaveCountAsync(1);

            await page.Locator("[data-testid='palette-item'][data-node-type='slack.post_message']").ClickAsync();
            await Expect(nodes).ToHaveCountAsync(2);
            var slack = page.Locator("[data-node-id='slack_post_message_1']");
            await Expect(slack.GetByTestId("node-integration-badge")).ToHaveAttributeAsync("data-status", "not_connected");
            await page.GetByTestId("canvas").ClickAsync(new() { Position = new() { X = 20, Y = 20 } }); // focus off the form
            await page.Keyboard.PressAsync("Control+z");
            await Expect(nodes).ToHaveCountAsync(1);
            await page.Keyboard.PressAsync("Control+y");
            await Expect(nodes).ToHaveCountAsync(2);
            await page.GetByTestId("undo").ClickAsync();
            await Expect(nodes).ToHaveCountAsync(1);
            await page.GetByTestId("redo").ClickAsync();
            await Expect(nodes).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("unsaved")).ToBeVisibleAsync();

            // Leaving with unsaved changes asks first; staying keeps everything.
            await page.GetByRole(AriaRole.Link, new() { Name = "Back to workflows" }).ClickAsync();
            await Expect(page.GetByText("Leave without saving?")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Stay" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/workflows/new$")); // not stored yet: connecting saves it first
            await Expect(nodes).ToHaveCountAsync(2);

            // Connect Slack from the inspector: the draft is saved, OAuth runs, and the builder comes back with the node.
            await slack.Locator(".bronn-node-name").ClickAsync();
            await page.GetByTestId("param-channel").FillAsync("#general");
            await page.GetByTestId("inspector-connect").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/workflows/[0-9a-f-]{36}\\?outcome=connected&integration=slack$"));
            await page.WaitUntilInteractiveAsync();
            await Expect(page.GetByTestId("builder-message")).ToHaveTextAsync("Slack is connected.");
            await Expect(nodes).ToHaveCountAsync(2);
            await Expect(slack.GetByTestId("node-integration-badge")).ToHaveCountAsync(0);
            await slack.Locator(".bronn-node-name").ClickAsync();
            await Expect(page.GetByTestId("param-channel")).ToHaveValueAsync("#general");
            await Expect(page.GetByTestId("inspector-connection")).ToContainTextAsync("Connected");
            await Expect(page.GetByTestId("unsaved")).ToHaveCountAsync(0);
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Executions_are_filtered_opened_retried_and_cancelled_and_follow_the_run_live()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"runs-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(Executions_are_filtered_opened_retried_and_cancelled_and_follow_the_run_live), async () =>
        {
            await page.RegisterAsync(email, Password);
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            var api = await ApiAsync(email);
            var ok = await PublishAsync(api, "Greets", """{"id":"hello","type":"set","name":"Greet the customer","parameters":{"fields":{"greeting":"Hello {{ trigger.body.name }}","attachment_contents":"{{ trigger.body.big }}"}}}""");
            var failing = await PublishAsync(api, "Fails", """{"id":"call","type":"http.request","parameters":{"url":"http://127.0.0.1:1/nothing-listens-here"},"settings":{"retry":{"attempts":1}}}""");
            var waiting = await PublishAsync(api, "Waits", """{"id":"pause","type":"delay","parameters":{"duration":"01:00:00"}}""");
            await RunAsync(api, ok, JsonSerializer.Serialize(new { name = "Ann", big = new string('x', 40_000) }));
            var failed = await RunAsync(api, failing, "{}");
            var parked = await RunAsync(api, waiting, "{}");

            await page.GotoAsync("/executions");
            await page.WaitUntilInteractiveAsync();
            await Expect(page.GetByTestId("execution-status")).ToHaveCountAsync(3);
            await page.DocumentAsync("executions", "/executions$");
            await page.GetByTestId("filter-status").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "failed" }).ClickAsync();
            await Expect(page.GetByTestId("execution-status")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("execution-list")).ToContainTextAsync("Fails");
            await page.GetByTestId("filter-clear").ClickAsync();
            await Expect(page.GetByTestId("execution-status")).ToHaveCountAsync(3);
            // Search by what is in a run's data: only Ann's run has her name in it.
            await page.GetByTestId("filter-search").FillAsync("ann");
            await Expect(page.GetByTestId("execution-status")).ToHaveCountAsync(1);
            await page.GetByTestId("filter-clear").ClickAsync();
            await Expect(page.GetByTestId("execution-status")).ToHaveCountAsync(3);

            // A large output is shown truncated, with the whole of it as a download.
            await page.GotoAsync($"/executions?workflowId={ok}");
            await page.WaitUntilInteractiveAsync();
            await page.GetByTestId("execution-link").First.ClickAsync();
            await Expect(page.GetByTestId("execution-detail-status")).ToHaveTextAsync("succeeded");
            await Expect(page.GetByTestId("execution-version")).ToHaveTextAsync("Ran version 1");
            var hello = page.Locator("[data-testid='execution-step'][data-node-id='hello']");
            // A step is titled by the name its node was given, with its type and id beside it.
            await Expect(hello.GetByTestId("step-node-name")).ToHaveTextAsync("Greet the customer");
            await Expect(hello).ToContainTextAsync("Set fields · hello");
            await hello.GetByTestId("step-output").ClickAsync();
            await Expect(hello.GetByTestId("step-output-json")).ToContainTextAsync("Hello Ann");
            await Expect(hello.GetByTestId("json-truncated")).ToContainTextAsync("Showing the first 16 KB of 39 KB");
            var download = await page.RunAndWaitForDownloadAsync(() => hello.GetByTestId("json-download").ClickAsync());
            Assert.Equal(40_000, JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!)).RootElement.GetProperty("attachment_contents").GetString()!.Length);

            // The failed run: its error, then a retry from the failed step, seen live (a second attempt appears).
            await page.GotoAsync($"/executions/{failed}");
            await page.WaitUntilInteractiveAsync();
            await Expect(page.GetByTestId("execution-detail-error")).ToContainTextAsync("Node 'call' failed");
            await Expect(page.Locator("[data-testid='execution-step'][data-node-id='call']")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("execution-retry")).ToHaveTextAsync(new Regex("Retry from HTTP request", RegexOptions.IgnoreCase));
            await page.GetByTestId("execution-retry").ClickAsync();
            await Expect(page.Locator("[data-testid='execution-step'][data-node-id='call']")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("execution-detail-status")).ToHaveTextAsync("failed");
            await Expect(page.GetByTestId("execution-retry-current")).ToHaveCountAsync(0); // nothing newer published yet

            // A fix published afterwards applies to the failed run when retried with the current version.
            var fix = """{"name":"Fails","nodes":[{"id":"start","type":"manual"},{"id":"call","type":"set","parameters":{"fields":{"fixed":"yes"}}}],"edges":[{"from":"start","to":"call"}]}""";
            Assert.True((await api.PutAsync($"/api/workflows/{failing}", new StringContent(fix, System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
            Assert.True((await api.PostAsync($"/api/workflows/{failing}/publish", null)).IsSuccessStatusCode);
            await page.ReloadAsync();
            await page.WaitUntilInteractiveAsync();
            await page.GetByTestId("execution-retry-current").ClickAsync();
            await Expect(page.GetByTestId("execution-detail-status")).ToHaveTextAsync("succeeded");
            await Expect(page.GetByTestId("execution-version")).ToHaveTextAsync("Ran version 2");

            // The waiting run is cancelled from its page.
            await page.GotoAsync($"/executions/{parked}");
            await page.WaitUntilInteractiveAsync();
            await Expect(page.GetByTestId("execution-detail-status")).ToHaveTextAsync("waiting");
            await page.GetByTestId("execution-cancel").ClickAsync();
            await Expect(page.GetByTestId("execution-detail-status")).ToHaveTextAsync("cancelled");
            await Expect(page.GetByTestId("execution-cancel")).ToHaveCountAsync(0);
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_builder_can_be_used_from_the_keyboard()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        await page.RunAsync(nameof(The_builder_can_be_used_from_the_keyboard), async () =>
        {
            await page.RegisterAsync($"keys-{Guid.NewGuid():N}@example.com", Password);
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            await page.GotoAsync("/workflows");
            await page.WaitUntilInteractiveAsync();
            var create = page.GetByTestId("new-workflow");
            await create.FocusAsync();
            await Expect(create).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            // Generous: the first navigation of a fresh circuit is slow on a 2-core machine running three suites.
            await Expect(page).ToHaveURLAsync(new Regex("/workflows/new$"), new() { Timeout = 30_000 });
            var nodes = page.GetByTestId("canvas-node");
            await Expect(nodes).ToHaveCountAsync(1);

            // Search the palette, Tab to the match, Enter adds it; its form takes typing and Tab moves between fields.
            await page.GetByTestId("palette-search").FocusAsync();
            await page.Keyboard.TypeAsync("set");
            await Expect(page.GetByTestId("palette-item")).ToHaveCountAsync(1);
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByTestId("palette-item")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(nodes).ToHaveCountAsync(2);
            await page.GetByTestId("inspector-name").FocusAsync();
            await page.Keyboard.TypeAsync("Greeting");
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.Locator("[data-node-id='set_1'] .bronn-node-name")).ToHaveTextAsync("Greeting");

            // Save with the keyboard, then Run now: the dialog is filled and confirmed without the mouse.
            await page.Keyboard.PressAsync("Control+s");
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Draft saved");
            await Expect(page.GetByTestId("run-now")).ToBeEnabledAsync(); // a disabled button takes no focus
            await page.GetByTestId("run-now").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            // The dialog takes the focus after its first render: Tabs sent before that would race it.
            await page.WaitForFunctionAsync("() => document.activeElement?.closest('.mud-dialog') != null");
            await TabUntilFocusedAsync(page, page.GetByTestId("run-sample"));
            await page.Keyboard.PressAsync("Control+a");
            await page.Keyboard.TypeAsync("{\"body\": {\"name\": \"Kay\"}}");
            await Expect(page.GetByTestId("run-sample")).ToHaveValueAsync("{\"body\": {\"name\": \"Kay\"}}");
            await TabUntilFocusedAsync(page, page.GetByTestId("run-start")); // past Cancel: the dialog keeps focus inside itself
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByTestId("problems")).ToContainTextAsync("Greeting: 'Fields' is required."); // its name, not its id
            await Expect(page.GetByTestId("problems")).Not.ToContainTextAsync("set_1: Node 'set_1'");
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    private static async Task TabUntilFocusedAsync(IPage page, ILocator target)
    {
        await Expect(target).ToBeVisibleAsync();
        for (var i = 0; i < 6 && !await target.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await Expect(target).ToBeFocusedAsync();
    }

    private async Task<string> PublishAsync(HttpClient api, string name, string node)
    {
        var definition = $$"""{"name":"{{name}}","nodes":[{"id":"start","type":"manual"},{{node}}],"edges":[{"from":"start","to":"{{JsonDocument.Parse(node).RootElement.GetProperty("id").GetString()}}"}]}""";
        var created = await api.PostAsync("/api/workflows", new StringContent(definition, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var published = await api.PostAsync($"/api/workflows/{id}/publish", null);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        return id;
    }

    private static async Task<string> RunAsync(HttpClient api, string workflowId, string body)
    {
        var started = await api.PostAsync($"/api/workflows/{workflowId}/run", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("executionId").GetString()!;
        for (var i = 0; i < 1200; i++) // up to a minute on a loaded machine
        {
            var status = JsonDocument.Parse(await api.GetStringAsync($"/api/executions/{id}")).RootElement.GetProperty("status").GetString();
            if (status is "succeeded" or "failed" or "waiting")
            {
                return id;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Execution {id} did not settle.");
    }

    private Task<HttpClient> ApiAsync(string email) => browser.ApiAsync(email, Password);
}
