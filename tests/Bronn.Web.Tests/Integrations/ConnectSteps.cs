using System.Net;
using System.Web;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Integrations;

/// <summary>The OAuth round trip a browser makes, done with plain HTTP requests against Bronn and the stand-in.</summary>
public static class ConnectSteps
{
    /// <summary>Bronn's connect endpoint, signed in by cookie: returns the provider's authorization URL.</summary>
    public static async Task<Uri> StartAsync(this HttpClient client, string token, string integration)
    {
        var response = await client.GetWithCookieAsync($"/integrations/connect/{integration}", token);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>The provider's page: returns where it sends the browser back to (Bronn's callback).</summary>
    public static async Task<Uri> AuthorizeAsync(Uri authorizationUrl)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var response = await browser.GetAsync(authorizationUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>Follows the callback (optionally with a user's cookie); returns Bronn's redirect target.</summary>
    public static async Task<Uri> CallbackAsync(this HttpClient client, Uri callback, string? cookieToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery);
        if (cookieToken is not null)
        {
            request.Headers.Add("Cookie", $"bronn_auth={cookieToken}");
        }
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new Uri(client.BaseAddress!, response.Headers.Location!);
    }

    public static async Task<Uri> ConnectAsync(this HttpClient client, string token, string integration) =>
        await client.CallbackAsync(await AuthorizeAsync(await client.StartAsync(token, integration)), token);

    public static string? Outcome(this Uri landing) => HttpUtility.ParseQueryString(landing.Query)["outcome"];

    public static async Task<System.Text.Json.JsonElement> StatusAsync(this HttpClient client, string token, string integration) =>
        await (await client.GetWithTokenAsync($"/integrations/status/{integration}", token)).JsonAsync();

    public static Task<long> ConnectionCountAsync(this BronnAppFactory app) =>
        app.Database.ScalarAsync<long>("SELECT count(*) FROM integration_connections");
}
