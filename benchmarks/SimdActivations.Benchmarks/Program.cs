using BenchmarkDotNet.Running;
using SimdActivations.Benchmarks;

// BenchmarkSwitcher, so `--filter` picks benchmarks: e.g.
//   dotnet run -c Release --project benchmarks/SimdActivations.Benchmarks -- --filter *Sigmoid*
//   dotnet run -c Release --project benchmarks/SimdActivations.Benchmarks -- --filter *Bars* --width 512
//   ACTIVATIONS=silu,mish dotnet run -c Release --project benchmarks/SimdActivations.Benchmarks -- --filter *ActivationBenchmarks*
// `--widths` prints which vector widths each job's environment really enables, without running benchmarks;
// `--ratios` measures the issues' speed bars side by side in one process (a minute); `--ratios silu` only the
// bars whose description contains "silu".
if (args.Contains("--active-width"))
{
    Console.WriteLine(WidthCheck.Active);
    return;
}

int ratios = Array.IndexOf(args, "--ratios");
if (ratios >= 0)
{
    Ratios.Run(ratios + 1 < args.Length && !args[ratios + 1].StartsWith('-') ? args[ratios + 1] : null);
    return;
}

if (args.Contains("--widths"))
{
    WidthCheck.PrintAll();
    return;
}

// `--width 512[,256,...]` keeps only those jobs (the issues' bars are stated for AVX-512).
string[]? widths = null;
int widthIndex = Array.IndexOf(args, "--width");
if (widthIndex >= 0 && widthIndex + 1 < args.Length)
{
    widths = args[widthIndex + 1].Split(',');
    args = [.. args[..widthIndex], .. args[(widthIndex + 2)..]];
}

BenchmarkSwitcher.FromAssembly(typeof(WidthJobs).Assembly).Run(args, new WidthJobs(widths));
