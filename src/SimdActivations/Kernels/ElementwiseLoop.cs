using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace SimdActivations.Kernels;

/// <summary>
/// The one loop behind every elementwise function (forward, derivative, fused backward), in the style of
/// TensorPrimitives' <c>InvokeSpanIntoSpan</c>: the widest accelerated width that fits the input (512, 256, 128
/// bits, else scalar), the first and the last vector computed before the main loop and stored after it (so an
/// exactly aliased destination stays correct and the tail is one overlapping vector), the destination aligned to
/// the vector size for long inputs. Heavy operators get one vector per iteration (their latency chains already
/// fill the pipeline, and four inlined copies would exhaust the JIT's inlining budget); lightweight operators
/// (<see cref="IUnaryOperator.IsLightweight"/>) get a main loop unrolled four times in a method of its own.
/// Every main loop is a NoInlining method: with dynamic PGO (on by default) the JIT otherwise inlined it into the
/// public caller at tier 1, ran out of inlining budget there and left the math in calls (sigmoid measured 0.9
/// elements/ns instead of 3.8 in one process).
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
            RunWidth<T, FloatVector512<T>, TKernel>(kernel, ref destination, length);
        }
        else if (FloatVector256<T>.IsHardwareAccelerated && length >= (nuint)FloatVector256<T>.Count)
        {
            RunWidth<T, FloatVector256<T>, TKernel>(kernel, ref destination, length);
        }
        else if (FloatVector128<T>.IsHardwareAccelerated && length >= (nuint)FloatVector128<T>.Count)
        {
            RunWidth<T, FloatVector128<T>, TKernel>(kernel, ref destination, length);
        }
        else
        {
            RunScalar<T, TKernel>(kernel, ref destination, length);
        }
    }

    /// <summary>
    /// Chooses the loop by the operator's weight. <c>TKernel.IsLightweight</c> is a constant of each instantiation,
    /// so only one call remains; the two loops are separate methods so that the branch the JIT removes never costs
    /// the other one inlining budget.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunWidth<T, TV, TKernel>(TKernel kernel, ref T destination, nuint length)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TKernel : IElementwiseKernel<T>, allows ref struct
    {
        if (TKernel.IsLightweight)
        {
            if (length >= (nuint)(StreamingThresholdBytes / Unsafe.SizeOf<T>()))
            {
                RunVectorizedStreaming<T, TV, TKernel>(kernel, ref destination, length);
            }
            else
            {
                RunVectorizedUnrolled<T, TV, TKernel, CachedStore>(kernel, ref destination, length);
            }
        }
        else
        {
            RunVectorized<T, TV, TKernel>(kernel, ref destination, length);
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunVectorized<T, TV, TKernel>(TKernel kernel, ref T destination, nuint length)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TKernel : IElementwiseKernel<T>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        TV first = ComputeOutOfLine<T, TV, TKernel>(kernel, 0);
        TV last = ComputeOutOfLine<T, TV, TKernel>(kernel, length - count);

        // A do-while over [i, length − count]: the inverted shape lets the JIT hoist the operator's constants.
        nuint i = AlignedStart<T, TV>(ref destination, length);
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
    /// The loop for lightweight operators: four vectors per iteration, so that loads, the few operations and the
    /// stores of independent vectors overlap and the loop overhead is paid once per four (TensorPrimitives unrolls
    /// its memory-bound operations eight times; four is enough to reach the load/store throughput here).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunVectorizedUnrolled<T, TV, TKernel, TStore>(TKernel kernel, ref T destination, nuint length)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TKernel : IElementwiseKernel<T>, allows ref struct
        where TStore : struct, IStore
    {
        nuint count = (nuint)TV.Count;
        TV first = ComputeOutOfLine<T, TV, TKernel>(kernel, 0);
        TV last = ComputeOutOfLine<T, TV, TKernel>(kernel, length - count);

        nuint i = AlignedStart<T, TV>(ref destination, length);
        for (; i + 4 * count <= length; i += 4 * count)
        {
            TStore.Store(kernel.Compute<TV>(i), ref destination, i);
            TStore.Store(kernel.Compute<TV>(i + count), ref destination, i + count);
            TStore.Store(kernel.Compute<TV>(i + 2 * count), ref destination, i + 2 * count);
            TStore.Store(kernel.Compute<TV>(i + 3 * count), ref destination, i + 3 * count);
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
    /// Outputs at least this large (bytes) are written by a lightweight operator with non-temporal stores, as
    /// TensorPrimitives does past 256 KiB: an output that does not fit in the caches would otherwise be read into
    /// them line by line before being overwritten, a third more memory traffic for a memory-bound loop. Set at a
    /// typical L3 size rather than TensorPrimitives' 256 KiB: measured on a 32 MiB-L3 machine, streaming stores made
    /// a 4 MiB ReLU 2× slower (its output would have stayed in L3) and a 64 MiB one 1.5× faster.
    /// </summary>
    private const int StreamingThresholdBytes = 16 << 20;

    /// <summary>The unrolled loop with streaming stores, the destination pinned so its alignment holds.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void RunVectorizedStreaming<T, TV, TKernel>(TKernel kernel, ref T destination, nuint length)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TKernel : IElementwiseKernel<T>, allows ref struct
    {
        fixed (T* pinned = &destination)
        {
            if ((nuint)pinned % (nuint)sizeof(T) != 0)
            {
                // Alignment to a vector is impossible; movntps would fault on the unaligned addresses.
                RunVectorizedUnrolled<T, TV, TKernel, CachedStore>(kernel, ref destination, length);
                return;
            }

            RunVectorizedUnrolled<T, TV, TKernel, StreamingStore>(kernel, ref destination, length);
        }

        // Non-temporal stores are weakly ordered: fence them so that a later release (e.g. handing the buffer to
        // another thread) orders them as it orders ordinary stores.
        if (Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }

    /// <summary>How the unrolled loop writes its aligned main-loop vectors.</summary>
    private interface IStore
    {
        static abstract void Store<T, TV>(TV value, ref T destination, nuint index) where TV : struct, IVectorMemory<TV, T>;
    }

    private readonly struct CachedStore : IStore
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store<T, TV>(TV value, ref T destination, nuint index) where TV : struct, IVectorMemory<TV, T> =>
            TV.Store(value, ref destination, index);
    }

    private readonly struct StreamingStore : IStore
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store<T, TV>(TV value, ref T destination, nuint index) where TV : struct, IVectorMemory<TV, T> =>
            TV.StoreNonTemporal(value, ref destination, index);
    }

    /// <summary>
    /// Where the main loop starts: 0, or for long inputs the first vector-aligned destination element ([0, i) is
    /// covered by the first vector, stored last). The address is read without pinning: if the GC moves the buffer
    /// the stores are merely unaligned.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint AlignedStart<T, TV>(ref T destination, nuint length)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        nuint count = (nuint)TV.Count;
        if (length < count * AlignThresholdVectors)
        {
            return 0;
        }

        nuint vectorBytes = count * (nuint)Unsafe.SizeOf<T>();
        nuint address = (nuint)Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref destination);
        if (address % (nuint)Unsafe.SizeOf<T>() != 0)
        {
            return 0;
        }

        nuint misalignment = address % vectorBytes;
        return misalignment == 0 ? 0 : (vectorBytes - misalignment) / (nuint)Unsafe.SizeOf<T>();
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
