using System.Net;
using System.Net.Http.Json;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Security;

public sealed class BehindProxyAppFactory : BronnAppFactory
{
    public BehindProxyAppFactory()
    {
        Settings["Bronn:TrustedProxies:0"] = "127.0.0.1";
        Settings["Bronn:LoginThrottle:MaxFailures"] = "3";
    }
}

/// <summary>Finding 11: forwarded headers count only from Bronn:TrustedProxies.</summary>
public sealed class TrustedProxyTests(BehindProxyAppFactory app) : IClassFixture<BehindProxyAppFactory>
{
    [Fact]
    public async Task Behind_a_trusted_tls_proxy_the_session_cookie_is_secure_and_clients_are_told_apart()
    {
        var client = app.CreateApiClient();
        var email = ApiClient.UniqueEmail();
        await client.RegisterAsync(email);

        var cookie = await SignInAsync(client, email, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.7"));

        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        // Each real client behind the proxy has its own failure count.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, email, "wrong", "198.51.100.1")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(client, email, "wrong", "198.51.100.1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, email, "correct horse battery", "198.51.100.2")).StatusCode);
    }

    internal static async Task<string> SignInAsync(HttpClient client, string email, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/session") { Content = JsonContent.Create(new { email, password = "correct horse battery" }) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single();
    }

    internal static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }
}

public sealed class UntrustedProxyAppFactory : BronnAppFactory
{
    public UntrustedProxyAppFactory() => Settings["Bronn:LoginThrottle:MaxFailures"] = "3";
}

/// <summary>Without trusted proxies, a client cannot pose as HTTPS or as other addresses to dodge the throttle.</summary>
public sealed class UntrustedProxyTests(UntrustedProxyAppFactory app) : IClassFixture<UntrustedProxyAppFactory>
{
    [Fact]
    public async Task Forwarded_headers_from_an_untrusted_peer_are_ignored()
    {
        var client = app.CreateApiClient();
        var email = ApiClient.UniqueEmail();
        await client.RegisterAsync(email);

        var cookie = await TrustedProxyTests.SignInAsync(client, email, ("X-Forwarded-Proto", "https"));

        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await TrustedProxyTests.LoginAsync(client, email, "wrong", $"198.51.100.{i}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TrustedProxyTests.LoginAsync(client, email, "wrong", "198.51.100.99")).StatusCode);
    }
}
