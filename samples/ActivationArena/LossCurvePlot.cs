using ScottPlot;

namespace ActivationArena;

/// <summary>Draws the training loss per epoch of every run, one panel per data set, on a logarithmic loss axis.</summary>
internal static class LossCurvePlot
{
    public static void Save(string path, IReadOnlyList<(Dataset Data, TrainingPlan Plan, IReadOnlyList<RunResult> Runs)> panels)
    {
        var plots = new List<Plot>();
        foreach (var (data, plan, runs) in panels)
        {
            var plot = new Plot();
            plot.Font.Set("DejaVu Sans");
            plot.Title($"{data.Name}: training loss per epoch — {plan.Describe(data)}", size: 15);
            plot.XLabel("epoch");
            plot.YLabel("mean cross-entropy (log scale)");
            double lowest = double.PositiveInfinity;
            double highest = double.NegativeInfinity;
            for (int i = 0; i < runs.Count; i++)
            {
                double[] epochs = Enumerable.Range(1, runs[i].EpochLoss.Length).Select(e => (double)e).ToArray();
                // ScottPlot's axes are linear: plot log10(loss) and label the ticks with the loss itself.
                double[] logLoss = runs[i].EpochLoss.Select(l => Math.Log10(Math.Clamp(double.IsNaN(l) ? 10 : l, 1e-6, 10))).ToArray();
                lowest = Math.Min(lowest, logLoss.Min());
                highest = Math.Max(highest, logLoss.Max());
                var line = plot.Add.ScatterLine(epochs, logLoss);
                line.LegendText = runs[i].Entry.Label;
                line.LineWidth = 2;
                line.Color = new ScottPlot.Palettes.Category10().GetColor(i);
                line.LinePattern = i < 10 ? LinePattern.Solid : LinePattern.Dashed;
            }

            plot.Axes.Left.TickGenerator = LogTicks(lowest, highest);
            plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.12);
            plot.ShowLegend(Edge.Right);
            plots.Add(plot);
        }

        var multiplot = new Multiplot(plots[0]);
        foreach (Plot plot in plots.Skip(1))
        {
            multiplot.AddPlot(plot);
        }

        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        multiplot.SavePng(path, 1200, 460 * plots.Count);
    }

    /// <summary>Major ticks at 1, 2 and 5 × 10ᵏ (labelled with the loss), minor ticks at the other integers × 10ᵏ.</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double lowest, double highest)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int k = (int)Math.Floor(lowest); k <= (int)Math.Ceiling(highest); k++)
        {
            for (int m = 1; m <= 9; m++)
            {
                double position = Math.Log10(m) + k;
                if (position < lowest - 0.05 || position > highest + 0.05)
                {
                    continue;
                }

                if (m is 1 or 2 or 5)
                {
                    ticks.AddMajor(position, (m * Math.Pow(10, k)).ToString(k >= -4 ? "0.####" : "0e0"));
                }
                else
                {
                    ticks.AddMinor(position);
                }
            }
        }

        return ticks;
    }
}
