using Ironic.Actors.Bench;

// Usage:
//   dotnet run -c Release --project src/Ironic.Actors.Bench -- [--endpoint URL] [--nodes N] [--concurrency C] [--lifecycle true|false]
//   dotnet run -c Release --project src/Ironic.Actors.Bench -- power-sync [--nodes N] [--workers W] [--concurrency C] [--postgres CONNECTION-STRING]
//   dotnet run -c Release --project src/Ironic.Actors.Bench -- deploy [--nodes 200] [--clean false] [--endpoint URL] (direct deploy of emulated redfish servers)
//   dotnet run -c Release --project src/Ironic.Actors.Bench -- scale [--nodes N] [--concurrency C] ... (see ScaleOptions.Usage)
if (args.Length > 0 && args[0] == "power-sync")
    return await PowerSyncBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "deploy")
    return await Ironic.Actors.Bench.DirectDeployBench.DeployBenchmark.RunFromConsoleAsync(args[1..]);
if (args.Length > 0 && args[0] == "scale")
    return await Ironic.Actors.Bench.Scale.ScaleBenchmark.RunFromConsoleAsync(args[1..]);

var options = BenchOptions.Parse(args);
var report = await new Benchmark(options).RunAsync();
Console.WriteLine(report);
return report.Failures == 0 ? 0 : 1;
