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

public sealed class ConcurrentThrottleAppFactory : BronnAppFactory
{
    public ConcurrentThrottleAppFactory() => Settings["Bronn:LoginThrottle:MaxFailures"] = "5";
}

/// <summary>Finding 7: the attempt is reserved before the password is checked.</summary>
public sealed class ConcurrentLoginThrottleTests(ConcurrentThrottleAppFactory app) : IClassFixture<ConcurrentThrottleAppFactory>
{
    [Fact]
    public async Task Sixty_concurrent_wrong_passwords_from_one_address_get_exactly_the_limit_evaluated()
    {
        var client = app.CreateApiClient();
        var email = ApiClient.UniqueEmail();
        await client.RegisterAsync(email);

        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => client.LoginAsync(email, "wrong password " + i)));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(55, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }
}

public sealed class AccountThrottleAppFactory : BronnAppFactory
{
    public AccountThrottleAppFactory()
    {
        Settings["Bronn:LoginThrottle:MaxFailures"] = "100";
        Settings["Bronn:LoginThrottle:AccountMaxFailures"] = "3";
        Settings["Bronn:LoginThrottle:AccountBaseLockout"] = "00:01:00";
        Clock = TestClock;
    }

    /// <summary>Real time plus what a test adds: lock-outs end when the test moves it, not after sleeps that a loaded machine stretches.</summary>
    public ManualClock TestClock { get; } = new();
}

/// <summary>Finding 7: a per-account limit with a lock-out that grows but ends.</summary>
public sealed class AccountLoginThrottleTests(AccountThrottleAppFactory app) : IClassFixture<AccountThrottleAppFactory>
{
    [Fact]
    public async Task Failures_lock_the_account_for_growing_times_and_the_owner_gets_in_once_a_lock_ends()
    {
        var client = app.CreateApiClient();
        var email = ApiClient.UniqueEmail();
        var other = ApiClient.UniqueEmail();
        await client.RegisterAsync(email);
        await client.RegisterAsync(other);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync(email.ToUpperInvariant(), "wrong " + i)).StatusCode);
        }

        var locked = await client.LoginAsync(email);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("for this account", (await locked.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(other)).StatusCode); // only that account is locked

        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));

        app.TestClock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync(email, "wrong again")).StatusCode);
        var longer = await client.LoginAsync(email);
        Assert.Equal(HttpStatusCode.TooManyRequests, longer.StatusCode);
        Assert.InRange(longer.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(110), TimeSpan.FromMinutes(2)); // doubled

        app.TestClock.Advance(TimeSpan.FromSeconds(121));
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email)).StatusCode);
    }
}
