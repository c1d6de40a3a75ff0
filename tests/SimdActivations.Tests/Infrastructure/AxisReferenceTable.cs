using System.Globalization;
using System.Numerics;

namespace SimdActivations.Tests.Infrastructure;

/// <summary>One row of an axis reference table: the inputs, the gradient, the exact outputs and backward values.</summary>
/// <param name="Id">The row id.</param>
/// <param name="Description">What the row holds (from its comment line).</param>
/// <param name="X">The float32 inputs.</param>
/// <param name="Dy">The float32 gradients, one per output, or empty when the row carries no backward values.</param>
/// <param name="Y">The exact outputs.</param>
/// <param name="Dx">The exact backward values (null where not compared).</param>
/// <param name="Scale">The largest term summed into each dx.</param>
public sealed record AxisRow(int Id, string Description, float[] X, float[] Dy, ExactValue[] Y, ExactValue?[] Dx, double[] Scale);

/// <summary>
/// A table written by tools/reference/generate_axis.py: the activation, its parameters and its rows (one line per
/// input element, see the generator for the columns).
/// </summary>
public sealed class AxisReferenceTable
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "ReferenceTables", "Axis");
    private static readonly Dictionary<string, AxisReferenceTable> Cache = new();

    private AxisReferenceTable(string function, IReadOnlyList<(string Key, string Value)> parameters, IReadOnlyList<AxisRow> rows)
    {
        Function = function;
        Parameters = parameters;
        Rows = rows;
    }

    public string Function { get; }

    public IReadOnlyList<(string Key, string Value)> Parameters { get; }

    public IReadOnlyList<AxisRow> Rows { get; }

    /// <summary>The registry specification, e.g. <c>maxout(k=3)</c>.</summary>
    public string Specification => Parameters.Count == 0
        ? Function
        : $"{Function}({string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"))})";

    public static IEnumerable<string> FileNames() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.csv").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)!;

    public static AxisReferenceTable Load(string fileName)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(fileName, out AxisReferenceTable? table))
            {
                table = Read(Path.Combine(Directory, fileName));
                Cache[fileName] = table;
            }

            return table;
        }
    }

    private static AxisReferenceTable Read(string path)
    {
        string function = "";
        var parameters = new List<(string, string)>();
        var rows = new List<AxisRow>();
        string description = "";
        var lines = new List<string[]>();
        bool header = false;

        void Flush()
        {
            if (lines.Count == 0)
            {
                return;
            }

            int n = lines.Count;
            float[] x = lines.Select(c => ParseFloat(c[2])).ToArray();
            int outputs = lines.Count(c => c[4].Length > 0);
            bool backward = lines[0][3].Length > 0;
            float[] dy = backward ? lines.Take(outputs).Select(c => ParseFloat(c[3])).ToArray() : [];
            ExactValue[] y = lines.Take(outputs).Select(c => ExactValue.Parse(c[4])).ToArray();
            ExactValue?[] dx = lines.Select(c => c[5].Length > 0 ? ExactValue.Parse(c[5]) : (ExactValue?)null).ToArray();
            double[] scale = lines.Select(c => c[6].Length > 0 ? double.Parse(c[6], CultureInfo.InvariantCulture) : 0).ToArray();
            rows.Add(new AxisRow(int.Parse(lines[0][0], CultureInfo.InvariantCulture), description, x, dy, y, dx, scale));
            lines.Clear();
        }

        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("# function:", StringComparison.Ordinal))
            {
                function = line["# function:".Length..].Trim();
            }
            else if (line.StartsWith("# parameters:", StringComparison.Ordinal))
            {
                foreach (string part in line["# parameters:".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    string[] kv = part.Split('=', 2);
                    parameters.Add((kv[0].Trim(), kv[1].Trim()));
                }
            }
            else if (line.StartsWith("# row ", StringComparison.Ordinal))
            {
                Flush();
                description = line[(line.IndexOf(':') + 1)..].Trim();
            }
            else if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }
            else if (!header)
            {
                header = true;
            }
            else
            {
                lines.Add(line.Split(','));
            }
        }

        Flush();
        return new AxisReferenceTable(function, parameters, rows);
    }

    private static float ParseFloat(string text) => text switch
    {
        "nan" => float.NaN,
        "inf" => float.PositiveInfinity,
        "-inf" => float.NegativeInfinity,
        _ => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}

/// <summary>The backward error in ULPs of the largest term summed into dx (a cancelling sum's natural unit).</summary>
public static class ScaledUlp
{
    public static double Error(double computed, ExactValue exact, double scale, Precision precision)
    {
        if (exact.IsSpecial && double.IsNaN(exact.Special))
        {
            return double.IsNaN(computed) ? 0 : double.PositiveInfinity;
        }

        if (double.IsNaN(computed) || double.IsInfinity(computed))
        {
            return double.PositiveInfinity;
        }

        if (scale == 0)
        {
            return computed == exact.Approximate ? 0 : double.PositiveInfinity;
        }

        int minExponent = precision == Precision.Single ? -126 : -1022;
        int mantissaBits = precision == Precision.Single ? 23 : 52;
        int scaleExponent = Math.Max(Math.ILogB(scale), minExponent);
        if (exact.IsSpecial)
        {
            return Math.Abs(computed) / Math.ScaleB(1, scaleExponent - mantissaBits);
        }

        // Ulp.Error counts in ULPs of the exact value; rescale to ULPs of the scale (a power of two).
        int exactExponent = Math.Max(Math.ILogB(Math.Abs(exact.Approximate)), minExponent);
        double inExactUlps = Ulp.Error(computed, exact, precision);
        if (double.IsPositiveInfinity(inExactUlps) && computed == 0)
        {
            // A zero of the wrong sign, or where the exact value is tiny: measure the magnitude itself.
            return Math.Abs(exact.Approximate) / Math.ScaleB(1, scaleExponent - mantissaBits);
        }

        return Math.ScaleB(inExactUlps, exactExponent - scaleExponent);
    }
}
