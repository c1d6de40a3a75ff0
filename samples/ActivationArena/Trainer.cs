using System.Diagnostics;
using SimdActivations;

namespace ActivationArena;

/// <summary>An activation to try: how it is shown, how the registry builds it, and whether its parameters are trained.</summary>
internal sealed record ArenaEntry(string Label, string Specification, bool LearnParameters);

/// <summary>The network and optimiser settings for one data set (the same for every activation).</summary>
internal sealed record TrainingPlan(int[] HiddenWidths, int Epochs, int BatchSize, float LearningRate)
{
    public string Describe(Dataset data) =>
        $"{data.Features}-{string.Join("-", HiddenWidths)}-{data.Classes} MLP, {Epochs} epochs, Adam lr {LearningRate}, batch {BatchSize}";
}

/// <summary>What one training run gives.</summary>
internal sealed record RunResult(
    ArenaEntry Entry, Dataset Data, double FinalLoss, double TrainAccuracy, double TestAccuracy,
    int DeadUnits, int HiddenUnits, double MillisecondsPerEpoch, double[] EpochLoss, string LearnedParameters,
    double[,]? ProbabilityMap);

internal static class Trainer
{
    /// <summary>Trains a fresh network with <paramref name="entry"/>'s activation. Every run with the same seed starts
    /// from the same weights and sees the mini-batches in the same order, so only the activation differs.</summary>
    public static RunResult Train(ArenaEntry entry, Dataset data, TrainingPlan plan, int seed, Action<int, double> onEpoch)
    {
        IActivation activation = Activation.Parse(entry.Specification);
        int[] widths = [data.Features, .. plan.HiddenWidths, data.Classes];
        int capacity = Math.Max(plan.BatchSize, Math.Max(data.TrainRows, data.TestRows));
        var network = new Mlp(widths, activation, entry.LearnParameters, capacity, seed);
        var adam = new Adam(plan.LearningRate);
        var order = Enumerable.Range(0, data.TrainRows).ToArray();
        var shuffle = new Random(seed + 1);
        var batchX = new float[plan.BatchSize * data.Features];
        var batchY = new int[plan.BatchSize];
        var logitGradient = new float[plan.BatchSize * data.Classes];
        var epochLoss = new double[plan.Epochs];

        var clock = Stopwatch.StartNew();
        for (int epoch = 0; epoch < plan.Epochs; epoch++)
        {
            shuffle.Shuffle(order);
            double lossSum = 0;
            for (int start = 0; start < order.Length; start += plan.BatchSize)
            {
                int rows = Math.Min(plan.BatchSize, order.Length - start);
                for (int r = 0; r < rows; r++)
                {
                    int source = order[start + r];
                    data.TrainX.AsSpan(source * data.Features, data.Features).CopyTo(batchX.AsSpan(r * data.Features));
                    batchY[r] = data.TrainY[source];
                }

                Span<float> logits = network.Forward(batchX, rows);
                Span<float> gradient = logitGradient.AsSpan(0, rows * data.Classes);
                lossSum += rows * SoftmaxCrossEntropy.LossAndGradient(logits, batchY.AsSpan(0, rows), data.Classes, gradient);
                network.Backward(batchX, gradient, rows);
                network.Step(adam);
            }

            epochLoss[epoch] = lossSum / order.Length;
            onEpoch(epoch + 1, epochLoss[epoch]);
        }

        double millisecondsPerEpoch = clock.Elapsed.TotalMilliseconds / plan.Epochs;

        Span<float> testLogits = network.Forward(data.TestX, data.TestRows);
        double testAccuracy = SoftmaxCrossEntropy.Accuracy(testLogits, data.TestY, data.Classes);
        Span<float> trainLogits = network.Forward(data.TrainX, data.TrainRows);
        double finalLoss = SoftmaxCrossEntropy.LossAndGradient(trainLogits, data.TrainY, data.Classes, []);
        double trainAccuracy = SoftmaxCrossEntropy.Accuracy(trainLogits, data.TrainY, data.Classes);
        var (dead, total) = network.CountDeadUnits(data.TrainRows);

        string learned = string.Join(" / ", network.Activations
            .Where(a => a.Learns)
            .Select(a => string.Join(", ", ((ILearnableActivation)a.Current).Parameters.Select(p => p.ToString("F2")))));
        double[,]? map = data.Features == 2 && data.Classes == 2 ? ProbabilityMap(network, capacity, MapResolution, MapLimit) : null;
        return new RunResult(entry, data, finalLoss, trainAccuracy, testAccuracy, dead, total, millisecondsPerEpoch, epochLoss, learned, map);
    }

    /// <summary>Cells per side of the probability map of a two-feature, two-class problem.</summary>
    public const int MapResolution = 120;

    /// <summary>The map covers [−limit, limit]² (the spirals reach radius 1 plus noise).</summary>
    public const double MapLimit = 1.25;

    /// <summary>P(class 1) on a grid over the input plane, row 0 at the top: the learned decision boundary.</summary>
    private static double[,] ProbabilityMap(Mlp network, int capacity, int resolution, double limit)
    {
        var map = new double[resolution, resolution];
        var points = new float[capacity * 2];
        double cell = 2 * limit / resolution;
        for (int start = 0; start < resolution * resolution; start += capacity)
        {
            int rows = Math.Min(capacity, resolution * resolution - start);
            for (int r = 0; r < rows; r++)
            {
                int row = (start + r) / resolution;
                int column = (start + r) % resolution;
                points[2 * r] = (float)(-limit + (column + 0.5) * cell);
                points[2 * r + 1] = (float)(limit - (row + 0.5) * cell);
            }

            Span<float> logits = network.Forward(points, rows);
            for (int r = 0; r < rows; r++)
            {
                map[(start + r) / resolution, (start + r) % resolution] = SoftmaxCrossEntropy.Probability(logits.Slice(2 * r, 2), 1);
            }
        }

        return map;
    }
}
