using System.Globalization;
using SimdActivations.Tests.Infrastructure;

namespace SimdActivations.AccuracySweep;

/// <summary>Max error of one specification, forward and derivative, over every float input.</summary>
internal sealed record SweepResult(
    string Specification,
    Measure Forward,
    Measure Derivative,
    double ReferenceError,
    bool ReferenceOk,
    IReadOnlyList<(double Low, double High)> DerivativeZeroZones,
    double ZoneAbsoluteError)
{
    /// <summary>The double sweep's result, or null where no double-double reference exists (tables only).</summary>
    public (Measure Forward, Measure Derivative)? Double { get; init; }

    public long DoubleSamples { get; init; }

    public string Format() =>
        $"{Specification,-40} forward {Forward.Max,7:F3} ULP at {Forward.ArgMax,-16:G9} ({Forward.OverOne} > 1 ULP)   " +
        $"derivative {Derivative.Max,7:F3} ULP at {Derivative.ArgMax,-16:G9} ({Derivative.OverOne} > 1 ULP)   " +
        $"reference vs mpmath {ReferenceError:F4} ULP{(ReferenceOk ? "" : "  <-- REFERENCE FAILS")}" +
        (DerivativeZeroZones.Count == 0 ? "" : $"   f′ zero zones {string.Join(" ", DerivativeZeroZones.Select(z => $"[{z.Low:G4}, {z.High:G4}]"))} abs err {ZoneAbsoluteError:G2}") +
        (Double is { } d ? $"   double ({DoubleSamples:G3} random): f {d.Forward.Max:F3} ULP (at {d.Forward.ArgMax:G9}), f′ {d.Derivative.Max:F3} ULP (at {d.Derivative.ArgMax:G9})" : "   double: tables only");

    public static string Markdown(IReadOnlyList<SweepResult> rows, TimeSpan time)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("| activation | float f max ULP | at x | inputs > 1 ULP | float f′ max ULP | at x | inputs > 1 ULP | f′ zero zones excluded (abs error there) | double f / f′ max ULP (random inputs) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (SweepResult r in rows)
        {
            string zones = r.DerivativeZeroZones.Count == 0
                ? "—"
                : $"{string.Join(", ", r.DerivativeZeroZones.Select(z => $"[{z.Low:G3}, {z.High:G3}]"))} ({r.ZoneAbsoluteError:G2})";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| `{r.Specification}` | {r.Forward.Max:F3} | {r.Forward.ArgMax:G9} | {r.Forward.OverOne} | {r.Derivative.Max:F3} | {r.Derivative.ArgMax:G9} | {r.Derivative.OverOne} | {zones} | {(r.Double is { } d ? $"{d.Forward.Max:F3} / {d.Derivative.Max:F3}" : "tables only")} |");
        }

        text.AppendLine();
        long samples = rows.Select(r => r.DoubleSamples).DefaultIfEmpty(0).Max();
        text.AppendLine(CultureInfo.InvariantCulture, $"All 2³² float inputs per row; sweep time {time:mm\\:ss} on {Environment.ProcessorCount} threads.");
        if (samples > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Double column: {samples:N0} random finite doubles per row (half uniform over bit patterns, half uniform in [−40, 40]) against double-double references, plus the tables (which the tests check).");
        }

        return text.ToString();
    }
}

/// <summary>A running maximum of ULP errors with its argument, and the count of errors above one ULP.</summary>
internal struct Measure
{
    public double Max;
    public float ArgMax;
    public long OverOne;

    public void Add(double error, float x)
    {
        if (double.IsNaN(error))
        {
            error = double.PositiveInfinity;
        }

        if (error > 1)
        {
            OverOne++;
        }

        if (error > Max)
        {
            Max = error;
            ArgMax = x;
        }
    }

    public void Merge(Measure other)
    {
        OverOne += other.OverOne;
        if (other.Max > Max)
        {
            Max = other.Max;
            ArgMax = other.ArgMax;
        }
    }
}

