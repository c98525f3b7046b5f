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
        Options.Create(new BronnOptions
        {
            LoginThrottle = new LoginThrottleOptions
            {
                MaxFailures = 2, Window = TimeSpan.FromMinutes(10),
                AccountMaxFailures = 3, AccountBaseLockout = TimeSpan.FromSeconds(2), AccountMaxLockout = TimeSpan.FromSeconds(30),
            },
        }),
        clock);

    private void Fail(string client, string account)
    {
        Assert.Null(throttle.TryReserve(client, account));
        throttle.RecordFailure(account);
    }

    [Fact]
    public void A_locked_out_client_may_try_again_once_the_window_has_passed()
    {
        Fail("10.0.0.1", "a@example.com");
        Fail("10.0.0.1", "b@example.com");
        clock.Now += TimeSpan.FromMinutes(4);

        Assert.Equal(TimeSpan.FromMinutes(6), throttle.ClientWait("10.0.0.1"));
        Assert.Equal((TimeSpan.FromMinutes(6), false), throttle.TryReserve("10.0.0.1", "c@example.com"));
        Assert.Null(throttle.ClientWait("10.0.0.2"));

        clock.Now += TimeSpan.FromMinutes(6);
        Assert.Null(throttle.ClientWait("10.0.0.1"));
    }

    [Fact]
    public void A_successful_sign_in_clears_the_count()
    {
        Fail("10.0.0.1", "a@example.com");
        Assert.Null(throttle.TryReserve("10.0.0.1", "a@example.com"));
        throttle.RecordSuccess("10.0.0.1", "a@example.com");
        Fail("10.0.0.1", "a@example.com");

        Assert.Null(throttle.ClientWait("10.0.0.1"));
    }

    [Fact]
    public void Reservations_count_before_the_password_is_checked_so_concurrent_guesses_cannot_pass_the_limit()
    {
        Assert.Null(throttle.TryReserve("10.0.0.1", "a@example.com"));
        Assert.Null(throttle.TryReserve("10.0.0.1", "b@example.com"));

        Assert.NotNull(throttle.TryReserve("10.0.0.1", "c@example.com")); // two in flight, none finished yet
    }

    [Fact]
    public void An_account_attacked_from_many_addresses_is_locked_for_doubling_times_that_never_exceed_the_cap()
    {
        var address = 0;
        string Next() => $"10.1.0.{++address}";
        for (var i = 0; i < 3; i++)
        {
            Fail(Next(), "ann@example.com");
        }
        Assert.Equal((TimeSpan.FromSeconds(2), true), throttle.TryReserve(Next(), "ann@example.com"));
        Assert.Null(throttle.TryReserve(Next(), "bob@example.com")); // other accounts are not affected

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            clock.Now += throttle.TryReserve(Next(), "ann@example.com")!.Value.Wait; // refused attempts do not extend the lock
            Fail(Next(), "ann@example.com");
            waits.Add(throttle.TryReserve(Next(), "ann@example.com")!.Value.Wait);
        }

        Assert.Equal([4, 8, 16, 30, 30, 30], waits.Select(w => (int)w.TotalSeconds));
        clock.Now += TimeSpan.FromSeconds(30);
        Assert.Null(throttle.TryReserve(Next(), "ann@example.com")); // the owner gets in once the lock-out ends
        throttle.RecordSuccess("10.9.9.9", "ann@example.com");
        Assert.Null(throttle.TryReserve(Next(), "ann@example.com"));
    }

    [Fact]
    public void An_attempt_that_could_not_be_judged_does_not_block_the_account()
    {
        for (var i = 0; i < 3; i++)
        {
            Fail($"10.2.0.{i}", "kim@example.com");
        }
        clock.Now += TimeSpan.FromSeconds(2);
        Assert.Null(throttle.TryReserve("10.2.1.1", "kim@example.com"));
        Assert.NotNull(throttle.TryReserve("10.2.1.2", "kim@example.com")); // past the limit: one attempt at a time

        throttle.Release("kim@example.com"); // the database failed while checking the password

        Assert.Null(throttle.TryReserve("10.2.1.3", "kim@example.com"));
    }
}
