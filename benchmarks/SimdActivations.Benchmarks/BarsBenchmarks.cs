using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace SimdActivations.Benchmarks;

/// <summary>
/// The issues' speed bars side by side with their baselines, float, one thread: run on the AVX-512 job
/// (`--filter *Bars* --width 512`). Inputs uniform in [−10, 10]; 16 Ki elements stay in L2, 16 Mi go to memory.
/// </summary>
public class BarsBenchmarks
{
    private Buffer<float> _x;
    private Buffer<float> _dy;
    private Buffer<float> _y;
    private Buffer<float> _scratch;

    [Params(16384, 1 << 24)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        WidthCheck.Assert();
        _x = Inputs.Uniform<float>(Length, 1);
        _dy = Inputs.Uniform<float>(Length, 2);
        _y = Inputs.Place<float>(Length, 15);       // −256 bytes: behind every input, and behind the scratch too
        _scratch = Inputs.Place<float>(Length, 0);
    }

    [Benchmark]
    public void Copy() => _x.AsSpan().CopyTo(_y);

    [Benchmark]
    public void TensorPrimitivesMaxZero() => TensorPrimitives.Max<float>(_x, 0f, _y);

    [Benchmark]
    public void Relu() => Activations.Relu<float>(_x, _y);

    [Benchmark]
    public void ReluBackward() => Activations.ReluBackward<float>(_x, _dy, _y);

    [Benchmark]
    public void TensorPrimitivesClamp() => TensorPrimitives.Clamp<float>(_x, -1f, 1f, _y);

    [Benchmark]
    public void HardTanh() => Activations.HardTanh<float>(_x, _y);

    [Benchmark]
    public void TensorPrimitivesTanh() => TensorPrimitives.Tanh<float>(_x, _y);

    [Benchmark]
    public void Tanh() => Activations.Tanh<float>(_x, _y);

    [Benchmark]
    public void TanhBackward() => Activations.TanhBackward<float>(_x, _dy, _y);

    [Benchmark]
    public void TensorPrimitivesSigmoid() => TensorPrimitives.Sigmoid<float>(_x, _y);

    [Benchmark]
    public void Sigmoid() => Activations.Sigmoid<float>(_x, _y);

    [Benchmark]
    public void Silu() => Activations.Silu<float>(_x, _y);

    /// <summary>GELU-tanh as a user would compose it from TensorPrimitives (7 calls): 0.5·(x·tanh(√(2/π)(x + 0.044715x³)) + x).</summary>
    [Benchmark]
    public void TensorPrimitivesGeluTanhComposed() => GeluTanhComposed(_x, _scratch, _y);

    /// <summary>The composition above, with <paramref name="t"/> as scratch space (shared with <c>--ratios</c>).</summary>
    internal static void GeluTanhComposed(ReadOnlySpan<float> x, Span<float> t, Span<float> y)
    {
        TensorPrimitives.Multiply(x, x, t);
        TensorPrimitives.Multiply(t, x, t);
        TensorPrimitives.MultiplyAdd(t, 0.044715f, x, t);
        TensorPrimitives.Multiply(t, 0.7978845608f, t);
        TensorPrimitives.Tanh(t, t);
        TensorPrimitives.MultiplyAdd(t, x, x, y);
        TensorPrimitives.Multiply(y, 0.5f, y);
    }

    [Benchmark]
    public void GeluTanh() => Activations.Gelu<float>(_x, _y, GeluApproximation.Tanh);

    [Benchmark]
    public void Gelu() => Activations.Gelu<float>(_x, _y);

    [Benchmark]
    public void GeluBackward() => Activations.GeluBackward<float>(_x, _dy, _y);

    [Benchmark]
    public void Elu() => Activations.Elu<float>(_x, _y);

    [Benchmark]
    public void EluBackward() => Activations.EluBackward<float>(_x, _dy, _y);

    [Benchmark]
    public void Celu() => Activations.Celu<float>(_x, _y);

    [Benchmark]
    public void Selu() => Activations.Selu<float>(_x, _y);

    [Benchmark]
    public void Mish() => Activations.Mish<float>(_x, _y);

    [Benchmark]
    public void MishBackward() => Activations.MishBackward<float>(_x, _dy, _y);

    [Benchmark]
    public void SoftSign() => Activations.SoftSign<float>(_x, _y);

    [Benchmark]
    public void SoftShrink() => Activations.SoftShrink<float>(_x, _y);

    [Benchmark]
    public void HardShrink() => Activations.HardShrink<float>(_x, _y);
}

/// <summary>
/// Softmax bars, float, AVX-512 job: one 16 Ki row against TensorPrimitives.SoftMax (which does not subtract the
/// max), log-softmax against our softmax, backward against forward, and the classifier case (65 536 rows of 10)
/// against a plain scalar loop.
/// </summary>
public class SoftmaxBarsBenchmarks
{
    private Buffer<float> _row;
    private Buffer<float> _rowOut;
    private Buffer<float> _rowDy;
    private Buffer<float> _rowDx;
    private Buffer<float> _batch;
    private Buffer<float> _batchOut;

    [GlobalSetup]
    public void Setup()
    {
        WidthCheck.Assert();
        _row = Inputs.Uniform<float>(16384, 1);
        _rowOut = Inputs.Place<float>(16384, 2);
        _rowDy = Inputs.Uniform<float>(16384, 3);
        _rowDx = Inputs.Place<float>(16384, 0);
        _batch = Inputs.Uniform<float>(65536 * 10, 1);
        _batchOut = Inputs.Place<float>(65536 * 10, 0);
        Activations.Softmax<float>(_row, _rowOut);
    }

    [Benchmark]
    public void TensorPrimitivesSoftMax16Ki() => TensorPrimitives.SoftMax<float>(_row, _rowDx);

    [Benchmark]
    public void Softmax16Ki() => Activations.Softmax<float>(_row, _rowDx);

    [Benchmark]
    public void LogSoftmax16Ki() => Activations.LogSoftmax<float>(_row, _rowDx);

    [Benchmark]
    public void SoftmaxBackward16Ki() => Activations.SoftmaxBackward<float>(_rowOut, _rowDy, _rowDx);

    [Benchmark]
    public void Classifier65536x10() => Activations.Softmax<float>(_batch, _batchOut, 10);

    [Benchmark]
    public void ClassifierScalarLoop65536x10() => ScalarSoftmaxRows(_batch, _batchOut, 10);

    /// <summary>The plain scalar loop a user would write: max, exp and sum, divide, per row (shared with <c>--ratios</c>).</summary>
    internal static void ScalarSoftmaxRows(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        for (int r = 0; r < x.Length; r += rowLength)
        {
            float max = float.NegativeInfinity;
            for (int i = r; i < r + rowLength; i++)
            {
                max = MathF.Max(max, x[i]);
            }

            float sum = 0;
            for (int i = r; i < r + rowLength; i++)
            {
                y[i] = MathF.Exp(x[i] - max);
                sum += y[i];
            }

            for (int i = r; i < r + rowLength; i++)
            {
                y[i] /= sum;
            }
        }
    }
}
