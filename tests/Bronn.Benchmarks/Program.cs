using Bronn.Benchmarks;

// Run on demand with ./bronn bench ...; not part of ./bronn test.
//   refresh [credentials] [parallelism]
//   builder [nodes] [opens] [circuits]
var which = args.Length > 0 && !char.IsDigit(args[0][0]) ? args[0] : "refresh";
var rest = which == "refresh" && args.Length > 0 && char.IsDigit(args[0][0]) ? args : args.Skip(1).ToArray();
int Arg(int index, int fallback) => rest.Length > index ? int.Parse(rest[index]) : fallback;
return which switch
{
    "builder" => await BuilderOpenBenchmark.RunAsync(Arg(0, 100), Arg(1, 10), Arg(2, 10)),
    _ => await RefreshSweepBenchmark.RunAsync(Arg(0, 10_000), Arg(1, 16)),
};
