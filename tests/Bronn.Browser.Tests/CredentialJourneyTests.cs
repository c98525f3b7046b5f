using System.Net;
using Bronn.Testing.StandIns;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>Credentials and API keys in the browser: made on their pages, used from the inspector and by a script.</summary>
public sealed class CredentialJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_credential_made_on_the_integrations_page_is_picked_in_the_inspector_and_signs_a_curl_imported_request()
    {
        await using var api = await ProviderStandIn.StartAsync();
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"cred-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(A_credential_made_on_the_integrations_page_is_picked_in_the_inspector_and_signs_a_curl_imported_request), async () =>
        {
            await page.RegisterAsync(email, Password);
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            var client = await browser.ApiAsync(email, Password);
            var id = await client.CreateWorkflowAsync("""
                {"name":"Calls the API","nodes":[
                  {"id":"start","type":"manual","position":{"x":40,"y":120}},
                  {"id":"call","type":"http.request","position":{"x":300,"y":120},"parameters":{"url":"https://example.invalid/"}}],
                 "edges":[{"from":"start","to":"call"}]}
                """);

            await page.GotoAsync("/integrations");
            await page.WaitUntilInteractiveAsync();
            await Expect(page.GetByTestId("credentials-section").GetByTestId("empty-state")).ToBeVisibleAsync();
            await page.GetByTestId("credential-new").ClickAsync();
            // The dialog moves the focus into itself once rendered; typing before that could land in another field.
            await page.WaitForFunctionAsync("() => document.activeElement?.closest('.mud-dialog') != null");
            // Each field is seen to hold its text before the next: a person types slower than the server answers.
            await FillAsync(page.GetByTestId("credential-name"), "Stand-in key");
            await FillAsync(page.GetByTestId("credential-field-name"), "X-Api-Key");
            await FillAsync(page.GetByTestId("credential-field-value"), ProviderStandIn.ApiKeyValue);
            await FillAsync(page.GetByTestId("credential-hosts"), "127.0.0.1");
            await page.GetByTestId("credential-save").ClickAsync();
            await Expect(page.GetByTestId("credential-row-name")).ToHaveTextAsync("Stand-in key");

            await page.GotoAsync($"/workflows/{id}");
            await page.WaitUntilInteractiveAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Fit to screen" }).ClickAsync();
            await page.Locator("[data-testid='canvas-node'][data-node-id='call'] .bronn-node-name").ClickAsync();
            await page.GetByTestId("inspector-import-curl").ClickAsync();
            await page.GetByTestId("curl-input").FillAsync($"curl '{api.Url("/needs-key")}' -H 'Accept: application/json'");
            await page.GetByTestId("curl-import").ClickAsync();
            await Expect(page.GetByTestId("param-url")).ToHaveValueAsync(api.Url("/needs-key"));
            await page.GetByTestId("inspector-auth-select").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Credential: Stand-in key" }).ClickAsync();
            await Expect(page.GetByTestId("inspector-authentication")).ToContainTextAsync("Sent only to 127.0.0.1");

            await page.GetByTestId("run-now").ClickAsync();
            await page.GetByTestId("run-start").ClickAsync();
            await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Run: succeeded");
            await Expect(page.GetByTestId("inspector-run")).ToContainTextAsync("succeeded");
            await Expect(page.Locator("body")).Not.ToContainTextAsync(ProviderStandIn.ApiKeyValue);

            await page.GotoAsync("/integrations");
            await page.WaitUntilInteractiveAsync();
            await Expect(page.GetByTestId("credential-used-by")).ToHaveTextAsync("Calls the API");
            await page.DocumentAsync("credentials", "/integrations$");
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    [Fact]
    public async Task An_api_key_is_shown_once_works_for_a_script_and_stops_working_when_revoked()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"keys-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(An_api_key_is_shown_once_works_for_a_script_and_stops_working_when_revoked), async () =>
        {
            await page.RegisterAsync(email, Password);
            await Expect(page.SignedInUser()).ToBeVisibleAsync();
            await page.WaitUntilInteractiveAsync(); // registration ends with a navigation of its own: click after it
            await page.SignedInUser().ClickAsync();
            await page.WaitForURLAsync("**/account");
            await page.WaitUntilInteractiveAsync();
            await page.GetByTestId("api-key-new").ClickAsync();
            await page.GetByTestId("api-key-name").FillAsync("Nightly export");
            await page.GetByTestId("api-key-create").ClickAsync();
            var key = await page.GetByTestId("api-key-value").InputValueAsync();
            Assert.StartsWith("bronn_", key);
            await page.GetByTestId("api-key-done").ClickAsync();
            await Expect(page.GetByTestId("api-key-row-name")).ToHaveTextAsync("Nightly export");
            await Expect(page.Locator("body")).Not.ToContainTextAsync(key);

            using var script = browser.App.CreateApiClient();
            script.DefaultRequestHeaders.Add("X-Bronn-Api-Key", key);
            Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/workflows")).StatusCode);

            await page.GetByTestId("api-key-revoke").ClickAsync();
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
            await Expect(page.GetByTestId("api-keys-section").GetByTestId("empty-state")).ToBeVisibleAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/workflows")).StatusCode);
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    private static async Task FillAsync(ILocator field, string text)
    {
        await field.FillAsync(text);
        await Expect(field).ToHaveValueAsync(text);
    }
}
