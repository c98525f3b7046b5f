using Bronn.Testing;
using Microsoft.Playwright;

namespace Bronn.Browser.Tests;

/// <summary>Bronn on a real port plus Debian's Chromium driven by Playwright (no browser download).</summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "BRONN_CHROMIUM";

    private IPlaywright? playwright;

    public BrowserFixture() => App = CreateApp();

    public BronnAppFactory App { get; }

    protected virtual BronnAppFactory CreateApp() => new();

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var chromium = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium is not at {chromium}. ./bronn test installs it (apt-get install chromium) or set {ChromiumVariable}.");
        }
        // As long as an action may wait (NewPageAsync): under a full parallel test run a Blazor round trip can take seconds.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser profile (no cookies) whose console errors are collected.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> ConsoleErrors)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.ServerAddress.ToString().TrimEnd('/'), ViewportSize = new() { Width = 1280, Height = 800 }, AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors) { errors.Add(message.Text); }
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (errors) { errors.Add($"{response.Status} {response.Url}"); }
            }
        };
        return (context, page, errors);
    }

    /// <summary>An API client signed in as a user the test registered in the browser (to set up what the test then looks at).</summary>
    public async Task<HttpClient> ApiAsync(string email, string password)
    {
        var api = App.CreateApiClient();
        var login = await api.PostAsync("/api/auth/login", System.Net.Http.Json.JsonContent.Create(new { email, password }));
        login.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        api.DefaultRequestHeaders.Authorization = new("Bearer", body.RootElement.GetProperty("access_token").GetString());
        return api;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        await App.DisposeAsync();
    }
}
