using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>Findings 13 (a user can find and call their webhook) and 14 (two tabs on one workflow) in Chromium.</summary>
public sealed class WebhookAndConcurrentEditTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task The_webhook_address_is_shown_copied_and_called_with_the_header_it_names()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var email = $"hook-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(The_webhook_address_is_shown_copied_and_called_with_the_header_it_names), async () =>
        {
            await page.RegisterAsync(email, Password);
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            var id = await CreateAsync(email, """
                {"name":"Orders in","nodes":[{"id":"hook","type":"webhook","position":{"x":60,"y":120},"parameters":{"respond":"when_finished","secret":"tell-no-one","secretHeader":"X-Shop-Token"}},
                  {"id":"reply","type":"set","position":{"x":320,"y":120},"parameters":{"fields":{"got":"{{ trigger.body.order }}"}}}],"edges":[{"from":"hook","to":"reply"}]}
                """, publish: true);

            await page.GotoAsync("/workflows");
            await page.WaitUntilInteractiveAsync();
            var row = page.GetByTestId("workflow-list").Locator("tr", new() { HasText = "Orders in" });
            var url = await row.GetByTestId("webhook-url").InputValueAsync();
            Assert.Matches("^http://127\\.0\\.0\\.1:\\d+/hooks/[A-Za-z0-9_-]+$", url);

            await page.GotoAsync($"/workflows/{id}");
            await page.WaitUntilInteractiveAsync();
            await page.Locator("[data-node-id='hook'] .bronn-node-name").ClickAsync();
            await Expect(page.GetByTestId("inspector").GetByTestId("webhook-url")).ToHaveValueAsync(url);
            await Expect(page.GetByTestId("webhook-auth")).ToContainTextAsync("X-Shop-Token");
            await Expect(page.GetByTestId("webhook-example")).ToContainTextAsync($"curl -X POST '{url}'");
            await Expect(page.GetByTestId("param-secret")).ToHaveValueAsync("••••••••"); // the secret itself never reaches the browser
            Assert.DoesNotContain("tell-no-one", await page.ContentAsync());
            await page.GetByTestId("inspector").GetByTestId("webhook-copy").ClickAsync();
            // The copy finishes asynchronously after the click: wait for the clipboard to hold the address.
            await page.WaitForFunctionAsync("async expected => (await navigator.clipboard.readText()) === expected", url,
                new() { PollingInterval = 100, Timeout = 5_000 });

            using var caller = new HttpClient();
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { order = 42 }) };
            request.Headers.Add("X-Shop-Token", "tell-no-one");
            var answer = await caller.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("42", JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("got").GetString());
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_save_in_a_second_tab_after_the_first_asks_to_reload_or_overwrite_instead_of_losing_work()
    {
        var (context, first, consoleErrors) = await browser.NewPageAsync();
        var email = $"tabs-{Guid.NewGuid():N}@example.com";
        await first.RunAsync(nameof(A_save_in_a_second_tab_after_the_first_asks_to_reload_or_overwrite_instead_of_losing_work), async () =>
        {
            await first.RegisterAsync(email, Password);
            await Expect(first.SignedInUser()).ToBeVisibleAsync();
            var id = await CreateAsync(email, """
                {"name":"Shared","nodes":[{"id":"start","type":"manual","position":{"x":60,"y":120}},{"id":"note","type":"set","position":{"x":320,"y":120},"parameters":{"fields":{"x":"original"}}}],
                 "edges":[{"from":"start","to":"note"}]}
                """, publish: false);
            var second = await context.NewPageAsync();
            foreach (var page in new[] { first, second })
            {
                await page.GotoAsync($"/workflows/{id}");
                await page.WaitUntilInteractiveAsync();
                await Expect(page.GetByTestId("canvas-node")).ToHaveCountAsync(2);
            }

            await Rename(first, "Saved in tab one");
            await first.GetByTestId("save").ClickAsync();
            await Expect(first.GetByTestId("builder-message")).ToContainTextAsync("Draft saved");

            await Rename(second, "Saved in tab two");
            await second.GetByTestId("save").ClickAsync();
            await Expect(second.GetByText("This workflow was changed elsewhere")).ToBeVisibleAsync();
            await second.GetByRole(AriaRole.Button, new() { Name = "Reload theirs" }).ClickAsync();
            await second.WaitUntilInteractiveAsync();
            await Expect(second.GetByLabel("Workflow name")).ToHaveValueAsync("Saved in tab one");

            // Now the first tab is behind; this time its user keeps their own version.
            await Rename(first, "Mine wins");
            await first.GetByTestId("save").ClickAsync();
            await Expect(first.GetByText("This workflow was changed elsewhere")).ToHaveCountAsync(0);
            await Expect(first.GetByTestId("builder-message")).ToContainTextAsync("Draft saved");
            await Rename(second, "Overwritten on purpose");
            await second.GetByTestId("save").ClickAsync();
            await second.GetByRole(AriaRole.Button, new() { Name = "Overwrite with mine" }).ClickAsync();
            await Expect(second.GetByTestId("builder-message")).ToContainTextAsync("Draft saved");

            var api = await ApiAsync(email);
            Assert.Equal("Overwritten on purpose", JsonDocument.Parse(await api.GetStringAsync($"/api/workflows/{id}")).RootElement.GetProperty("name").GetString());
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    private static async Task Rename(IPage page, string name)
    {
        var field = page.GetByLabel("Workflow name");
        await field.FillAsync(name);
        await field.PressAsync("Tab");
        await Expect(page.GetByTestId("unsaved")).ToBeVisibleAsync();
    }

    private async Task<string> CreateAsync(string email, string definition, bool publish)
    {
        var api = await ApiAsync(email);
        var created = await api.PostAsync("/api/workflows", new StringContent(definition, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        if (publish)
        {
            Assert.True((await api.PostAsync($"/api/workflows/{id}/publish", null)).IsSuccessStatusCode);
            Assert.True((await api.PostAsync($"/api/workflows/{id}/activate", null)).IsSuccessStatusCode);
        }
        return id;
    }

    private Task<HttpClient> ApiAsync(string email) => browser.ApiAsync(email, Password);
}
