using System.Net;
using System.Net.Http.Json;
using System.Text;
using Bronn.Testing;

namespace Bronn.Web.Tests.Api;

public sealed class AuthApiTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    [Fact]
    public async Task Register_creates_the_account_with_a_normalised_email()
    {
        var email = ApiClient.UniqueEmail("Mixed.Case");
        var response = await client.RegisterAsync($"  {email.ToUpperInvariant()} ");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(email.ToLowerInvariant(), body.GetProperty("email").GetString());
        Assert.False(body.TryGetProperty("passwordHash", out _));
        var stored = await app.Database.ScalarAsync<string>($"SELECT password_hash FROM users WHERE email = '{email.ToLowerInvariant()}'");
        Assert.NotNull(stored);
        Assert.DoesNotContain("correct horse battery", stored);
    }

    [Fact]
    public async Task Register_refuses_a_taken_email_in_any_case_with_409_and_a_message()
    {
        var email = ApiClient.UniqueEmail();
        (await client.RegisterAsync(email)).EnsureSuccessStatusCode();

        var again = await client.RegisterAsync(email.ToUpperInvariant(), "another password 123");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already exists", (await again.JsonAsync()).GetProperty("detail").GetString());
        var login = await client.LoginAsync(email);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Login_returns_a_bearer_token_that_me_accepts()
    {
        var email = ApiClient.UniqueEmail();
        await client.RegisterAsync(email);

        var response = await client.LoginAsync(email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(12 * 3600, body.GetProperty("expires_in").GetInt32());
        var me = await client.GetWithTokenAsync("/api/auth/me", body.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var user = await me.JsonAsync();
        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.True(Guid.TryParse(user.GetProperty("id").GetString(), out _));
        Assert.Contains(user.GetProperty("role").GetString(), new[] { "admin", "user" });
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_401()
    {
        var email = ApiClient.UniqueEmail();
        await client.RegisterAsync(email);

        var wrongPassword = await client.LoginAsync(email, "not the password");
        var unknownEmail = await client.LoginAsync(ApiClient.UniqueEmail(), "not the password");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownEmail.StatusCode);
        Assert.Equal(
            (await wrongPassword.JsonAsync()).GetProperty("detail").GetString(),
            (await unknownEmail.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Me_without_a_token_is_401()
    {
        var response = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Me_for_a_deleted_account_is_401()
    {
        var email = ApiClient.UniqueEmail();
        var token = await client.TokenForAsync(email);
        await app.Database.ScalarAsync<int>($"DELETE FROM users WHERE email = '{email}'");

        var response = await client.GetWithTokenAsync("/api/auth/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Browser_session_sets_an_httponly_lax_cookie_that_authenticates_and_sign_out_clears_it()
    {
        var email = ApiClient.UniqueEmail();
        await client.RegisterAsync(email);

        var signIn = await client.PostAsJsonAsync("/api/auth/session", new { email, password = "correct horse battery" });

        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("bronn_auth=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, signIn.Content.Headers.ContentLength ?? 0);

        var token = cookie.Split(';')[0]["bronn_auth=".Length..];
        var me = await client.GetWithCookieAsync("/api/auth/me", token, "application/json");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);

        var signOut = await client.DeleteAsync("/api/auth/session");
        var cleared = signOut.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("bronn_auth=;", cleared);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_cookie_from_another_site_cannot_make_api_changes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/session")
        {
            Content = JsonContent.Create(new { email = "a@example.com", password = "whatever123" }),
        };
        request.Headers.Add("Origin", "https://evil.example");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("another site", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Tokens_are_never_echoed_in_error_bodies()
    {
        var response = await client.PostAsync("/api/auth/login",
            new StringContent("{\"email\":\"x@example.com\",\"password\":\"super-secret-pw\"", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("super-secret-pw", await response.Content.ReadAsStringAsync());
    }
}
