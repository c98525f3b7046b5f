using Bronn.Core.Execution.Live;

namespace Bronn.Web.Tests.Engine;

/// <summary>Pages and waiting callers watch one run, one workflow or one owner: other runs' steps never reach them.</summary>
public sealed class ExecutionChangeFeedTests
{
    [Fact]
    public void A_change_reaches_the_watchers_of_its_execution_workflow_and_owner_only_and_not_after_they_stop_watching()
    {
        var feed = new ExecutionChangeFeed();
        var mine = new ExecutionChange(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var other = new ExecutionChange(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var heard = new List<string>();
        using var run = feed.WatchExecution(mine.ExecutionId, c => heard.Add($"run:{c.ExecutionId == mine.ExecutionId}"));
        using var workflow = feed.WatchWorkflow(mine.WorkflowId, c => heard.Add($"workflow:{c.WorkflowId == mine.WorkflowId}"));
        var owner = feed.WatchOwner(mine.OwnerId, c => heard.Add($"owner:{c.OwnerId == mine.OwnerId}"));

        feed.Publish(other);
        feed.Publish(mine);
        owner.Dispose();
        feed.Publish(mine);

        Assert.Equal(["run:True", "workflow:True", "owner:True", "run:True", "workflow:True"], heard);
    }

    [Fact]
    public void A_failing_watcher_does_not_stop_the_others()
    {
        var feed = new ExecutionChangeFeed();
        var change = new ExecutionChange(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var heard = 0;
        using var failing = feed.WatchExecution(change.ExecutionId, _ => throw new InvalidOperationException("a page went away"));
        using var working = feed.WatchExecution(change.ExecutionId, _ => heard++);

        feed.Publish(change);

        Assert.Equal(1, heard);
    }
}
