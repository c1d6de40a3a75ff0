using System.Globalization;

namespace ActivationArena;

/// <summary>A classification problem: row-major feature matrices and class labels, split into train and test.</summary>
internal sealed record Dataset(
    string Name, string Description, int Features, int Classes,
    float[] TrainX, int[] TrainY, float[] TestX, int[] TestY)
{
    public int TrainRows => TrainY.Length;

    public int TestRows => TestY.Length;
}

internal static class Datasets
{
    /// <summary>
    /// The two-spirals problem (Lang and Witbrock, 1988): two interleaved spirals of <paramref name="turns"/> turns,
    /// one per class, with Gaussian noise. The test set is drawn afresh from the same distribution, so test accuracy
    /// measures the decision boundary, not memorised points.
    /// </summary>
    public static Dataset TwoSpirals(int pointsPerClass, double turns, double noise, int seed)
    {
        var (trainX, trainY) = SamplePoints(new Random(seed), pointsPerClass, turns, noise);
        var (testX, testY) = SamplePoints(new Random(seed + 7919), pointsPerClass, turns, noise);
        return new Dataset("two-spirals",
            $"{2 * pointsPerClass} train / {2 * pointsPerClass} test points, {turns} turns, noise σ = {noise}",
            2, 2, trainX, trainY, testX, testY);

        static (float[] X, int[] Y) SamplePoints(Random random, int perClass, double turns, double noise)
        {
            var x = new float[2 * perClass * 2];
            var y = new int[2 * perClass];
            for (int i = 0; i < 2 * perClass; i++)
            {
                int label = i % 2;
                // Uniform in arc length rather than in angle keeps the outer turns as densely sampled as the inner ones.
                double t = Math.Sqrt(random.NextDouble());
                double radius = 0.05 + 0.95 * t;
                double angle = 2 * Math.PI * turns * t + label * Math.PI;
                x[2 * i] = (float)(radius * Math.Cos(angle) + noise * Gaussian(random));
                x[2 * i + 1] = (float)(radius * Math.Sin(angle) + noise * Gaussian(random));
                y[i] = label;
            }

            return (x, y);
        }
    }

    /// <summary>
    /// Fisher's Iris measurements (Data/iris.csv, CC BY 4.0, see Data/README.md): a stratified split with
    /// <paramref name="testPerClass"/> flowers of each species held out, features standardised with the training
    /// set's mean and standard deviation.
    /// </summary>
    public static Dataset Iris(string path, int testPerClass, int seed)
    {
        var rows = new List<(float[] Features, string Species)>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string[] cells = line.Split(',');
            rows.Add((cells[..4].Select(c => float.Parse(c, CultureInfo.InvariantCulture)).ToArray(), cells[4]));
        }

        string[] species = rows.Select(r => r.Species).Distinct().Order(StringComparer.Ordinal).ToArray();
        var random = new Random(seed);
        var train = new List<(float[] Features, int Label)>();
        var test = new List<(float[] Features, int Label)>();
        for (int label = 0; label < species.Length; label++)
        {
            var members = rows.Where(r => r.Species == species[label]).Select(r => r.Features).ToArray();
            random.Shuffle(members);
            test.AddRange(members.Take(testPerClass).Select(f => (f, label)));
            train.AddRange(members.Skip(testPerClass).Select(f => (f, label)));
        }

        const int features = 4;
        var mean = new double[features];
        var deviation = new double[features];
        for (int j = 0; j < features; j++)
        {
            mean[j] = train.Average(r => r.Features[j]);
            deviation[j] = Math.Sqrt(train.Average(r => (r.Features[j] - mean[j]) * (r.Features[j] - mean[j])));
        }

        float[] Standardise(List<(float[] Features, int Label)> set) =>
            set.SelectMany(r => r.Features.Select((v, j) => (float)((v - mean[j]) / deviation[j]))).ToArray();

        return new Dataset("iris",
            $"{train.Count} train / {test.Count} test flowers (stratified), 4 standardised measurements, {species.Length} species",
            features, species.Length, Standardise(train), train.Select(r => r.Label).ToArray(), Standardise(test), test.Select(r => r.Label).ToArray());
    }

    /// <summary>A standard normal deviate by the Box–Muller transform.</summary>
    public static double Gaussian(Random random)
    {
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}
