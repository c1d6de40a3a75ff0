namespace SimdActivations.AccuracySweep;

internal sealed record Options(IReadOnlyList<string> Functions, int Threads, string? Markdown, long DoubleSamples, bool Baselines, bool DoubleOnly)
{
    public static Options Parse(string[] args)
    {
        var functions = new List<string>();
        int threads = Environment.ProcessorCount;
        string? markdown = null;
        long doubleSamples = 100_000_000;
        bool baselines = false;
        bool doubleOnly = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--function":
                    functions.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--threads":
                    threads = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--double-samples":
                    doubleSamples = long.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--baselines":
                    baselines = true;
                    break;
                case "--double-only":
                    doubleOnly = true;
                    break;
                case "--markdown":
                    markdown = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'. Options: --function name[,name...] (=name: exactly that specification), --threads N, --double-samples N, --double-only, --baselines, --markdown file.md");
            }
        }

        return new Options(functions, threads, markdown, doubleSamples, baselines, doubleOnly);
    }

    /// <summary>A name selects the specifications that contain it; <c>=name</c> only the one spelled exactly so.</summary>
    public bool Selects(string specification) =>
        Functions.Count == 0 || Functions.Any(f => f.StartsWith('=')
            ? specification.Equals(f[1..], StringComparison.OrdinalIgnoreCase)
            : specification.Contains(f, StringComparison.OrdinalIgnoreCase));
}
