using Bronn.Testing;

namespace Bronn.Web.Tests.Startup;

/// <summary>`./bronn standin` runs the provider stand-in as a process of its own; it stops as any server does.</summary>
[Collection(Bronn.Web.Tests.Startup.KilledProcesses.Name)]
public sealed class StandInProcessTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task The_stand_in_stops_on_sigterm_and_sigint_with_exit_code_0(string signal)
    {
        using var standIn = BuiltApp.Start("tests/Bronn.StandIn", new Dictionary<string, string?>(), BronnAppFactory.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await standIn.WaitForOutputAsync("stops it.", TimeSpan.FromSeconds(60)), standIn.Output);

        standIn.Signal(signal);

        Assert.Equal(0, await standIn.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("Provider stand-in stopped.", standIn.Output);
    }
}
