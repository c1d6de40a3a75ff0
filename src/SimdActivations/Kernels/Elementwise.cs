using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdActivations.Kernels;

/// <summary>
/// Entry points of the elementwise shapes x→y, (x, y)→z and (x, y, z)→w: argument validation, then the element
/// type: <c>float</c> and <c>double</c> run <see cref="ElementwiseLoop"/>; <see cref="Half"/> is widened to
/// <c>float</c> a chunk at a time with TensorPrimitives' vectorized conversions; any other
/// <see cref="IFloatingPointIeee754{TSelf}"/> runs the scalar operator code in <c>double</c>, element by element.
/// </summary>
internal static class Elementwise
{
    /// <summary>Elements of <see cref="Half"/> converted per chunk (three 1 KiB float buffers on the stack).</summary>
    private const int HalfChunk = 256;

    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, TOp op,
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
        where T : IFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator
    {
        ThrowHelper.ValidateDestination(x, destination, destinationName);
        nuint n = (nuint)x.Length;
        if (n == 0)
        {
            return;
        }

        if (typeof(T) == typeof(float))
        {
            ElementwiseLoop.Run(new UnaryKernel<float, TOp>(in As<T, float>(x), op), ref As<T, float>(destination), n);
        }
        else if (typeof(T) == typeof(double))
        {
            ElementwiseLoop.Run(new UnaryKernel<double, TOp>(in As<T, double>(x), op), ref As<T, double>(destination), n);
        }
        else if (typeof(T) == typeof(Half))
        {
            Span<float> xs = stackalloc float[HalfChunk];
            Span<float> ys = stackalloc float[HalfChunk];
            for (int start = 0; start < x.Length; start += HalfChunk)
            {
                int length = Math.Min(HalfChunk, x.Length - start);
                TensorPrimitives.ConvertToSingle(AsHalf(x).Slice(start, length), xs);
                ElementwiseLoop.Run(new UnaryKernel<float, TOp>(in xs[0], op), ref ys[0], (nuint)length);
                TensorPrimitives.ConvertToHalf(ys[..length], AsHalf(destination).Slice(start, length));
            }
        }
        else
        {
            for (int i = 0; i < x.Length; i++)
            {
                destination[i] = T.CreateTruncating(op.Invoke(InDouble(x[i])).Value);
            }
        }
    }

    public static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, TOp op,
        [CallerArgumentExpression(nameof(y))] string yName = "",
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
        where T : IFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator
    {
        ThrowHelper.ValidateSameLength(x, y, yName);
        ThrowHelper.ValidateDestination(x, destination, destinationName);
        ThrowHelper.ValidateDestination(y, destination, destinationName);
        nuint n = (nuint)x.Length;
        if (n == 0)
        {
            return;
        }

        if (typeof(T) == typeof(float))
        {
            ElementwiseLoop.Run(new BinaryKernel<float, TOp>(in As<T, float>(x), in As<T, float>(y), op), ref As<T, float>(destination), n);
        }
        else if (typeof(T) == typeof(double))
        {
            ElementwiseLoop.Run(new BinaryKernel<double, TOp>(in As<T, double>(x), in As<T, double>(y), op), ref As<T, double>(destination), n);
        }
        else if (typeof(T) == typeof(Half))
        {
            Span<float> xs = stackalloc float[HalfChunk];
            Span<float> ys = stackalloc float[HalfChunk];
            Span<float> zs = stackalloc float[HalfChunk];
            for (int start = 0; start < x.Length; start += HalfChunk)
            {
                int length = Math.Min(HalfChunk, x.Length - start);
                TensorPrimitives.ConvertToSingle(AsHalf(x).Slice(start, length), xs);
                TensorPrimitives.ConvertToSingle(AsHalf(y).Slice(start, length), ys);
                ElementwiseLoop.Run(new BinaryKernel<float, TOp>(in xs[0], in ys[0], op), ref zs[0], (nuint)length);
                TensorPrimitives.ConvertToHalf(zs[..length], AsHalf(destination).Slice(start, length));
            }
        }
        else
        {
            for (int i = 0; i < x.Length; i++)
            {
                destination[i] = T.CreateTruncating(op.Invoke(InDouble(x[i]), InDouble(y[i])).Value);
            }
        }
    }

    public static void Ternary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination, TOp op,
        [CallerArgumentExpression(nameof(y))] string yName = "",
        [CallerArgumentExpression(nameof(z))] string zName = "",
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
        where T : IFloatingPointIeee754<T>
        where TOp : struct, ITernaryOperator
    {
        ThrowHelper.ValidateSameLength(x, y, yName);
        ThrowHelper.ValidateSameLength(x, z, zName);
        ThrowHelper.ValidateDestination(x, destination, destinationName);
        ThrowHelper.ValidateDestination(y, destination, destinationName);
        ThrowHelper.ValidateDestination(z, destination, destinationName);
        nuint n = (nuint)x.Length;
        if (n == 0)
        {
            return;
        }

        if (typeof(T) == typeof(float))
        {
            ElementwiseLoop.Run(new TernaryKernel<float, TOp>(in As<T, float>(x), in As<T, float>(y), in As<T, float>(z), op), ref As<T, float>(destination), n);
        }
        else if (typeof(T) == typeof(double))
        {
            ElementwiseLoop.Run(new TernaryKernel<double, TOp>(in As<T, double>(x), in As<T, double>(y), in As<T, double>(z), op), ref As<T, double>(destination), n);
        }
        else if (typeof(T) == typeof(Half))
        {
            Span<float> xs = stackalloc float[HalfChunk];
            Span<float> ys = stackalloc float[HalfChunk];
            Span<float> zs = stackalloc float[HalfChunk];
            for (int start = 0; start < x.Length; start += HalfChunk)
            {
                int length = Math.Min(HalfChunk, x.Length - start);
                TensorPrimitives.ConvertToSingle(AsHalf(x).Slice(start, length), xs);
                TensorPrimitives.ConvertToSingle(AsHalf(y).Slice(start, length), ys);
                TensorPrimitives.ConvertToSingle(AsHalf(z).Slice(start, length), zs);
                // The result overwrites x's chunk buffer: every element is read before it is written.
                ElementwiseLoop.Run(new TernaryKernel<float, TOp>(in xs[0], in ys[0], in zs[0], op), ref xs[0], (nuint)length);
                TensorPrimitives.ConvertToHalf(xs[..length], AsHalf(destination).Slice(start, length));
            }
        }
        else
        {
            for (int i = 0; i < x.Length; i++)
            {
                destination[i] = T.CreateTruncating(op.Invoke(InDouble(x[i]), InDouble(y[i]), InDouble(z[i])).Value);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ref TTo As<TFrom, TTo>(ReadOnlySpan<TFrom> span) =>
        ref Unsafe.As<TFrom, TTo>(ref MemoryMarshal.GetReference(span));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ref TTo As<TFrom, TTo>(Span<TFrom> span) =>
        ref Unsafe.As<TFrom, TTo>(ref MemoryMarshal.GetReference(span));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ReadOnlySpan<Half> AsHalf<T>(ReadOnlySpan<T> span) => MemoryMarshal.CreateReadOnlySpan(ref As<T, Half>(span), span.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Span<Half> AsHalf<T>(Span<T> span) => MemoryMarshal.CreateSpan(ref As<T, Half>(span), span.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static FloatScalar<double> InDouble<T>(T value) where T : IFloatingPointIeee754<T> => new(double.CreateTruncating(value));
}
