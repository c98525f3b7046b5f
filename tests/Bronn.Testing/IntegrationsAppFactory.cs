using Bronn.Testing.StandIns;

namespace Bronn.Testing;

/// <summary>Bronn with google, slack and notion all pointed at one local provider stand-in.</summary>
public class IntegrationsAppFactory : BronnAppFactory
{
    public ProviderStandIn Provider { get; private set; } = default!;

    public IntegrationsAppFactory()
    {
        // The background sweep runs at start and then hourly: tests trigger refreshes themselves.
        Settings["Integrations:Refresh:Interval"] = "01:00:00";
    }

    /// <summary>The providers pointed at the stand-in; a subclass may declare more (with their catalog entries) in Settings.</summary>
    protected virtual IEnumerable<string> ProviderNames => ["google", "slack", "notion"];

    public override async Task InitializeAsync()
    {
        Provider = await ProviderStandIn.StartAsync();
        foreach (var provider in ProviderNames)
        {
            Provider.Configure(Settings, provider);
        }
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }
    }
}
