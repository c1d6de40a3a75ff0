using BenchmarkDotNet.Running;
using SimdActivations.Benchmarks;

// BenchmarkSwitcher, so `--filter` picks benchmarks: e.g.
//   dotnet run -c Release --project benchmarks/SimdActivations.Benchmarks -- --filter *Sigmoid*
// `--widths` prints which vector widths each job's environment really enables, without running benchmarks.
if (args.Contains("--active-width"))
{
    Console.WriteLine(WidthCheck.Active);
    return;
}

if (args.Contains("--widths"))
{
    WidthCheck.PrintAll();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(WidthJobs).Assembly).Run(args, new WidthJobs());
