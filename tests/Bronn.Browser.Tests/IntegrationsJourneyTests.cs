using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

public sealed class IntegrationsBrowserFixture : BrowserFixture
{
    public IntegrationsAppFactory Integrations => (IntegrationsAppFactory)App;

    protected override BronnAppFactory CreateApp() => new IntegrationsAppFactory();
}

public sealed class IntegrationsJourneyTests(IntegrationsBrowserFixture browser) : IClassFixture<IntegrationsBrowserFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Connect_gmail_see_it_turn_revoked_live_and_reconnect()
    {
        var standIn = browser.Integrations.Provider;
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"ops-{Guid.NewGuid():N}@example.com";
        var gmail = page.Locator("[data-testid='integration-gmail']");
        var chip = page.Locator("[data-testid='status-gmail']");

        await page.RunAsync(nameof(Connect_gmail_see_it_turn_revoked_live_and_reconnect), async () =>
        {
            await page.RegisterAsync(email, Password);
            await Expect(page.SignedInUser()).ToHaveTextAsync(email);
            await page.WaitUntilInteractiveAsync();
            await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Integrations" }).ClickAsync();
            await Expect(chip).ToHaveAttributeAsync("data-status", "not_connected");

            await gmail.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/integrations\\?outcome=connected&integration=gmail$"));
            await page.WaitUntilInteractiveAsync();
            await Expect(page.Locator("[data-testid='connect-outcome']")).ToHaveTextAsync("Gmail is connected.");
            await Expect(chip).ToHaveTextAsync("Connected");
            await Expect(gmail.Locator("[data-testid='account']")).ToContainTextAsync(standIn.Email);
            await page.DocumentAsync("integrations", "/integrations");

            standIn.Refresh = RefreshBehaviour.InvalidGrant;
            Assert.Equal("revoked", await RefreshGmailAsAdminAsync(email));
            await Expect(chip).ToHaveTextAsync("Revoked", new() { Timeout = 2_000 }); // live, no reload
            await Expect(gmail.Locator("[data-testid='status-message']")).ToContainTextAsync("Reconnect Gmail");

            standIn.Refresh = RefreshBehaviour.Normal;
            await gmail.GetByRole(AriaRole.Button, new() { Name = "Reconnect" }).ClickAsync();
            await page.WaitUntilInteractiveAsync();
            await Expect(chip).ToHaveTextAsync("Connected");

            // Disconnecting first says which active workflows it would stop.
            await PublishActiveGmailWorkflowAsync(email, "Mail the team");
            await gmail.GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();
            await Expect(page.GetByTestId("disconnect-used-by")).ToHaveTextAsync("Mail the team");
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();
            await Expect(chip).ToHaveAttributeAsync("data-status", "not_connected");
        });

        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        var html = await page.ContentAsync();
        Assert.DoesNotContain(standIn.IssuedAccessTokens, t => html.Contains(t, StringComparison.Ordinal));
        await context.CloseAsync();
    }

    private async Task PublishActiveGmailWorkflowAsync(string email, string name)
    {
        var api = await ApiAsync(email);
        var created = await api.PostAsJsonAsync("/api/workflows", JsonDocument.Parse("""
            {"name":"__NAME__","nodes":[{"id":"hook","type":"webhook"},
              {"id":"mail","type":"gmail.send","parameters":{"to":"team@example.com","subject":"Hi","body":"Hello"}}],
             "edges":[{"from":"hook","to":"mail"}]}
            """.Replace("__NAME__", name, StringComparison.Ordinal)).RootElement);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        Assert.True((await api.PostAsync($"/api/workflows/{id}/publish", null)).IsSuccessStatusCode);
        Assert.True((await api.PostAsync($"/api/workflows/{id}/activate", null)).IsSuccessStatusCode);
    }

    private async Task<HttpClient> ApiAsync(string email)
    {
        var api = browser.App.CreateApiClient();
        var login = await api.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return api;
    }

    // The refresh is triggered the way an admin would, through Bronn's API; the page is not touched.
    private async Task<string?> RefreshGmailAsAdminAsync(string email)
    {
        var api = await ApiAsync(email);
        var connections = JsonDocument.Parse(await api.GetStringAsync("/api/admin/integrations?provider=google")).RootElement;
        var id = connections.EnumerateArray().Single(c => c.GetProperty("user_email").GetString() == email).GetProperty("id").GetString();
        var refreshed = await api.PostAsync($"/api/admin/integrations/{id}/refresh", null);
        return JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetString();
    }
}
