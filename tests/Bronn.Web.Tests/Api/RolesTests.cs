using System.Net;
using Bronn.Testing;

namespace Bronn.Web.Tests.Api;

public sealed class AdminEmailsAppFactory : BronnAppFactory
{
    public const string ListedAdmin = "boss@example.com";

    public AdminEmailsAppFactory() => Settings["Bronn:AdminEmails:0"] = "Boss@Example.com";
}

public sealed class RolesTests(AdminEmailsAppFactory app) : IClassFixture<AdminEmailsAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    [Fact]
    public async Task The_first_account_and_listed_emails_are_admins_and_only_admins_reach_admin_pages_and_endpoints()
    {
        var first = await client.TokenForAsync("first@example.com");
        var second = await client.TokenForAsync("second@example.com");
        var listed = await client.TokenForAsync(AdminEmailsAppFactory.ListedAdmin);

        Assert.Equal("admin", await RoleAsync(first));
        Assert.Equal("user", await RoleAsync(second));
        Assert.Equal("admin", await RoleAsync(listed));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetWithTokenAsync("/api/admin/users", second)).StatusCode);
        var users = await client.GetWithTokenAsync("/api/admin/users", first);
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Equal(3, (await users.JsonAsync()).GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithTokenAsync("/api/admin/users", listed)).StatusCode);

        var deniedPage = await client.GetWithCookieAsync("/admin", second);
        Assert.Equal(HttpStatusCode.Forbidden, deniedPage.StatusCode);
        Assert.Contains("Access denied", await deniedPage.Content.ReadAsStringAsync());
        var adminPage = await client.GetWithCookieAsync("/admin", first);
        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
        Assert.Contains("second@example.com", await adminPage.Content.ReadAsStringAsync());
    }

    private async Task<string?> RoleAsync(string token) =>
        (await (await client.GetWithTokenAsync("/api/auth/me", token)).JsonAsync()).GetProperty("role").GetString();
}
