using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>
/// Finding 5 in a real browser: Chromium strips a tab from "/\t/evil.example" and would follow it off-site. Neither
/// signing in nor connecting an integration may send the browser anywhere but Bronn.
/// </summary>
public sealed class OpenRedirectTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery";

    [Theory]
    [InlineData("%2F%09%2Fevil.example")]
    [InlineData("%2F%5Cevil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("%2F%0D%0A%2Fevil.example")]
    [InlineData("https%3A%2F%2Fevil.example")]
    public async Task Sign_in_and_connect_never_leave_the_site(string returnUrl)
    {
        var email = $"eve-{Guid.NewGuid():N}@example.com";
        var client = browser.App.CreateApiClient();
        (await client.PostAsync("/api/auth/register", System.Net.Http.Json.JsonContent.Create(new { email, password = Password }))).EnsureSuccessStatusCode();
        var (context, page, _) = await browser.NewPageAsync();
        var offSite = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(browser.App.ServerAddress.ToString().TrimEnd('/'), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                offSite.Add(request.Url);
            }
        };

        await page.RunAsync(nameof(Sign_in_and_connect_never_leave_the_site), async () =>
        {
            await page.GotoAsync($"/signin?returnUrl={returnUrl}");
            await page.SignInAsync(email, Password);
            await Expect(page.SignedInUser()).ToHaveTextAsync(email);
            Assert.Equal(browser.App.ServerAddress.Authority, new Uri(page.Url).Authority);
            await Expect(page).ToHaveURLAsync(new Regex("/$"));

            var response = await page.GotoAsync($"/integrations/connect/gmail?returnUrl={returnUrl}");
            Assert.Equal(400, response!.Status);
            Assert.Contains("returnUrl must be a path on this site", await page.ContentAsync());
            Assert.Equal(browser.App.ServerAddress.Authority, new Uri(page.Url).Authority);
        });

        Assert.Empty(offSite);
        await context.CloseAsync();
    }
}
