namespace SimdActivations.AccuracySweep;

/// <summary>
/// The double sweep: random finite doubles (half uniform over bit patterns, half uniform in [−40, 40], where
/// activations live) through the double path, against <see cref="DoubleReferences"/> in double-double.
/// Non-finite inputs are covered exactly by the tables and the tests; the derivative's zero zones are excluded as in
/// the float sweep.
/// </summary>
internal static class DoubleSweep
{
    private const int Chunk = 1 << 16;

    public static (Measure Forward, Measure Derivative)? Run(IPointwiseActivation activation, long samples, int threads,
        IReadOnlyList<(double Low, double High)> zones)
    {
        Func<double, (DD F, DD DF)>? reference = DoubleReferences.For(activation);
        if (reference is null)
        {
            return null;
        }

        var forward = new Measure();
        var derivative = new Measure();
        object gate = new();
        int chunks = (int)((samples + Chunk - 1) / Chunk);
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => (Forward: new Measure(), Derivative: new Measure(), X: new double[Chunk], F: new double[Chunk], DF: new double[Chunk]),
            (chunk, _, local) =>
            {
                var random = new Random(chunk);
                for (int i = 0; i < Chunk; i++)
                {
                    double x;
                    do
                    {
                        x = (i & 1) == 0 ? BitConverter.Int64BitsToDouble(random.NextInt64()) : random.NextDouble() * 80 - 40;
                    }
                    while (!double.IsFinite(x));
                    local.X[i] = x;
                }

                activation.Forward<double>(local.X, local.F);
                activation.Derivative<double>(local.X, local.DF);
                for (int i = 0; i < Chunk; i++)
                {
                    (DD f, DD df) = reference(local.X[i]);
                    local.Forward.Add(Ulp.Double(local.F[i], f), (float)local.X[i]);
                    double x = local.X[i];
                    if (!zones.Any(z => x >= z.Low && x <= z.High))
                    {
                        local.Derivative.Add(Ulp.Double(local.DF[i], df), (float)x);
                    }
                }

                return local;
            },
            local =>
            {
                lock (gate)
                {
                    forward.Merge(local.Forward);
                    derivative.Merge(local.Derivative);
                }
            });

        return (forward, derivative);
    }
}
