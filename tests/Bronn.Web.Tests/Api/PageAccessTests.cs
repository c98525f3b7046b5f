using System.Net;
using Bronn.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Api;

public sealed class PageAccessTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    [Theory]
    [InlineData("/")]
    [InlineData("/workflows")]
    [InlineData("/workflows/0196a000-0000-7000-8000-000000000001")]
    [InlineData("/integrations")]
    [InlineData("/executions")]
    [InlineData("/executions/0196a000-0000-7000-8000-000000000001")]
    [InlineData("/admin")]
    public async Task A_guest_opening_a_page_is_sent_to_sign_in_and_brought_back_after(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path + "?tab=1");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/signin?returnUrl={Uri.EscapeDataString(path + "?tab=1")}", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/register")]
    public async Task Sign_in_and_register_pages_are_open_to_guests(string path)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bronn", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signed_in_user_sees_the_shell_with_navigation_and_empty_states()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());

        var response = await client.GetWithCookieAsync("/workflows", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var link in new[] { "href=\"/workflows\"", "href=\"/integrations\"", "href=\"/executions\"" })
        {
            Assert.Contains(link, html);
        }
        Assert.Contains("No workflows yet", html);
        Assert.Contains("Sign out", html);
    }

    [Theory]
    [InlineData("/executions?workflowId=not-a-guid&status=nonsense", "No runs yet")]
    [InlineData("/executions/0196a000-0000-7000-8000-000000000001", "There is no execution here")]
    [InlineData("/workflows/0196a000-0000-7000-8000-000000000001", "There is no workflow here")]
    public async Task Mangled_or_foreign_links_get_a_page_that_says_so_never_an_error(string path, string expected)
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());

        var response = await client.GetWithCookieAsync(path, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoints_are_open_and_report_the_database()
    {
        var live = await client.GetAsync("/healthz");
        var ready = await client.GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", (await ready.JsonAsync()).GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/healthz")]
    [InlineData("/api/auth/me")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await client.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Unknown_api_paths_and_the_openapi_document_need_a_signed_in_user()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var document = await client.GetWithTokenAsync("/openapi/v1.json", token);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("/api/auth/login", await document.Content.ReadAsStringAsync());
    }

    // Guards "no guest access": a new endpoint must state who may call it, and only this list is open.
    [Fact]
    public void Every_endpoint_outside_the_open_list_requires_authorization()
    {
        string[] open = ["/api/auth/register", "/api/auth/login", "/api/auth/session", "/healthz", "/healthz/ready",
            "/signin", "/register", "/not-found", "/error/{Code:int}", "/Error",
            "/integrations/callback/{provider}", // the provider's redirect: the single-use state names the user
            "/hooks/{hookId}"]; // webhooks: the unguessable id, and optionally a secret or signature, guard them
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        var unguarded = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null || e.Metadata.GetMetadata<IAuthorizeData>() is null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => !open.Contains(p) && !p.StartsWith("/_blazor", StringComparison.Ordinal) && !IsStaticAsset(p))
            .Distinct()
            .ToList();

        Assert.Empty(unguarded);
    }

    private static bool IsStaticAsset(string pattern) =>
        pattern.StartsWith("/_framework/", StringComparison.Ordinal) || pattern.StartsWith("/_content/", StringComparison.Ordinal)
        || Path.HasExtension(pattern) || pattern == "/{**path:file}";
}
