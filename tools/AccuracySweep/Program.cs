// The exhaustive float32 accuracy sweep (issue 6): every float bit pattern (NaN payloads collapsed to one)
// through each elementwise activation's float path, forward and derivative, measured in ULPs against the
// activation's double path, which is first checked against the mpmath reference tables to within 0.01 float ULP
// (a double result within 4 double ULPs is 2⁻²⁷ float ULP from the truth, so it serves as the float reference).
//
//   dotnet run -c Release --project tools/AccuracySweep                      every activation and table parameter set
//   dotnet run -c Release --project tools/AccuracySweep -- --function silu   only names/specifications containing "silu"
//   ... -- --markdown docs/accuracy.md                                       also write the table as markdown
//   ... -- --baselines                                                       also TensorPrimitives' Sigmoid and Tanh
//   ... -- --double-samples 100000000                                        random doubles per activation against
//                                                                            double-double references (0: skip)
//   ... -- --double-only                                                     only the double sweep (the float sweep
//                                                                            and the table check skipped)
using System.Diagnostics;
using SimdActivations;
using SimdActivations.AccuracySweep;

var options = Options.Parse(args);
string tables = ReferenceTables.Locate();
var specifications = Sweep.Specifications(tables).Where(options.Selects).ToList();
if (specifications.Count == 0)
{
    Console.Error.WriteLine($"No activation matches '{string.Join(", ", options.Functions)}'. Known: {string.Join(", ", Activation.Names)}");
    return 2;
}

if (options.DoubleOnly)
{
    Console.WriteLine($"Double sweep of {specifications.Count} specifications, {options.DoubleSamples:G3} random finite inputs each, on {options.Threads} threads");
    var watch = Stopwatch.StartNew();
    foreach (string specification in specifications)
    {
        var started = Stopwatch.StartNew();
        var activation = (IPointwiseActivation)Activation.Parse(specification);
        var result = DoubleSweep.Run(activation, options.DoubleSamples, options.Threads, Sweep.DerivativeZeroZones(activation));
        string text = result is { } d
            ? $"f {d.Forward.Max:F3} ULP (at {d.Forward.ArgMax:G9}), f′ {d.Derivative.Max:F3} ULP (at {d.Derivative.ArgMax:G9})"
            : "tables only";
        Console.WriteLine($"{specification,-40} double: {text}   [{started.Elapsed.TotalSeconds:F0} s]");
    }

    Console.WriteLine($"Total time {watch.Elapsed:hh\\:mm\\:ss}");
    return 0;
}

Console.WriteLine($"Sweeping {specifications.Count} specifications over 2^32 float inputs on {options.Threads} threads (reference tables: {tables})");
var total = Stopwatch.StartNew();
var rows = new List<SweepResult>();
foreach (string specification in specifications)
{
    var started = Stopwatch.StartNew();
    SweepResult result = Sweep.Run(specification, tables, options.Threads, options.DoubleSamples);
    rows.Add(result);
    Console.WriteLine($"{result.Format()}   [{started.Elapsed.TotalSeconds:F0} s]");
}

Console.WriteLine($"Total time {total.Elapsed:mm\\:ss}");

// The same measure for TensorPrimitives' float Sigmoid and Tanh, which the README puts beside ours.
var baselines = new List<string>();
if (options.Baselines)
{
    foreach ((string name, Sweep.SpanAction function) in new (string, Sweep.SpanAction)[]
    {
        ("sigmoid", (x, y) => System.Numerics.Tensors.TensorPrimitives.Sigmoid(x, y)),
        ("tanh", (x, y) => System.Numerics.Tensors.TensorPrimitives.Tanh(x, y)),
    })
    {
        Measure m = Sweep.RunBaseline(name, function, options.Threads, out Measure typical);
        string line = $"TensorPrimitives.{char.ToUpperInvariant(name[0])}{name[1..]} (System.Numerics.Tensors 11.0.0, float): " +
            $"all floats: max {m.Max:F3} ULP at {m.ArgMax:G9}, {m.OverOne} inputs > 1 ULP; " +
            $"2^-10 <= |x| <= 64: max {typical.Max:F3} ULP at {typical.ArgMax:G9}, {typical.OverOne} inputs > 1 ULP";
        Console.WriteLine(line);
        baselines.Add(line);
    }
}

if (options.Markdown is not null)
{
    File.WriteAllText(options.Markdown, SweepResult.Markdown(rows, total.Elapsed) + string.Concat(baselines.Select(b => $"\n{b}\n")));
    Console.WriteLine($"Wrote {options.Markdown}");
}

return rows.All(r => r.ReferenceOk) ? 0 : 1;
