using System.Globalization;

namespace SimdActivations.Tests.Infrastructure;

/// <summary>One row of a reference table: x, f(x), f′(x) and any parameter gradients, exactly as generated.</summary>
public sealed record ReferenceRow(double X, ExactValue F, ExactValue DF, IReadOnlyDictionary<string, ExactValue> ParameterGradients);

/// <summary>
/// A table written by tools/reference/generate.py (mpmath, 60 digits): the activation it describes, its parameters
/// and the rows. Tables are committed; tests never run Python.
/// </summary>
public sealed class ReferenceTable
{
    /// <summary>Where the tests find the tables (copied next to the test assembly).</summary>
    public static string DefaultDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "ReferenceTables");

    private ReferenceTable(string fileName, string function, IReadOnlyList<(string Key, string Value)> parameters, IReadOnlyList<ReferenceRow> rows)
    {
        FileName = fileName;
        Function = function;
        Parameters = parameters;
        Rows = rows;
    }

    public string FileName { get; }

    public string Function { get; }

    public IReadOnlyList<(string Key, string Value)> Parameters { get; }

    public IReadOnlyList<ReferenceRow> Rows { get; }

    /// <summary>The registry specification, e.g. <c>silu(beta=1.5)</c>.</summary>
    public string Specification => Parameters.Count == 0
        ? Function
        : $"{Function}({string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"))})";

    public static IEnumerable<string> FileNames(string? directory = null) =>
        Directory.EnumerateFiles(directory ?? DefaultDirectory, "*.csv").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)!;

    private static readonly Dictionary<string, ReferenceTable> Cache = new();

    public static ReferenceTable Load(string fileName, string? directory = null)
    {
        string path = Path.Combine(directory ?? DefaultDirectory, fileName);
        lock (Cache)
        {
            if (!Cache.TryGetValue(path, out ReferenceTable? table))
            {
                table = Read(path);
                Cache[path] = table;
            }

            return table;
        }
    }

    private static ReferenceTable Read(string path)
    {
        string fileName = Path.GetFileName(path);
        string function = "";
        var parameters = new List<(string, string)>();
        string[]? header = null;
        var rows = new List<ReferenceRow>();
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
            else if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }
            else if (header is null)
            {
                header = line.Split(',');
            }
            else
            {
                string[] cells = line.Split(',');
                var gradients = new Dictionary<string, ExactValue>();
                for (int c = 3; c < cells.Length; c++)
                {
                    gradients[header[c]] = ExactValue.Parse(cells[c]);
                }

                rows.Add(new ReferenceRow(ParseX(cells[0]), ExactValue.Parse(cells[1]), ExactValue.Parse(cells[2]), gradients));
            }
        }

        return new ReferenceTable(fileName, function, parameters, rows);
    }

    private static double ParseX(string text) => text switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
