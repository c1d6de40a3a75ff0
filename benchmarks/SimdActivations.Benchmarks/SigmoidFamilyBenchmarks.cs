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
    private Buffer<T> _x;
    private Buffer<T> _dy;
    private Buffer<T> _y;

    [Params(1024, 16384, 16411, 1 << 24)]
    public int Length { get; set; }

    public string Type => typeof(T) == typeof(float) ? "float" : "double";

    [GlobalSetup]
    public void Setup()
    {
        WidthCheck.Assert();
        _x = Inputs.Uniform<T>(Length, 1);
        _dy = Inputs.Uniform<T>(Length, 2);
        _y = Inputs.Place<T>(Length, 0);
    }

    [Benchmark(Baseline = true)]
    public void TensorPrimitivesSigmoid() => TensorPrimitives.Sigmoid<T>(_x, _y);

    [Benchmark]
    public void ScalarLoopSigmoid()
    {
        ReadOnlySpan<T> x = _x;
        Span<T> y = _y;
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

/// <summary>
/// Benchmark buffers at controlled addresses: 64-byte aligned, at slot·256 bytes modulo 4 KiB, with the destination
/// in slot 0 and the inputs in slots 1, 2, 3. The CPU's store-forwarding check compares only the low 12 address
/// bits ("4K aliasing"): a load whose page offset sits just behind a still-pending store's stalls until the store
/// commits. Arrays allocated back to back can land exactly there (that alone made TensorPrimitives.Sigmoid ten
/// times slower at 16 Ki elements here, and some of our kernels two to four times); inputs a little ahead of the
/// destination in page offset never meet a pending store.
/// </summary>
internal static class Inputs
{
    public static Buffer<T> Uniform<T>(int length, int slot, double low = -10, double high = 10) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Buffer<T> buffer = Place<T>(length, slot);
        var random = new Random(slot + 1);
        Span<T> values = buffer;
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating(low + (high - low) * random.NextDouble());
        }

        return buffer;
    }

    public static unsafe Buffer<T> Place<T>(int length, int slot) where T : unmanaged
    {
        int pad = 4096 / sizeof(T);
        T[] array = GC.AllocateArray<T>(length + 2 * pad, pinned: true);
        nuint address = (nuint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref array[0]);
        nuint target = (nuint)(slot % 16 * 256);
        int offset = (int)((target - address % 4096 + 4096) % 4096) / sizeof(T);
        return new Buffer<T>(array, offset, length);
    }
}

/// <summary>A pinned array segment that converts to spans (see <see cref="Inputs"/>).</summary>
internal readonly struct Buffer<T>(T[] array, int offset, int length)
{
    public int Length => length;

    public Span<T> AsSpan() => array.AsSpan(offset, length);

    public static implicit operator Span<T>(Buffer<T> buffer) => buffer.AsSpan();

    public static implicit operator ReadOnlySpan<T>(Buffer<T> buffer) => buffer.AsSpan();
}
