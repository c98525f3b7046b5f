using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bronn.Testing;
using Bronn.Web.Tests.Engine;

namespace Bronn.Web.Tests.Api;

/// <summary>Personal API keys: shown once, stored as a hash, usable as Bearer or X-Bronn-Api-Key, read-only, revoked, expired.</summary>
public sealed class ApiKeyTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private async Task<EngineSteps> UserAsync()
    {
        var client = app.CreateApiClient();
        return new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
    }

    private static async Task<JsonElement> CreateKeyAsync(EngineSteps user, string body)
    {
        var created = await user.SendAsync(HttpMethod.Post, "/api/auth/api-keys", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await created.JsonAsync();
    }

    private Task<HttpResponseMessage> WithKeyAsync(HttpMethod method, string path, string key, bool header = false, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (header)
        {
            request.Headers.Add("X-Bronn-Api-Key", key);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return app.CreateApiClient().SendAsync(request);
    }

    [Fact]
    public async Task A_key_is_shown_once_works_as_bearer_and_header_and_is_stored_only_as_a_hash()
    {
        var user = await UserAsync();
        var created = await CreateKeyAsync(user, """{"name":"Nightly export","expiresInDays":30}""");
        var key = created.GetProperty("key").GetString()!;

        var asBearer = await WithKeyAsync(HttpMethod.Get, "/api/auth/me", key);
        var asHeader = await WithKeyAsync(HttpMethod.Post, "/api/workflows", key, header: true,
            json: """{"name":"Made by a script","nodes":[{"id":"start","type":"manual"}],"edges":[]}""");
        var list = await (await user.SendAsync(HttpMethod.Get, "/api/auth/api-keys")).Content.ReadAsStringAsync();

        Assert.StartsWith("bronn_", key);
        Assert.StartsWith(created.GetProperty("prefix").GetString()!, key);
        Assert.Equal(DateTimeOffset.UtcNow.AddDays(30), created.GetProperty("expiresAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, asBearer.StatusCode);
        Assert.Equal(JsonDocument.Parse(await (await user.SendAsync(HttpMethod.Get, "/api/auth/me")).Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString(),
            (await asBearer.JsonAsync()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Created, asHeader.StatusCode);
        Assert.Contains("Nightly export", list);
        Assert.Contains("lastUsedAt", list);
        Assert.DoesNotContain(key, list);
        Assert.NotEqual("null", JsonDocument.Parse(list).RootElement[0].GetProperty("lastUsedAt").GetRawText());
        Assert.Equal(0, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM api_keys WHERE encode(hash, 'escape') LIKE '%{key[6..20]}%' OR name LIKE '%{key[6..20]}%' OR prefix = '{key}'"));
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM api_keys WHERE hash = decode('{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)))}', 'hex')"));
        Assert.Empty(app.Logs.Containing(key));
        Assert.Empty(app.Logs.Containing(key[6..]));
    }

    [Fact]
    public async Task A_read_only_key_reads_but_any_write_is_403_and_changes_nothing()
    {
        var user = await UserAsync();
        var key = (await CreateKeyAsync(user, """{"name":"Dashboard","readOnly":true}""")).GetProperty("key").GetString()!;
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM workflows");

        var read = await WithKeyAsync(HttpMethod.Get, "/api/workflows", key);
        var write = await WithKeyAsync(HttpMethod.Post, "/api/workflows", key,
            json: """{"name":"Not allowed","nodes":[{"id":"start","type":"manual"}],"edges":[]}""");
        var newKey = await WithKeyAsync(HttpMethod.Post, "/api/auth/api-keys", key, header: true, json: """{"name":"escalate"}""");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("read-only", await write.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, newKey.StatusCode);
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM workflows"));
    }

    [Fact]
    public async Task A_revoked_key_is_401_at_once_and_an_expired_key_is_401()
    {
        var user = await UserAsync();
        var revoked = await CreateKeyAsync(user, """{"name":"Old laptop"}""");
        var expiringKey = await CreateKeyAsync(user, """{"name":"Short","expiresInDays":1}""");
        var expiring = expiringKey.GetProperty("key").GetString()!;
        var revokedKey = revoked.GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await WithKeyAsync(HttpMethod.Get, "/api/workflows", revokedKey)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await user.SendAsync(HttpMethod.Delete, $"/api/auth/api-keys/{revoked.GetProperty("id").GetString()}")).StatusCode);
        var afterRevoke = await WithKeyAsync(HttpMethod.Get, "/api/workflows", revokedKey);
        Assert.Equal(HttpStatusCode.OK, (await WithKeyAsync(HttpMethod.Get, "/api/workflows", expiring)).StatusCode);
        // A day passes (in the database: the app's clock stays real for the login tokens).
        await app.Database.ExecuteAsync($"UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = '{expiringKey.GetProperty("id").GetString()}'");
        var afterExpiry = await WithKeyAsync(HttpMethod.Get, "/api/workflows", expiring, header: true);

        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Contains("revoked", await afterRevoke.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, afterExpiry.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithKeyAsync(HttpMethod.Get, "/api/workflows", "bronn_madeup")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"x","expiresInDays":0}""", "expiresInDays")]
    [InlineData("""{"name":"x","expiresInDays":99999}""", "expiresInDays")]
    [InlineData("""{"name":"x","readOnly":"yes"}""", "")]
    public async Task Bad_input_is_400_naming_the_field_and_creates_no_key(string body, string field)
    {
        var user = await UserAsync();
        var response = await user.SendAsync(HttpMethod.Post, "/api/auth/api-keys", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
        Assert.Equal("[]", (await (await user.SendAsync(HttpMethod.Get, "/api/auth/api-keys")).Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task Another_users_key_cannot_be_listed_or_revoked_and_the_openapi_document_describes_both_schemes()
    {
        var owner = await UserAsync();
        var other = await UserAsync();
        var created = await CreateKeyAsync(owner, """{"name":"Mine"}""");

        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Delete, $"/api/auth/api-keys/{created.GetProperty("id").GetString()}")).StatusCode);
        Assert.DoesNotContain("Mine", await (await other.SendAsync(HttpMethod.Get, "/api/auth/api-keys")).Content.ReadAsStringAsync());
        var openApi = await (await WithKeyAsync(HttpMethod.Get, "/openapi/v1.json", created.GetProperty("key").GetString()!)).Content.ReadAsStringAsync();
        Assert.Contains("\"X-Bronn-Api-Key\"", openApi);
        Assert.Contains("\"bearer\"", openApi);
        Assert.Contains("/api/auth/api-keys", openApi);
    }
}