internal static class Sweep
{
    private const int Chunk = 1 << 20;

    /// <summary>Every elementwise activation with default parameters, and every parameter set that has a table.</summary>
    public static IEnumerable<string> Specifications(string tables)
    {
        var seen = new HashSet<string>();
        var fromTables = ReferenceTables.All(tables).Select(t => t.Specification);
        foreach (string specification in Activation.Names.Concat(fromTables))
        {
            if (Activation.Parse(specification) is IPointwiseActivation activation && seen.Add(activation.Name))
            {
                yield return activation.Name;
            }
        }
    }

    public static SweepResult Run(string specification, string tables, int threads, long doubleSamples)
    {
        var activation = (IPointwiseActivation)Activation.Parse(specification);
        (double referenceError, bool referenceOk) = CheckReference(activation, tables);
        List<(double Low, double High)> zones = DerivativeZeroZones(activation);

        var forward = new Measure();
        var derivative = new Measure();
        double zoneError = 0;
        object gate = new();
        int chunks = (int)((1L << 32) / Chunk);
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new Worker(), (chunk, _, worker) =>
        {
            worker.Run(activation, (uint)chunk * Chunk, zones);
            return worker;
        }, worker =>
        {
            lock (gate)
            {
                forward.Merge(worker.Forward);
                derivative.Merge(worker.Derivative);
                zoneError = Math.Max(zoneError, worker.ZoneError);
            }
        });

