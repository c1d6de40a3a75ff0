using ScottPlot;
using SimdActivations;

namespace Gallery;

/// <summary>Plots of f and f′ computed by the library on a fine grid.</summary>
internal static class FunctionPlot
{
    private const double Low = -5;
    private const double High = 5;
    private const int Steps = 1000; // x = −5, −4.99, ..., 5: the integers (where most kinks are) fall on the grid

    private static readonly Color ForwardColor = new ScottPlot.Palettes.Category10().GetColor(0);
    private static readonly Color DerivativeColor = new ScottPlot.Palettes.Category10().GetColor(1);

    /// <summary>One activation: f solid and f′ dashed on one set of axes.</summary>
    public static void SaveSingle(string path, IPointwiseActivation activation, string title)
    {
        double[] x = Grid();
        var (f, df) = Evaluate(activation, x);
        Plot plot = NewPlot(title);
        AddCurve(plot, x, f, ForwardColor, LinePattern.Solid, "f(x)");
        AddCurve(plot, x, df, DerivativeColor, LinePattern.Dashed, "f′(x)");
        plot.Legend.Alignment = EmptiestCorner(x, [f, df]);
        plot.SavePng(path, 640, 420);
    }

    /// <summary>
    /// An activation along an axis, drawn through a one-parameter section: the row <paramref name="row"/>(x), the
    /// first output f(x), and df/dx from the library's backward with dy = (1, 0, …) — the chain-rule product
    /// Jᵀ·dy, summed over the row entries that are x (<paramref name="entriesOnX"/>).
    /// </summary>
    public static void SaveSection(string path, IActivation activation, Func<double, double[]> row, int[] entriesOnX, string title)
    {
        double[] x = Grid();
        var f = new double[x.Length];
        var df = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double[] input = row(x[i]);
            var output = new double[activation.OutputLength(input.Length)];
            var dy = new double[output.Length];
            var dx = new double[input.Length];
            activation.Forward<double>(input, output);
            dy[0] = 1;
            activation.Derivative<double>(input, output, dy, dx);
            f[i] = output[0];
            df[i] = entriesOnX.Sum(j => dx[j]);
        }

