using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bronn.Testing.StandIns;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>
/// The builder's main journey: webhook -> if -> Slack and Gmail built with the mouse, published, called, and watched
/// live on the canvas; then the run opened, a "Run now" with sample data, and a revoked connection shown on its node.
/// </summary>
public sealed class RunJourneyTests(IntegrationsBrowserFixture browser) : IClassFixture<IntegrationsBrowserFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Build_webhook_if_slack_gmail_call_it_and_watch_the_run_live_then_see_a_revoked_connection_on_its_node()
    {
        var standIn = browser.Integrations.Provider;
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"run-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(Build_webhook_if_slack_gmail_call_it_and_watch_the_run_live_then_see_a_revoked_connection_on_its_node), async () =>
        {
            await page.RegisterAsync(email, Password);
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            foreach (var integration in new[] { "gmail", "slack" })
            {
                await page.GotoAsync("/integrations");
                await page.WaitUntilInteractiveAsync();
                await page.Locator($"[data-testid='integration-{integration}']").GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
                await Expect(page.Locator($"[data-testid='status-{integration}']")).ToHaveTextAsync("Connected");
            }

            await page.OpenNewWorkflowAsync();
            var nodes = page.GetByTestId("canvas-node");
            await Expect(nodes).ToHaveCountAsync(1);

            // Replace the starter trigger with a webhook: select it, Delete, then drag Webhook from the palette.
            await Node(page, "start").Locator(".bronn-node-name").ClickAsync();
            await page.Keyboard.PressAsync("Delete");
            await Expect(nodes).ToHaveCountAsync(0);
            await page.PaletteSearchAsync("webhook");
            await page.Locator("[data-testid='palette-item'][data-node-type='webhook']").DragToAsync(page.GetByTestId("canvas"), new() { TargetPosition = new() { X = 120, Y = 200 } });
            await Expect(Node(page, "webhook_1")).ToBeVisibleAsync();
            await page.GetByTestId("param-respond").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "when_finished" }).ClickAsync();
            await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);

            await AddAsync(page, "if", "if", "if_1");
            await page.GetByTestId("param-condition").FillAsync("{{ trigger.body.amount > 100 }}");
            await AddAsync(page, "slack", "slack.post_message", "slack_post_message_1");
            await page.GetByTestId("param-channel").FillAsync("#sales");
            await page.GetByTestId("param-text").FillAsync("Big order from ");
            await page.GetByTestId("insert-text").ClickAsync(); // the expression helper
            await page.Locator("[data-testid='suggestion'][data-path='trigger.body']").ClickAsync();
            await Expect(page.GetByTestId("param-text")).ToHaveValueAsync("Big order from {{ trigger.body }}");
            await page.GetByTestId("param-text").FillAsync("Big order from {{ trigger.body.name }}");
            await AddAsync(page, "send email", "gmail.send", "gmail_send_1");
            await page.GetByTestId("param-to").FillAsync("boss@example.com");
            await page.GetByTestId("param-subject").FillAsync("Order {{ trigger.body.amount }}");
            await page.GetByTestId("param-body").FillAsync("{{ trigger.body.name }} ordered.");

            await page.GetByTestId("auto-layout").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Fit to screen" }).ClickAsync();
            await page.ConnectAsync(Port(page, "webhook_1", "output"), Port(page, "if_1", "input"));
            await page.ConnectAsync(Node(page, "if_1").Locator(".bronn-port.output-0-of-2"), Port(page, "slack_post_message_1", "input"));
            await page.ConnectAsync(Node(page, "if_1").Locator(".bronn-port.output-0-of-2"), Port(page, "gmail_send_1", "input"));
            await Expect(page.Locator("g path.diagram-link, svg g[class*='link']")).ToHaveCountAsync(3);
            // Connected, the layout runs left to right: the If after the webhook, its two actions after the If.
            await page.GetByTestId("auto-layout").ClickAsync();
            await page.WaitForFunctionAsync("""
                () => {
                  const x = id => document.querySelector(`.bronn-builder [data-node-id='${id}']`)?.getBoundingClientRect().x ?? 0;
                  return x("webhook_1") + 100 < x("if_1") && x("if_1") + 100 < x("slack_post_message_1") && x("slack_post_message_1") === x("gmail_send_1");
                }
                """);

            await page.Keyboard.PressAsync("Control+s");
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Draft saved");
            await Expect(page).ToHaveURLAsync(new Regex("/workflows/[0-9a-f-]{36}$")); // stored by its first save
            var workflowId = page.Url[^36..];
            await page.GetByTestId("publish").ClickAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Published as version 1");

            // Switch it on, then call the webhook from outside; the open builder shows the run as it happens.
            await page.GetByTestId("builder-active").ClickAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Active: its trigger runs the published version.");
            var api = await ApiAsync(email);
            var hook = JsonDocument.Parse(await api.GetStringAsync($"/api/workflows/{workflowId}")).RootElement.GetProperty("webhookUrl").GetString()!;
            var response = await browser.App.CreateApiClient().PostAsJsonAsync(new Uri(hook).PathAndQuery, new { amount = 250, name = "Ann" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            foreach (var node in new[] { "webhook_1", "if_1", "slack_post_message_1", "gmail_send_1" })
            {
                await Expect(Node(page, node)).ToHaveAttributeAsync("data-run-state", "succeeded");
            }
            Assert.Contains(standIn.ApiCalls, c => c.Path.EndsWith("/chat.postMessage", StringComparison.Ordinal) && c.Body.Contains("Big order from Ann", StringComparison.Ordinal));
            Assert.Contains(standIn.SentMails, m => m.Subject == "Order 250" && m.To == "boss@example.com");

            // The node shows what it did; the run opens as an execution with its timeline.
            await Node(page, "slack_post_message_1").Locator(".bronn-node-name").ClickAsync();
            await Expect(page.GetByTestId("inspector-run-status")).ToHaveTextAsync("succeeded");
            await Expect(page.GetByTestId("step-output-json").First).ToContainTextAsync("\"ts\": \"1700000000.000100\"");
            await page.DocumentAsync("builder-run", "/workflows/[0-9a-f-]{36}");
            await page.GetByTestId("run-status").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/executions/[0-9a-f-]{36}$"));
            await page.WaitUntilInteractiveAsync();
            await Expect(page.GetByTestId("execution-detail-status")).ToHaveTextAsync("succeeded");
            await Expect(page.GetByTestId("execution-step")).ToHaveCountAsync(4);
            await page.Locator("[data-testid='execution-step'][data-node-id='gmail_send_1'] [data-testid='step-input']").ClickAsync();
            await Expect(page.Locator("[data-testid='execution-step'][data-node-id='gmail_send_1'] [data-testid='step-input-json']")).ToContainTextAsync("Ann ordered.");
            await page.DocumentAsync("execution", "/executions/[0-9a-f-]{36}");

            // Run now with sample data that takes the other branch.
            await page.GoBackAsync();
            await page.WaitUntilInteractiveAsync();
            await page.GetByTestId("run-now").ClickAsync();
            await page.GetByTestId("run-sample").FillAsync("{\"body\": {\"amount\": 5, \"name\": \"Al\"}}");
            await page.GetByTestId("run-start").ClickAsync();
            await Expect(Node(page, "if_1")).ToHaveAttributeAsync("data-run-state", "succeeded");
            await Expect(Node(page, "slack_post_message_1")).ToHaveAttributeAsync("data-run-state", "skipped");
            await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Run: succeeded");

            // Gmail's grant is revoked at Google: the node's badge turns red without a reload.
            await Expect(Node(page, "gmail_send_1").GetByTestId("node-integration-badge")).ToHaveCountAsync(0);
            standIn.Refresh = RefreshBehaviour.InvalidGrant;
            var connections = JsonDocument.Parse(await api.GetStringAsync("/api/admin/integrations?provider=google")).RootElement;
            var gmailId = connections.EnumerateArray().Single(c => c.GetProperty("user_email").GetString() == email).GetProperty("id").GetString();
            await api.PostAsync($"/api/admin/integrations/{gmailId}/refresh", null);
            var badge = Node(page, "gmail_send_1").GetByTestId("node-integration-badge");
            await Expect(badge).ToHaveAttributeAsync("data-status", "revoked", new() { Timeout = 2_000 });
            await Expect(badge).ToHaveTextAsync("Revoked");
            standIn.Refresh = RefreshBehaviour.Normal;

            // The admin dashboard lists the revoked connection (this user is the first account: an admin). The builder
            // keeps the navigation folded: the menu button opens it.
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
            await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
            await Expect(page.GetByTestId("admin-users")).ToContainTextAsync(email);
            await Expect(page.GetByTestId("admin-integrations")).ToContainTextAsync(email); // the revoked Gmail connection
            await page.DocumentAsync("admin", "/admin$");

            // The System tab: this process's engine, what ran, and the settings with every secret masked.
            await page.GetByRole(AriaRole.Tab, new() { Name = "System" }).ClickAsync();
            await Expect(page.GetByTestId("system-engines")).ToContainTextAsync("pid");
            await Expect(page.GetByTestId("system-throughput")).ToContainTextAsync("succeeded");
            await Expect(page.GetByTestId("system-runs-by-user")).ToContainTextAsync(email);
            var configuration = page.GetByTestId("system-configuration");
            await Expect(configuration).ToContainTextAsync("Engine:");
            await Expect(configuration.Locator("tr", new() { HasText = "Bronn:Jwt:SigningKey" })).ToContainTextAsync("••••••");
            await page.DocumentAsync("admin-system", "/admin$");
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    private static ILocator Node(IPage page, string id) => page.Locator($"[data-testid='canvas-node'][data-node-id='{id}']");

    private static ILocator Port(IPage page, string id, string kind) => Node(page, id).Locator($".bronn-port.{kind}").First;

    private static async Task AddAsync(IPage page, string search, string type, string expectedId)
    {
        var item = page.Locator($"[data-testid='palette-item'][data-node-type='{type}']");
        await page.PaletteSearchAsync(search);
        await Expect(page.GetByTestId("palette-search")).ToHaveValueAsync(search);
        await item.ClickAsync();
        await Expect(Node(page, expectedId)).ToBeVisibleAsync();
    }

    private Task<HttpClient> ApiAsync(string email) => browser.ApiAsync(email, Password);
}