        return new SweepResult(activation.Name, forward, derivative, referenceError, referenceOk, zones, zoneError)
        {
            Double = doubleSamples > 0 ? DoubleSweep.Run(activation, doubleSamples, threads, zones) : null,
            DoubleSamples = doubleSamples,
        };
    }

    /// <summary>The double path against every mpmath table of this specification, in float ULPs.</summary>
    private static (double Error, bool Ok) CheckReference(IPointwiseActivation activation, string tables)
    {
        double worst = 0;
        bool any = false;
        foreach (ReferenceTable table in ReferenceTables.All(tables))
        {
            if (Activation.Parse(table.Specification).Name != activation.Name)
            {
                continue;
            }

            any = true;
            double[] x = table.Rows.Select(r => r.X).ToArray();
            double[] f = new double[x.Length];
            double[] df = new double[x.Length];
            activation.Forward<double>(x, f);
            activation.Derivative<double>(x, df);
            for (int i = 0; i < x.Length; i++)
            {
                worst = Math.Max(worst, Ulp.Single(f[i], table.Rows[i].F.Approximate));
                worst = Math.Max(worst, Ulp.Single(df[i], table.Rows[i].DF.Approximate));
            }
        }

        return (worst, !any || worst <= 0.01);
    }

    /// <summary>How far a zero zone may reach from its root (the tests use the same rule).</summary>
    public static double ZoneReach(double root) => Math.Max(0.5, 1.25 * Math.Abs(root));

    /// <summary>
    /// The neighbourhoods of the derivative's sign changes where |f′| &lt; 1/8, at most <see cref="ZoneReach"/> from the
    /// root (the same rule as the tests): there f′ is a difference of nearly equal terms and only its absolute error
    /// is meaningful. A tail where f′ is merely small (SiLU′ as x → −∞) is measured in ULPs like everything else.
    /// </summary>
    public static List<(double Low, double High)> DerivativeZeroZones(IPointwiseActivation activation)
    {
        const double step = 1.0 / 1024;
        int n = (int)(60 / step) + 1;
        double[] x = Enumerable.Range(0, n).Select(i => -30 + i * step).ToArray();
        double[] df = new double[n];
        activation.Derivative<double>(x, df);
        var zones = new List<(double, double)>();
        int previous = -1;
        for (int i = 0; i < n; i++)
        {
            if (df[i] == 0 || double.IsNaN(df[i]))
            {
                continue;
            }

            if (previous >= 0 && Math.Sign(df[previous]) != Math.Sign(df[i]))
            {
                double root = (x[previous] + x[i]) / 2;
                double reach = ZoneReach(root);
                int low = previous, high = i;
                while (low > 0 && Math.Abs(df[low - 1]) < 0.125 && root - x[low - 1] <= reach)
                {
                    low--;
                }

                while (high < n - 1 && Math.Abs(df[high + 1]) < 0.125 && x[high + 1] - root <= reach)
                {
                    high++;
                }

                zones.Add((x[low], x[high]));
            }

            previous = i;
        }

        return zones;
    }

    /// <summary>
    /// A TensorPrimitives function (forward only) over every float, against the double path of the library's
    /// activation of the same name (itself checked against the mpmath tables): the comparison the README quotes.
    /// <paramref name="typical"/> is the same measure restricted to 2⁻¹⁰ ≤ |x| ≤ 64, where networks' activations
    /// live, so that a failure in the tiny or subnormal inputs does not hide the error elsewhere.
    /// </summary>
    public static Measure RunBaseline(string name, SpanAction baseline, int threads, out Measure typical)
    {
        var reference = (IPointwiseActivation)Activation.Parse(name);
        var measure = new Measure();
        var typicalMeasure = new Measure();
        object gate = new();
        int chunks = (int)((1L << 32) / Chunk);
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => (Measure: new Measure(), Typical: new Measure(), X: new float[Chunk], Y: new float[Chunk], Xd: new double[Chunk], Yd: new double[Chunk]),
            (chunk, _, local) =>
            {
                uint start = (uint)chunk * Chunk;
                for (int i = 0; i < Chunk; i++)
                {
                    local.X[i] = BitConverter.UInt32BitsToSingle(start + (uint)i);
                    local.Xd[i] = local.X[i];
                }

                baseline(local.X, local.Y);
                reference.Forward<double>(local.Xd, local.Yd);
                for (int i = 0; i < Chunk; i++)
                {
                    double error = Ulp.Single(local.Y[i], local.Yd[i]);
                    local.Measure.Add(error, local.X[i]);
                    if (Math.Abs(local.X[i]) is >= 1f / 1024 and <= 64)
                    {
                        local.Typical.Add(error, local.X[i]);
                    }
                }

                return local;
            },
            local =>
            {
                lock (gate)
                {
                    measure.Merge(local.Measure);
                    typicalMeasure.Merge(local.Typical);
                }
            });
        typical = typicalMeasure;
        return measure;
    }

    public delegate void SpanAction(ReadOnlySpan<float> x, Span<float> y);

    private sealed class Worker
    {
        private readonly float[] _x = new float[Chunk];
        private readonly float[] _y = new float[Chunk];
        private readonly double[] _xd = new double[Chunk];
        private readonly double[] _yd = new double[Chunk];

        public Measure Forward;
        public Measure Derivative;
        public double ZoneError;

        public void Run(IPointwiseActivation activation, uint start, List<(double Low, double High)> zones)
        {
            for (int i = 0; i < Chunk; i++)
            {
                _x[i] = BitConverter.UInt32BitsToSingle(start + (uint)i);
                _xd[i] = _x[i];
            }

            activation.Forward<float>(_x, _y);
            activation.Forward<double>(_xd, _yd);
            for (int i = 0; i < Chunk; i++)
            {
                Forward.Add(Ulp.Single(_y[i], _yd[i]), _x[i]);
            }

            activation.Derivative<float>(_x, _y);
            activation.Derivative<double>(_xd, _yd);
            for (int i = 0; i < Chunk; i++)
            {
                double x = _x[i];
                bool inZone = false;
                foreach ((double low, double high) in zones)
                {
                    inZone |= x >= low && x <= high;
                }

                if (inZone)
                {
                    ZoneError = Math.Max(ZoneError, Math.Abs(_y[i] - _yd[i]));
                    continue;
                }

                Derivative.Add(Ulp.Single(_y[i], _yd[i]), _x[i]);
            }
        }
    }
}
