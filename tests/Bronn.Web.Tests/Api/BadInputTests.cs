using System.Net;
using System.Text;
using Bronn.Testing;

namespace Bronn.Web.Tests.Api;

public sealed class BadInputTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // name, content type, body, the field the message must name
        { "missing email", "application/json", """{"password":"correct horse battery"}""", "email" },
        { "missing password", "application/json", """{"email":"a@example.com"}""", "password" },
        { "empty object", "application/json", "{}", "email" },
        { "short password", "application/json", """{"email":"a@example.com","password":"short"}""", "password" },
        { "overlong email", "application/json", $$"""{"email":"{{new string('a', 250)}}@example.com","password":"correct horse battery"}""", "email" },
        { "overlong password", "application/json", $$"""{"email":"a@example.com","password":"{{new string('p', 129)}}"}""", "password" },
        { "not an email", "application/json", """{"email":"not-an-email","password":"correct horse battery"}""", "email" },
        { "display-name email", "application/json", """{"email":"Ann <a@example.com>","password":"correct horse battery"}""", "email" },
        { "email of wrong type", "application/json", """{"email":42,"password":"correct horse battery"}""", "email" },
        { "malformed json", "application/json", """{"email":"a@example.com","password":""", "password" },
        { "not json at all", "application/json", "email=a@example.com", "body" },
        { "json array", "application/json", "[1,2]", "body" },
        { "json null", "application/json", "null", "body" },
        { "empty body", "application/json", "", "body" },
        { "wrong content type", "text/plain", """{"email":"a@example.com","password":"correct horse battery"}""", "Content-Type" },
        { "form post", "application/x-www-form-urlencoded", "email=a%40example.com&password=correct+horse+battery", "Content-Type" },
        { "huge body", "application/json", $$"""{"email":"a@example.com","password":"correct horse battery","pad":"{{new string('x', 40_000)}}"}""", "body" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Register_answers_400_naming_the_field_and_stores_nothing(string name, string contentType, string body, string field)
    {
        var before = await app.UserCountAsync();

        var response = await client.PostAsync("/api/auth/register", Content(body, contentType));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: got {(int)response.StatusCode}");
        var problem = await response.JsonAsync();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"{name}: errors were {errors}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(before, await app.UserCountAsync());
    }

    // Sign-in does not re-check the minimum length: an existing password is simply right or wrong.
    public static TheoryData<string, string, string, string> LoginCases()
    {
        var cases = new TheoryData<string, string, string, string>();
        foreach (var row in Cases.Where(r => (string)r[0] != "short password"))
        {
            cases.Add((string)row[0]!, (string)row[1]!, (string)row[2]!, (string)row[3]!);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(LoginCases))]
    public async Task Login_answers_400_for_the_same_bad_input(string name, string contentType, string body, string field)
    {
        var response = await client.PostAsync("/api/auth/login", Content(body, contentType));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: got {(int)response.StatusCode}");
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), name);
    }

    private static StringContent Content(string body, string contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return content;
    }
}
