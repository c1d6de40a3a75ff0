using System.Diagnostics;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Environments;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdActivations.Benchmarks;

/// <summary>
/// One job per vector width, selected through the environment variables that really work on .NET 10
/// (DOTNET_EnableAVX512F=0 is silently ignored there): 512 (default), 256 (AVX-512 off), 128 (AVX2 off), scalar
/// (hardware intrinsics off). Each job also sets SIMDACTIVATIONS_EXPECTED_WIDTH, which <see cref="WidthCheck"/>
/// asserts in every benchmark's global setup, so a setting that stopped working fails the run instead of
/// producing mislabelled numbers.
/// </summary>
public sealed class WidthJobs : ManualConfig
{
    public WidthJobs(IReadOnlyCollection<string>? only = null)
    {
        // Two processes per benchmark: on this machine a process now and then runs one loop 2-10× slower from start
        // to finish (the same code and page offsets in the next process are fine; higher address bits, which the
        // process does not control, decide it), so the throughput columns take the fastest iteration of either.
        Job baseJob = Job.Default.WithRuntime(CoreRuntime.Core10_0).WithIterationCount(6).WithLaunchCount(2)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100));
        foreach ((string id, string? variable) in Widths.Where(w => only is null || only.Contains(w.Id)))
        {
            // Tiered compilation and dynamic PGO as users run them, so TensorPrimitives' precompiled code gets its
            // AVX-512 rejit (with tiering off it never does: measured 4× slower) and its profile-guided code (with
            // PGO off it measured 1.3-2.5× slower than with it), and the warmup left to BenchmarkDotNet (a fixed
            // three-iteration warmup was seen timing tier-0 code: 1 ms, then 244 µs, then 17 µs per call). Our loops
            // are NoInlining methods of their own, so PGO-driven inlining into their callers cannot change their code
            // (before that, tanh took 5.8 µs in one process and 14 µs in the next).
            Job job = baseJob.WithId(id).WithEnvironmentVariable(WidthCheck.ExpectedVariable, id);
            if (variable is not null)
            {
                job = job.WithEnvironmentVariable(variable, "0");
            }

            AddJob(job);
        }

        AddColumn(StatisticColumn.Min);
        AddColumn(new ThroughputColumn(ThroughputColumn.Unit.ElementsPerNanosecond));
        AddColumn(new ThroughputColumn(ThroughputColumn.Unit.GigabytesPerSecond));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
        HideColumns(BenchmarkDotNet.Columns.Column.EnvironmentVariables, BenchmarkDotNet.Columns.Column.Error,
            BenchmarkDotNet.Columns.Column.StdDev, BenchmarkDotNet.Columns.Column.Median, "RatioSD");
    }

    public static readonly (string Id, string? Variable)[] Widths =
    [
        ("512", null),
        ("256", "DOTNET_EnableAVX512"),
        ("128", "DOTNET_EnableAVX2"),
        ("scalar", "DOTNET_EnableHWIntrinsic"),
    ];
}

/// <summary>Asserts that the job's intended vector width is the one the runtime enabled.</summary>
public static class WidthCheck
{
    public const string ExpectedVariable = "SIMDACTIVATIONS_EXPECTED_WIDTH";

    public static string Active =>
        Vector512.IsHardwareAccelerated ? "512" : Vector256.IsHardwareAccelerated ? "256" : Vector128.IsHardwareAccelerated ? "128" : "scalar";

    public static void Assert()
    {
        string? expected = Environment.GetEnvironmentVariable(ExpectedVariable);
        if (expected is not null && expected != Active)
        {
            throw new InvalidOperationException($"This job expects {expected}-bit vectors but the runtime enabled {Active}: its environment setting did not take effect.");
        }
    }

    /// <summary>Starts this program under each job's environment and prints the width it reports.</summary>
    public static void PrintAll()
    {
        foreach ((string id, string? variable) in WidthJobs.Widths)
        {
            // Under `dotnet run` the process is the app host; under `dotnet x.dll` it is dotnet and needs the dll.
            bool appHost = Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "SimdActivations.Benchmarks";
            var start = appHost
                ? new ProcessStartInfo(Environment.ProcessPath!, ["--active-width"])
                : new ProcessStartInfo(Environment.ProcessPath!, [typeof(WidthCheck).Assembly.Location, "--active-width"]);
            start.RedirectStandardOutput = true;

            if (variable is not null)
            {
                start.Environment[variable] = "0";
            }

            using Process process = Process.Start(start)!;
            string reported = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            Console.WriteLine($"job {id,-6} ({variable ?? "default"}{(variable is null ? "" : "=0")}): active width {reported}{(reported == id ? "" : "  <-- MISMATCH")}");
        }
    }
}

/// <summary>Elements per nanosecond (or GB/s moved) from the mean time and the benchmark's element count.</summary>
public sealed class ThroughputColumn(ThroughputColumn.Unit unit) : IColumn
{
    public enum Unit
    {
        ElementsPerNanosecond,
        GigabytesPerSecond,
    }

    public string Id => $"Throughput{unit}";

    public string ColumnName => unit == Unit.ElementsPerNanosecond ? "elements/ns" : "GB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => unit == Unit.ElementsPerNanosecond ? 0 : 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => unit == Unit.ElementsPerNanosecond
        ? "Elements processed per nanosecond (Length / Min, the fastest iteration of both processes)"
        : "Bytes read and written per second (Length × element size × (inputs + 1) / Min)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        double? mean = report?.ResultStatistics?.Min;
        if (mean is null || mean <= 0)
        {
            return "-";
        }

        if (!benchmarkCase.Parameters.Items.Any(p => p.Name == "Length"))
        {
            return "-";
        }

        int length = Convert.ToInt32(benchmarkCase.Parameters["Length"]);
        if (unit == Unit.ElementsPerNanosecond)
        {
            return (length / mean.Value).ToString("F2");
        }

        int elementSize = benchmarkCase.Parameters.Items.Any(p => p.Name == "Type" && Equals(p.Value?.ToString(), "double")) ? 8 : 4;
        int streams = benchmarkCase.Descriptor.WorkloadMethod.Name.Contains("Backward", StringComparison.Ordinal) ? 3 : 2;
        return (length * (double)elementSize * streams / mean.Value).ToString("F1");
    }
}
