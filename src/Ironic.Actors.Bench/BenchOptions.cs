namespace Ironic.Actors.Bench;

/// <summary>What to measure, from the command line.</summary>
public sealed record BenchOptions(Uri Endpoint, int Nodes, int Concurrency, bool Lifecycle, string Version)
{
    public static BenchOptions Parse(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new BenchOptions(
            new Uri(Arg("endpoint", "http://127.0.0.1:6385")),
            int.Parse(Arg("nodes", "1000")),
            int.Parse(Arg("concurrency", "32")),
            bool.Parse(Arg("lifecycle", "true")),
            Arg("version", "1.78"));
    }
}
