namespace SimdActivations.Tests;

/// <summary>Shared immutable instances and shared inputs, many threads at once: every thread sees the single-thread result.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void Many_threads_sharing_instances_and_inputs_agree_with_one_thread()
    {
        IPointwiseActivation[] activations = PointwiseBehaviourTests.ActivationNames()
            .Select(name => (IPointwiseActivation)Activation.Parse(name)).ToArray();
        float[] x = PointwiseBehaviourTests.RandomValues<float>(4099, 1);
        float[] dy = PointwiseBehaviourTests.RandomValues<float>(4099, 2);
        float[][] expected = activations.Select(a =>
        {
            float[] y = new float[x.Length];
            a.Derivative<float>(x, x, dy, y);
            return y;
        }).ToArray();

        int mismatches = 0;
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 16 }, iteration =>
        {
            float[] y = new float[x.Length];
            for (int k = 0; k < activations.Length; k++)
            {
                int index = (k + iteration) % activations.Length;
                activations[index].Derivative<float>(x, x, dy, y);
                if (!y.AsSpan().SequenceEqual(expected[index]))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        });

        mismatches.Should().Be(0);
    }
}
