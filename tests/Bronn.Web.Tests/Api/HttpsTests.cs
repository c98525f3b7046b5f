using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bronn.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Bronn.Web.Tests.Api;

/// <summary>Bronn with an https public URL, listening on plain HTTP and on TLS with a throwaway certificate.</summary>
public sealed class HttpsAppFactory : BronnAppFactory
{
    public const string PublicHost = "bronn.example.com";

    public HttpsAppFactory() => Settings["Bronn:PublicBaseUrl"] = $"https://{PublicHost}";

    protected override void ConfigureKestrel(KestrelServerOptions options)
    {
        base.ConfigureKestrel(options);
        options.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(SelfSignedCertificate()));
    }

    public Uri HttpsAddress => ServerAddresses.First(a => a.Scheme == Uri.UriSchemeHttps);

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={PublicHost}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}

public sealed class HttpsTests(HttpsAppFactory app) : IClassFixture<HttpsAppFactory>
{
    [Fact]
    public async Task With_an_https_public_url_plain_http_is_redirected_to_https()
    {
        var response = await app.CreateApiClient().GetAsync("/signin");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https", response.Headers.Location!.Scheme);
    }

    [Fact]
    public async Task Over_https_responses_carry_hsts_and_the_session_cookie_is_secure()
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }) { BaseAddress = app.HttpsAddress };
        client.DefaultRequestHeaders.Host = HttpsAppFactory.PublicHost; // HSTS is never sent for localhost

        var page = await client.GetAsync("/signin");
        await client.RegisterAsync("tls@example.com");
        var session = await client.PostAsync("/api/auth/session", System.Net.Http.Json.JsonContent.Create(new { email = "tls@example.com", password = "correct horse battery" }));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("max-age=", page.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
        Assert.Contains("secure", session.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
    }
}
