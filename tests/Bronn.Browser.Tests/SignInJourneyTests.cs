using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

public sealed class SignInJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Register_land_in_the_shell_stay_signed_in_sign_out_and_be_sent_to_sign_in()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"ann-{Guid.NewGuid():N}@example.com";

        await page.RunAsync(nameof(Register_land_in_the_shell_stay_signed_in_sign_out_and_be_sent_to_sign_in), async () =>
        {
            await page.RegisterAsync(email, Password);

            await Expect(page).ToHaveURLAsync(new Regex("/$"));
            await Expect(page.SignedInUser()).ToHaveTextAsync(email);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, {email}" })).ToBeVisibleAsync();
            await page.DocumentAsync("home", "/$");

            var cookie = (await context.CookiesAsync()).Single(c => c.Name == "bronn_auth");
            Assert.True(cookie.HttpOnly);
            Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
            Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof document.cookie.split('bronn_auth=')[1]"));

            await page.ReloadAsync();
            await page.WaitUntilInteractiveAsync();
            await Expect(page.SignedInUser()).ToHaveTextAsync(email);

            await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Workflows" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/workflows$"));
            await Expect(page.GetByText("No workflows yet")).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/signin$"));
            Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "bronn_auth");

            await page.GotoAsync("/executions");
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Fexecutions$"));
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
            await page.DocumentAsync("signin", "/signin");
            await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/register"));
            await page.WaitUntilInteractiveAsync();
            await page.DocumentAsync("register", "/register");
        });

        Assert.DoesNotContain(consoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Signing_in_from_a_protected_link_returns_to_it_and_a_wrong_password_is_explained()
    {
        var email = $"bob-{Guid.NewGuid():N}@example.com";
        var client = browser.App.CreateApiClient();
        (await client.PostAsync("/api/auth/register", System.Net.Http.Json.JsonContent.Create(new { email, password = Password }))).EnsureSuccessStatusCode();
        var (context, page, _) = await browser.NewPageAsync();

        await page.RunAsync(nameof(Signing_in_from_a_protected_link_returns_to_it_and_a_wrong_password_is_explained), async () =>
        {
            await page.GotoAsync("/integrations");
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Fintegrations$"));

            await page.SignInAsync(email, "not my password");
            await Expect(page.Locator("[data-testid='form-error']")).ToHaveTextAsync("The email or password is incorrect.");

            await page.GetByLabel("Password").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/integrations$"));
            await Expect(page.GetByText("Connect the apps your workflows use.")).ToBeVisibleAsync();
            await Expect(page.SignedInUser()).ToHaveTextAsync(email);
        });
        await context.CloseAsync();
    }
}
