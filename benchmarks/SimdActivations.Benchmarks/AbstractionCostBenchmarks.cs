using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;

namespace SimdActivations.Benchmarks;

/// <summary>
/// Does writing each operator once, generic over the vector width (IFloatVector), cost anything? Our sigmoid
/// against the same algorithm hand-written for Vector512 (same constants, same instructions intended), on the
/// 512-bit job. The hand-written loop exists only for AVX-512, so the other jobs report it as NA.
/// </summary>
public class AbstractionCostBenchmarks
{
    private Buffer<float> _x;
    private Buffer<float> _y;

    [Params(1024, 16384)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        WidthCheck.Assert();
        if (!Vector512.IsHardwareAccelerated || !Avx512F.IsSupported)
        {
            throw new NotSupportedException("The hand-written comparison loop is written for AVX-512 only.");
        }

        _x = Inputs.Uniform<float>(Length, 1);
        _y = Inputs.Place<float>(Length, 0);
    }

    [Benchmark(Baseline = true)]
    public void HandWrittenVector512() => HandWrittenSigmoid.Run(_x, _y);

    [Benchmark]
    public void GenericOperator() => Activations.Sigmoid<float>(_x, _y);

    [Benchmark]
    public void TensorPrimitivesSigmoid() => TensorPrimitives.Sigmoid<float>(_x, _y);
}

/// <summary>The library's float sigmoid algorithm, written directly against Vector512 and AVX-512 (benchmark only).</summary>
internal static class HandWrittenSigmoid
{
    public static void Run(ReadOnlySpan<float> x, Span<float> y)
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        for (; i + 16 <= n; i += 16)
        {
            Sigmoid(Vector512.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ys, i);
        }

        if (i < n)
        {
            Sigmoid(Vector512.LoadUnsafe(ref xs, n - 16)).StoreUnsafe(ref ys, n - 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Sigmoid(Vector512<float> x)
    {
        Vector512<float> one = Vector512<float>.One;
        Vector512<float> z = Vector512.MaxNative(Vector512.Create(-200f), x | Vector512.Create(-0.0f));
        Vector512<float> k = Vector512.Round(z * 1.44269504f);
        Vector512<float> r = Vector512.FusedMultiplyAdd(k, Vector512.Create(-0.693145751953125f), z);
        r = Vector512.FusedMultiplyAdd(k, Vector512.Create(-1.42860677e-6f), r);
        Vector512<float> p = Vector512.FusedMultiplyAdd(Vector512.Create(0.00138146128f), r, Vector512.Create(0.00836871006f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.041668389f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.166665211f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.49999994f));
        p = Vector512.FusedMultiplyAdd(p, r, one);
        Vector512<float> e = Avx512F.Scale(Vector512.FusedMultiplyAdd(p, r, one), k);
        Vector512<float> numerator = Avx512F.BlendVariable(one, e, Avx512F.CompareLessThan(x, Vector512<float>.Zero));
        return numerator / (one + e);
    }
}
