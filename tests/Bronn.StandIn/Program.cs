using System.Runtime.InteropServices;
using Bronn.Testing.StandIns;

// The tests' provider stand-in as a server of its own, to try Bronn's integrations by hand without real
// Google, Slack or Notion credentials: ./bronn standin [port], then start ./bronn run with the printed settings.
var port = args.Length > 0 ? int.Parse(args[0]) : 5090;
await using var standIn = await ProviderStandIn.StartAsync(port);
var settings = new SortedDictionary<string, string?>();
foreach (var provider in new[] { "google", "slack", "notion" })
{
    standIn.Configure(settings, provider);
}
// Providers are exempt from the private-network guard, but http.request nodes calling the stand-in's APIs are not.
settings["Engine:Http:AllowedHosts:0"] = standIn.BaseAddress.Host;
Console.WriteLine($"Provider stand-in listening on {standIn.BaseAddress} (google, slack and notion). Start Bronn with:");
Console.WriteLine();
foreach (var (key, value) in settings)
{
    Console.WriteLine($"export {key.Replace(":", "__", StringComparison.Ordinal)}='{value}'");
}
Console.WriteLine();
Console.WriteLine("Ctrl-C (or SIGTERM) stops it.");
var stopped = new TaskCompletionSource();
// The stand-in's own web host takes SIGTERM and SIGINT for itself (it only stops its server), so this process
// registers for them too; then it disposes the stand-in and ends with 0.
void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    stopped.TrySetResult();
}
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
await stopped.Task;
Console.WriteLine("Provider stand-in stopped.");