        Plot plot = NewPlot(title);
        AddCurve(plot, x, f, ForwardColor, LinePattern.Solid, "f(x)");
        AddCurve(plot, x, df, DerivativeColor, LinePattern.Dashed, "df/dx");
        plot.Legend.Alignment = EmptiestCorner(x, [f, df]);
        plot.SavePng(path, 640, 420);
    }

    /// <summary>Several activations, and a reference drawn dotted in grey: f in the left panel, f′ in the right one.</summary>
    public static void SaveComparison(string path, IReadOnlyList<IPointwiseActivation> activations, IPointwiseActivation? reference, string title)
    {
        double[] x = Grid();
        Plot forward = NewPlot($"{title}: f(x)");
        Plot derivative = NewPlot("f′(x)");
        var forwardCurves = new List<double[]>();
        var derivativeCurves = new List<double[]>();
        for (int i = 0; i < activations.Count; i++)
        {
            var (f, df) = Evaluate(activations[i], x);
            forwardCurves.Add(f);
            derivativeCurves.Add(df);
            Color color = new ScottPlot.Palettes.Category10().GetColor(i);
            AddCurve(forward, x, f, color, LinePattern.Solid, activations[i].Name);
            AddCurve(derivative, x, df, color, LinePattern.Solid, activations[i].Name);
        }

        if (reference is not null)
        {
            var (f, df) = Evaluate(reference, x);
            forwardCurves.Add(f);
            derivativeCurves.Add(df);
            Color grey = Colors.Black.WithAlpha(0.55);
            AddCurve(forward, x, f, grey, LinePattern.Dotted, $"{reference.Name} (for comparison)");
            AddCurve(derivative, x, df, grey, LinePattern.Dotted, $"{reference.Name} (for comparison)");
        }

        forward.Legend.Alignment = EmptiestCorner(x, forwardCurves);
        derivative.Legend.Alignment = EmptiestCorner(x, derivativeCurves);
        var figure = new Multiplot(forward);
        figure.AddPlot(derivative);
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        figure.SavePng(path, 1200, 440);
    }

    /// <summary>The corner of the plot that the curves cross least, for the legend: each corner's box (a third of the
    /// width, 30% of the height) is scored by the number of samples inside it; ties go to the upper left.</summary>
    private static Alignment EmptiestCorner(double[] x, IReadOnlyList<double[]> curves)
    {
        double low = curves.SelectMany(c => c).Where(double.IsFinite).Min();
        double high = curves.SelectMany(c => c).Where(double.IsFinite).Max();
        double margin = 0.1 * (high - low);
        low -= margin;
        high += margin;
        Alignment[] corners = [Alignment.UpperLeft, Alignment.LowerRight, Alignment.UpperRight, Alignment.LowerLeft];
        return corners.MinBy(corner =>
        {
            bool left = corner is Alignment.UpperLeft or Alignment.LowerLeft;
            bool upper = corner is Alignment.UpperLeft or Alignment.UpperRight;
            int count = 0;
            foreach (double[] y in curves)
            {
                for (int i = 0; i < x.Length; i++)
                {
                    bool inX = left ? x[i] < Low + (High - Low) / 3 : x[i] > High - (High - Low) / 3;
                    bool inY = upper ? y[i] > high - 0.3 * (high - low) : y[i] < low + 0.3 * (high - low);
                    count += inX && inY ? 1 : 0;
                }
            }

            return count;
        });
    }

    private static double[] Grid() => Enumerable.Range(0, Steps + 1).Select(i => Low + (High - Low) * i / Steps).ToArray();

    private static (double[] F, double[] Df) Evaluate(IPointwiseActivation activation, double[] x)
    {
        var f = new double[x.Length];
        var df = new double[x.Length];
        activation.Forward<double>(x, f);
        activation.Derivative<double>(x, df);
        return (f, df);
    }

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title, size: 15);
        plot.XLabel("x");
        plot.YLabel("y");
        var xAxis = plot.Add.HorizontalLine(0, 1, Colors.Black.WithAlpha(0.35));
        var yAxis = plot.Add.VerticalLine(0, 1, Colors.Black.WithAlpha(0.35));
        xAxis.ExcludeFromLegend = true;
        yAxis.ExcludeFromLegend = true;
        plot.Axes.SetLimitsX(Low, High);
        plot.ShowLegend();
        return plot;
    }

    /// <summary>Adds y(x) as lines broken at jumps, so a step (ReLU′ at 0, a hard sigmoid's corners) is drawn as a
    /// step rather than as a steep line; only the first piece carries the legend entry.</summary>
    private static void AddCurve(Plot plot, double[] x, double[] y, Color color, LinePattern pattern, string label)
    {
        bool first = true;
        foreach (var (start, end) in ContinuousPieces(y))
        {
            if (end - start == 1)
            {
                // A value that belongs to neither side of a jump (a kink's own derivative): a dot.
                plot.Add.Marker(x[start], y[start], MarkerShape.FilledCircle, 7, color);
                continue;
            }

            var line = plot.Add.ScatterLine(x[start..end], y[start..end]);
            line.Color = color;
            line.LineWidth = 2.5f;
            line.LinePattern = pattern;
            if (first)
            {
                line.LegendText = label;
                first = false;
            }
        }
    }

    /// <summary>Splits the samples where the function jumps: a step much larger than its neighbours' steps and than a
    /// twentieth of the curve's range. Smooth curves change little from one grid point to the next, so they stay
    /// whole. Non-finite samples are dropped.</summary>
    private static IEnumerable<(int Start, int End)> ContinuousPieces(double[] y)
    {
        double range = y.Where(double.IsFinite).DefaultIfEmpty(0).Max() - y.Where(double.IsFinite).DefaultIfEmpty(0).Min();
        int start = 0;
        for (int i = 0; i + 1 < y.Length; i++)
        {
            double step = Math.Abs(y[i + 1] - y[i]);
            double before = i > 0 ? Math.Abs(y[i] - y[i - 1]) : 0;
            double after = i + 2 < y.Length ? Math.Abs(y[i + 2] - y[i + 1]) : 0;
            bool jump = !double.IsFinite(step) || (step > range / 20 && step > 8 * Math.Max(before, after));
            if (jump)
            {
                if (y[start..(i + 1)].All(double.IsFinite))
                {
                    yield return (start, i + 1);
                }

                start = i + 1;
            }
        }

        if (y.Length > start && y[start..].All(double.IsFinite))
        {
            yield return (start, y.Length);
        }
    }
}
