using System.Numerics;
using System.Runtime.CompilerServices;

namespace SimdActivations.Kernels;

/// <summary>
/// The one loop behind every elementwise function (forward, derivative, fused backward), in the style of
/// TensorPrimitives' <c>InvokeSpanIntoSpan</c>: the widest accelerated width that fits the input (512, 256, 128
/// bits, else scalar), the first and the last vector computed before the main loop and stored after it (so an
/// exactly aliased destination stays correct and the tail is one overlapping vector), the destination aligned to
/// the vector size for long inputs, and the main loop unrolled four times.
/// </summary>
internal static class ElementwiseLoop
{
    /// <summary>Inputs at least this many vectors long get their destination aligned first.</summary>
    private const int AlignThresholdVectors = 8;

    /// <summary>Computes <c>destination[i] = kernel(i)</c> for i in [0, length), for <c>float</c> or <c>double</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TKernel>(TKernel kernel, ref T destination, nuint length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TKernel : IElementwiseKernel<T>, allows ref struct
    {
        if (FloatVector512<T>.IsHardwareAccelerated && length >= (nuint)FloatVector512<T>.Count)
        {
            RunVectorized<T, FloatVector512<T>, TKernel>(kernel, ref destination, length);
        }
        else if (FloatVector256<T>.IsHardwareAccelerated && length >= (nuint)FloatVector256<T>.Count)
        {
            RunVectorized<T, FloatVector256<T>, TKernel>(kernel, ref destination, length);
        }
        else if (FloatVector128<T>.IsHardwareAccelerated && length >= (nuint)FloatVector128<T>.Count)
        {
            RunVectorized<T, FloatVector128<T>, TKernel>(kernel, ref destination, length);
        }
        else
        {
            RunScalar<T, TKernel>(kernel, ref destination, length);
        }
    }

    /// <summary>The scalar path: the same operator code on one element at a time.</summary>
    public static void RunScalar<T, TKernel>(TKernel kernel, ref T destination, nuint length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TKernel : IElementwiseKernel<T>, allows ref struct
    {
        for (nuint i = 0; i < length; i++)
        {
            FloatScalar<T>.Store(kernel.Compute<FloatScalar<T>>(i), ref destination, i);
        }
    }

    private static void RunVectorized<T, TV, TKernel>(TKernel kernel, ref T destination, nuint length)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TKernel : IElementwiseKernel<T>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        TV first = ComputeOutOfLine<T, TV, TKernel>(kernel, 0);
        TV last = ComputeOutOfLine<T, TV, TKernel>(kernel, length - count);

        nuint i = 0;
        if (length >= count * AlignThresholdVectors)
        {
            // Start the main loop at the first vector-aligned destination element; [0, i) is covered by `first`.
            // The address is read without pinning: if the GC moves the buffer the stores are merely unaligned.
            nuint vectorBytes = count * (nuint)Unsafe.SizeOf<T>();
            nuint address = (nuint)Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref destination);
            if (address % (nuint)Unsafe.SizeOf<T>() == 0)
            {
                nuint misalignment = address % vectorBytes;
                i = misalignment == 0 ? 0 : (vectorBytes - misalignment) / (nuint)Unsafe.SizeOf<T>();
            }
        }

        // A do-while over [i, length − count]: the inverted shape lets the JIT hoist the operator's constants.
        nuint lastFull = length - count;
        if (i <= lastFull)
        {
            do
            {
                TV.Store(kernel.Compute<TV>(i), ref destination, i);
                i += count;
            }
            while (i <= lastFull);
        }

        TV.Store(last, ref destination, length - count);
        TV.Store(first, ref destination, 0);
    }

    /// <summary>
    /// One vector outside the main loop. Kept out of line on purpose: the JIT has an inlining budget per method,
    /// and an operator such as sigmoid inlines ~300 small methods; spent on the edges, the budget would run out
    /// before the four copies in the unrolled main loop, which would then become calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV ComputeOutOfLine<T, TV, TKernel>(TKernel kernel, nuint index)
        where TV : struct, IVectorMemory<TV, T>
        where TKernel : IElementwiseKernel<T>, allows ref struct => kernel.Compute<TV>(index);
}
