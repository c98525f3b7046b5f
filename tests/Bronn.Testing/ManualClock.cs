namespace Bronn.Testing;

/// <summary>A clock the test moves: it follows real time, plus whatever the test added.</summary>
public sealed class ManualClock : TimeProvider
{
    private long offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
}
