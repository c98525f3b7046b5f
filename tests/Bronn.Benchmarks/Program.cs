using Bronn.Benchmarks;

// Run on demand with ./bronn bench [credentials] [parallelism]; not part of ./bronn test.
var credentials = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var parallelism = args.Length > 1 ? int.Parse(args[1]) : 16;
return await RefreshSweepBenchmark.RunAsync(credentials, parallelism);
