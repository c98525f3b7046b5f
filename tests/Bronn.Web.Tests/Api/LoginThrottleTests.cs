using System.Net;
using Bronn.Testing;

namespace Bronn.Web.Tests.Api;

public sealed class StrictThrottleAppFactory : BronnAppFactory
{
    public StrictThrottleAppFactory() => Settings["Bronn:LoginThrottle:MaxFailures"] = "3";
}

public sealed class LoginThrottleTests(StrictThrottleAppFactory app) : IClassFixture<StrictThrottleAppFactory>
{
    [Fact]
    public async Task Repeated_failures_from_one_client_are_refused_with_429_even_with_the_right_password()
    {
        var client = app.CreateApiClient();
        var email = ApiClient.UniqueEmail();
        await client.RegisterAsync(email);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync(email, "wrong password " + attempt)).StatusCode);
        }
        var throttled = await client.LoginAsync(email);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var retryAfter = throttled.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Contains("Try again in", (await throttled.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await client.PostAsync("/api/auth/session", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }
}
