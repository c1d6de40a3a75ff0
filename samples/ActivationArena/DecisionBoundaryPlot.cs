using ScottPlot;

namespace ActivationArena;

/// <summary>For a two-feature, two-class problem: each activation's learned P(class 1) over the input plane, with the
/// held-out test points on top — where the network draws the spiral arms, and where it gives up.</summary>
internal static class DecisionBoundaryPlot
{
    public static void Save(string path, Dataset data, IReadOnlyList<RunResult> runs)
    {
        const int panel = 300;
        int columns = Math.Min(4, runs.Count);
        int rows = (runs.Count + columns - 1) / columns;
        var plots = new List<Plot>();
        double limit = Trainer.MapLimit;
        foreach (RunResult run in runs)
        {
            var plot = new Plot();
            plot.Font.Set("DejaVu Sans");
            plot.Title($"{run.Entry.Label}: test {100 * run.TestAccuracy:F1}%", size: 13);
            var heatmap = plot.Add.Heatmap(run.ProbabilityMap!);
            heatmap.Extent = new CoordinateRect(-limit, limit, -limit, limit);
            // Pale blue (class 0) through white (undecided) to pale red (class 1), so the points on top stay visible.
            heatmap.Colormap = new ScottPlot.Colormaps.CustomInterpolated([Color.FromHex("#9ecae1"), Colors.White, Color.FromHex("#fcae91")]);
            heatmap.ManualRange = new ScottPlot.Range(0, 1);
            for (int label = 0; label < 2; label++)
            {
                var (xs, ys) = Points(data, label);
                plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 3, label == 0 ? Colors.Navy : Colors.DarkRed);
            }

            plot.Axes.SetLimits(-limit, limit, -limit, limit);
            plots.Add(plot);
        }

        var figure = new Multiplot(plots[0]);
        foreach (Plot plot in plots.Skip(1))
        {
            figure.AddPlot(plot);
        }

        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        figure.SavePng(path, columns * panel, rows * panel);
    }

    private static (double[] X, double[] Y) Points(Dataset data, int label)
    {
        var indices = Enumerable.Range(0, data.TestRows).Where(i => data.TestY[i] == label).ToArray();
        return (indices.Select(i => (double)data.TestX[2 * i]).ToArray(), indices.Select(i => (double)data.TestX[2 * i + 1]).ToArray());
    }
}
