using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>Picking an error workflow in the builder's workflow settings; a failing run then starts it.</summary>
public sealed class ErrorWorkflowSettingsJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task The_settings_offer_the_published_error_workflows_and_the_chosen_one_runs_when_a_run_fails()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"alerts-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(The_settings_offer_the_published_error_workflows_and_the_chosen_one_runs_when_a_run_fails), async () =>
        {
            await page.RegisterAsync(email, Password);
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            var api = await browser.ApiAsync(email, Password);
            var alertId = await api.CreateWorkflowAsync("""
                {"name":"Tell the team","nodes":[{"id":"oops","type":"error_trigger"},{"id":"note","type":"set","parameters":{"fields":{"text":"{{ trigger.error.message }}"}}}],
                 "edges":[{"from":"oops","to":"note"}]}
                """, publish: true);
            await api.CreateWorkflowAsync("""{"name":"Not an alert","nodes":[{"id":"start","type":"manual"}],"edges":[]}""", publish: true);
            var ordersId = await api.CreateWorkflowAsync("""
                {"name":"Orders","nodes":[{"id":"start","type":"manual"},{"id":"check","type":"stop_and_error","parameters":{"message":"No customer."}}],
                 "edges":[{"from":"start","to":"check"}]}
                """, publish: false);

            await page.GotoAsync($"/workflows/{ordersId}");
            await page.WaitUntilInteractiveAsync();
            await page.GetByTestId("workflow-settings").ClickAsync();
            await page.GetByTestId("settings-error-workflow").ClickAsync();
            var options = page.GetByRole(AriaRole.Option);
            await Expect(options).ToHaveTextAsync(["None", "Tell the team"]); // only workflows that start with an error trigger
            await page.GetByRole(AriaRole.Option, new() { Name = "Tell the team" }).ClickAsync();
            // The choice is a server round trip: Apply before it lands would apply the old value.
            await Expect(page.GetByTestId("settings-error-workflow")).ToHaveTextAsync("Tell the team");
            await page.GetByTestId("settings-apply").ClickAsync();
            await Expect(page.GetByTestId("unsaved")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
            await Expect(page.GetByTestId("unsaved")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Published");

            var saved = JsonDocument.Parse(await api.GetStringAsync($"/api/workflows/{ordersId}")).RootElement;
            Assert.Equal(alertId, saved.GetProperty("definition").GetProperty("settings").GetProperty("errorWorkflow").GetString());
            var run = await api.PostAsync($"/api/workflows/{ordersId}/run", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(run.IsSuccessStatusCode, await run.Content.ReadAsStringAsync());
            string? alertStatus = null;
            for (var tries = 0; tries < 600 && alertStatus != "succeeded"; tries++) // up to a minute on a loaded machine
            {
                await Task.Delay(100);
                alertStatus = JsonDocument.Parse(await api.GetStringAsync($"/api/executions?workflowId={alertId}")).RootElement
                    .GetProperty("items").EnumerateArray().Select(e => e.GetProperty("status").GetString()).FirstOrDefault();
            }
            Assert.Equal("succeeded", alertStatus);
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }
}
