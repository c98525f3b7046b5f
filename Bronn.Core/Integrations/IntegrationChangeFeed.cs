namespace Bronn.Core.Integrations;

/// <summary>In-process fan-out of integration changes heard from PostgreSQL; pages and the hub subscribe.</summary>
public sealed class IntegrationChangeFeed
{
    public event Action<IntegrationChange>? Changed;

    public void Publish(IntegrationChange change) => Changed?.Invoke(change);
}
