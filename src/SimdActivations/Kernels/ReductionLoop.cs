using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace SimdActivations.Kernels;

/// <summary>
/// Σᵢ kernel(i): the parameter gradients of learnable activations (Σ dy·∂y/∂θ). Accumulates whole vectors at
/// the widest accelerated width (each lane is a partial sum, as in TensorPrimitives.Sum), then the remainder
/// element by element with the same operator code.
/// </summary>
internal static class ReductionLoop
{
    private const int HalfChunk = 256;

    /// <summary>Σᵢ op(x[i], y[i]) for any IEEE 754 element type; <see cref="Half"/> is summed in float.</summary>
    public static T Sum<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, TOp op,
        [CallerArgumentExpression(nameof(y))] string yName = "")
        where T : IFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator
    {
        ThrowHelper.ValidateSameLength(x, y, yName);
        nuint n = (nuint)x.Length;
        if (typeof(T) == typeof(float))
        {
            return T.CreateTruncating(Sum<float, BinaryKernel<float, TOp>>(new(in Elementwise.As<T, float>(x), in Elementwise.As<T, float>(y), op), n));
        }

        if (typeof(T) == typeof(double))
        {
            return T.CreateTruncating(Sum<double, BinaryKernel<double, TOp>>(new(in Elementwise.As<T, double>(x), in Elementwise.As<T, double>(y), op), n));
        }

        double total = 0;
        if (typeof(T) == typeof(Half))
        {
            Span<float> xs = stackalloc float[HalfChunk];
            Span<float> ys = stackalloc float[HalfChunk];
            for (int start = 0; start < x.Length; start += HalfChunk)
            {
                int length = Math.Min(HalfChunk, x.Length - start);
                TensorPrimitives.ConvertToSingle(Elementwise.AsHalf(x).Slice(start, length), xs);
                TensorPrimitives.ConvertToSingle(Elementwise.AsHalf(y).Slice(start, length), ys);
                total += Sum<float, BinaryKernel<float, TOp>>(new(in xs[0], in ys[0], op), (nuint)length);
            }
        }
        else
        {
            for (int i = 0; i < x.Length; i++)
            {
                total += op.Invoke(Elementwise.InDouble(x[i]), Elementwise.InDouble(y[i])).Value;
            }
        }

        return T.CreateTruncating(total);
    }

    private static double Sum<T, TKernel>(TKernel kernel, nuint length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TKernel : IElementwiseKernel<T>, allows ref struct
    {
        if (FloatVector512<T>.IsHardwareAccelerated && length >= (nuint)FloatVector512<T>.Count)
        {
            return SumVectorized<T, FloatVector512<T>, TKernel>(kernel, length);
        }

        if (FloatVector256<T>.IsHardwareAccelerated && length >= (nuint)FloatVector256<T>.Count)
        {
            return SumVectorized<T, FloatVector256<T>, TKernel>(kernel, length);
        }

        if (FloatVector128<T>.IsHardwareAccelerated && length >= (nuint)FloatVector128<T>.Count)
        {
            return SumVectorized<T, FloatVector128<T>, TKernel>(kernel, length);
        }

        return SumVectorized<T, FloatScalar<T>, TKernel>(kernel, length);
    }

    private static double SumVectorized<T, TV, TKernel>(TKernel kernel, nuint length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TV : struct, IVectorMemory<TV, T>
        where TKernel : IElementwiseKernel<T>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        TV accumulator = TV.Create(0.0);
        nuint i = 0;
        for (; i + count <= length; i += count)
        {
            accumulator += kernel.Compute<TV>(i);
        }

        double total = TV.SumLanes(accumulator);
        for (; i < length; i++)
        {
            total += FloatScalar<T>.SumLanes(kernel.Compute<FloatScalar<T>>(i));
        }

        return total;
    }
}
