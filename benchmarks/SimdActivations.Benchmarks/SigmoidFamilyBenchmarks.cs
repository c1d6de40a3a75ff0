using System.Numerics;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace SimdActivations.Benchmarks;

/// <summary>
/// The sigmoid family against its baselines: TensorPrimitives.Sigmoid (the ratio column), a plain scalar loop, and
/// a span copy (the memory limit). Inputs uniform in [−10, 10], the range where activations live.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class SigmoidFamilyBenchmarks<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _x = [];
    private T[] _dy = [];
    private T[] _y = [];

    [Params(1024, 16384, 16411, 1 << 20, 1 << 24)]
    public int Length { get; set; }

    public string Type => typeof(T) == typeof(float) ? "float" : "double";

    [GlobalSetup]
    public void Setup()
    {
        WidthCheck.Assert();
        _x = Inputs.Uniform<T>(Length, 1);
        _dy = Inputs.Uniform<T>(Length, 2);
        _y = new T[Length];
    }

    [Benchmark(Baseline = true)]
    public void TensorPrimitivesSigmoid() => TensorPrimitives.Sigmoid<T>(_x, _y);

    [Benchmark]
    public void ScalarLoopSigmoid()
    {
        T[] x = _x, y = _y;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = T.One / (T.One + T.Exp(-x[i]));
        }
    }

    [Benchmark]
    public void Copy() => _x.AsSpan().CopyTo(_y);

    [Benchmark]
    public void Sigmoid() => Activations.Sigmoid<T>(_x, _y);

    [Benchmark]
    public void SigmoidBackward() => Activations.SigmoidBackward<T>(_x, _dy, _y);

    [Benchmark]
    public void Silu() => Activations.Silu<T>(_x, _y);

    [Benchmark]
    public void SiluBackward() => Activations.SiluBackward<T>(_x, _dy, _y);

    [Benchmark]
    public void LogSigmoid() => Activations.LogSigmoid<T>(_x, _y);

    [Benchmark]
    public void HardSigmoid() => Activations.HardSigmoid<T>(_x, _y);

    [Benchmark]
    public void HardSwish() => Activations.HardSwish<T>(_x, _y);
}

internal static class Inputs
{
    public static T[] Uniform<T>(int length, int seed, double low = -10, double high = 10) where T : IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating(low + (high - low) * random.NextDouble());
        }

        return values;
    }
}
