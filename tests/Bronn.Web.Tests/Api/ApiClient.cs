using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bronn.Testing;

namespace Bronn.Web.Tests.Api;

/// <summary>Small helpers over the auth API, so tests read as what a client does.</summary>
public static class ApiClient
{
    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string email, string password = "correct horse battery") =>
        client.PostAsJsonAsync("/api/auth/register", new { email, password });

    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string email, string password = "correct horse battery") =>
        client.PostAsJsonAsync("/api/auth/login", new { email, password });

    /// <summary>Registers (if needed) and signs in; returns the access token.</summary>
    public static async Task<string> TokenForAsync(this HttpClient client, string email, string password = "correct horse battery")
    {
        await client.RegisterAsync(email, password);
        var response = await client.LoginAsync(email, password);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    public static async Task<HttpResponseMessage> GetWithTokenAsync(this HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> GetWithCookieAsync(this HttpClient client, string path, string token, string accept = "text/html")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", $"bronn_auth={token}");
        request.Headers.Accept.ParseAdd(accept);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static string UniqueEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    public static Task<long> UserCountAsync(this BronnAppFactory app) => app.Database.ScalarAsync<long>("SELECT count(*) FROM users");
}
