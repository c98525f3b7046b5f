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
Console.WriteLine("Ctrl-C stops it.");
var stopped = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stopped.TrySetResult();
await stopped.Task;
