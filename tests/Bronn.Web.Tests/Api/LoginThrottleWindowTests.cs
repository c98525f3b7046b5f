using Bronn.Core.Configuration;
using Bronn.Web.Accounts;
using Microsoft.Extensions.Options;

namespace Bronn.Web.Tests.Api;

public sealed class LoginThrottleWindowTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly ManualClock clock = new();
    private readonly LoginThrottle throttle;

    public LoginThrottleWindowTests() => throttle = new LoginThrottle(
        Options.Create(new BronnOptions { LoginThrottle = new LoginThrottleOptions { MaxFailures = 2, Window = TimeSpan.FromMinutes(10) } }),
        clock);

    [Fact]
    public void A_locked_out_client_may_try_again_once_the_window_has_passed()
    {
        throttle.RecordFailure("10.0.0.1");
        throttle.RecordFailure("10.0.0.1");
        clock.Now += TimeSpan.FromMinutes(4);

        Assert.Equal(TimeSpan.FromMinutes(6), throttle.RetryAfter("10.0.0.1"));
        Assert.Null(throttle.RetryAfter("10.0.0.2"));

        clock.Now += TimeSpan.FromMinutes(6);
        Assert.Null(throttle.RetryAfter("10.0.0.1"));
    }

    [Fact]
    public void A_successful_sign_in_clears_the_count()
    {
        throttle.RecordFailure("10.0.0.1");
        throttle.RecordSuccess("10.0.0.1");
        throttle.RecordFailure("10.0.0.1");

        Assert.Null(throttle.RetryAfter("10.0.0.1"));
    }
}
