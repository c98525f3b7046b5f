using Bronn.Core.Execution.Data;
using Bronn.Web.Components.Shared;

namespace Bronn.Web.Tests.Components;

/// <summary>A run's duration is the time it worked, not the time it waited to try a failed step again.</summary>
public sealed class ExecutionDurationsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_waits_between_a_failed_attempt_and_the_next_are_left_out_and_named()
    {
        var run = new Bronn.Core.Execution.Data.Execution { Status = "succeeded", TriggerType = "manual", TriggerData = "{}", StartedAt = T0, FinishedAt = T0.AddSeconds(10) };
        ExecutionStep[] steps =
        [
            Step("start#0", 1, "succeeded", 0, 0),
            Step("call#0", 1, "failed", 0.1, 0.6),
            Step("call#0", 2, "failed", 2.6, 3.0), // 2 s back-off before it
            Step("call#0", 3, "succeeded", 7.0, 7.5), // 4 s back-off before it
            Step("after#0", 1, "succeeded", 7.5, 10),
        ];

        Assert.Equal(TimeSpan.FromSeconds(6), ExecutionDurations.RetryWaits(steps));
        Assert.Equal("4.0 s (plus 6.0 s waiting to retry)", ExecutionDurations.Describe(run, steps));
        Assert.Equal("10.0 s", ExecutionDurations.Describe(run, steps.Where(s => s.Key != "call#0" || s.Attempt == 3).ToList()));
    }

    private static ExecutionStep Step(string key, int attempt, string status, double from, double to) => new()
    {
        NodeId = key.Split('#')[0], Key = key, NodeType = "set", Status = status, Attempt = attempt,
        StartedAt = T0.AddSeconds(from), FinishedAt = T0.AddSeconds(to),
    };
}
