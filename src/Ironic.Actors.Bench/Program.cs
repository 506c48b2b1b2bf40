using Ironic.Actors.Bench;

// Usage: dotnet run --project src/Ironic.Actors.Bench -- [--endpoint URL] [--nodes N] [--concurrency C] [--lifecycle true|false]
var options = BenchOptions.Parse(args);
var report = await new Benchmark(options).RunAsync();
Console.WriteLine(report);
return report.Failures == 0 ? 0 : 1;
