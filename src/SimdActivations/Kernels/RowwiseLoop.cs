using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdActivations.Kernels;

/// <summary>
/// Computes one row (or group) of a row-wise function at one vector width: reductions over the row, then maps,
/// built from the passes of <see cref="RowwiseLoop"/>. A ref struct holding references to the whole input and
/// output, passed by value as a type argument (no dispatch at run time), like <see cref="IElementwiseKernel{T}"/>.
/// </summary>
internal interface IRowKernel<T>
{
    void Invoke<TV>(nuint row) where TV : struct, IVectorMemory<TV, T>;
}

/// <summary>The values a pass reads at one element index of the current row (loads, with per-row constants applied).</summary>
internal interface IRowTerm<TV> where TV : struct, IFloatVector<TV>
{
    TV At(nuint index);
}

/// <summary>A term with two results per index (a map that writes two outputs).</summary>
internal interface IRowPairTerm<TV> where TV : struct, IFloatVector<TV>
{
    TV At(nuint index, out TV second);
}

/// <summary>
/// The row-wise loop: rows of equal length, each computed by a reduce-then-map kernel at the widest accelerated
/// width whose vector fits in a row (chosen once for all rows), and the passes those kernels are made of. A pass
/// walks a row of n ≥ Count elements in whole vectors and ends with one vector overlapping the previous one, as
/// <see cref="ElementwiseLoop"/> does: a maximum absorbs the overlap, a sum masks the lanes already counted, and a
/// map computes the overlapping vector before the main loop so that exact in-place rows stay correct.
/// </summary>
internal static class RowwiseLoop
{
    /// <summary>Computes <paramref name="rows"/> rows; the width is the widest with Count ≤ <paramref name="widthLength"/>.</summary>
    public static void Run<T, TKernel>(TKernel kernel, nuint rows, nuint widthLength)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TKernel : IRowKernel<T>, allows ref struct
    {
        if (FloatVector512<T>.IsHardwareAccelerated && widthLength >= (nuint)FloatVector512<T>.Count)
        {
            RunRows<T, FloatVector512<T>, TKernel>(kernel, rows);
        }
        else if (FloatVector256<T>.IsHardwareAccelerated && widthLength >= (nuint)FloatVector256<T>.Count)
        {
            RunRows<T, FloatVector256<T>, TKernel>(kernel, rows);
        }
        else if (FloatVector128<T>.IsHardwareAccelerated && widthLength >= (nuint)FloatVector128<T>.Count)
        {
            RunRows<T, FloatVector128<T>, TKernel>(kernel, rows);
        }
        else
        {
            RunRows<T, FloatScalar<T>, TKernel>(kernel, rows);
        }
    }

    private static void RunRows<T, TV, TKernel>(TKernel kernel, nuint rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TV : struct, IVectorMemory<TV, T>
        where TKernel : IRowKernel<T>, allows ref struct
    {
        for (nuint row = 0; row < rows; row++)
        {
            kernel.Invoke<TV>(row);
        }
    }

    /// <summary>
    /// The maximum of the term over [0, n), in every lane, with one-instruction maxima (a NaN may be dropped: the
    /// callers see it again in a later sum). Four accumulators hide the latency on long rows.
    /// </summary>
    public static TV Max<TV, TTerm>(TTerm term, nuint n)
        where TV : struct, IFloatVector<TV>
        where TTerm : IRowTerm<TV>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        TV a = term.At(n - count);
        TV b = a, c = a, d = a;
        nuint i = 0;
        for (; i + 4 * count <= n; i += 4 * count)
        {
            a = TV.ClampBelow(term.At(i), a);
            b = TV.ClampBelow(term.At(i + count), b);
            c = TV.ClampBelow(term.At(i + 2 * count), c);
            d = TV.ClampBelow(term.At(i + 3 * count), d);
        }

        for (; i + count <= n; i += count)
        {
            a = TV.ClampBelow(term.At(i), a);
        }

        return TV.MaxAcross(TV.Max(TV.Max(a, b), TV.Max(c, d)));
    }

    /// <summary>The IEEE 754 maximum of the term over [0, n) (NaN if any element is NaN), in every lane.</summary>
    public static TV MaxPropagatingNaN<TV, TTerm>(TTerm term, nuint n)
        where TV : struct, IFloatVector<TV>
        where TTerm : IRowTerm<TV>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        TV a = term.At(n - count);
        TV b = a;
        nuint i = 0;
        for (; i + 2 * count <= n; i += 2 * count)
        {
            a = TV.Max(a, term.At(i));
            b = TV.Max(b, term.At(i + count));
        }

        for (; i + count <= n; i += count)
        {
            a = TV.Max(a, term.At(i));
        }

        return TV.MaxAcross(TV.Max(a, b));
    }

    /// <summary>The compensated sum of the term over [0, n) as a pair, in every lane (see <see cref="VectorMath.Accumulate{TV}"/>).</summary>
    public static TV Sum<T, TV, TTerm>(TTerm term, nuint n, out TV low)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowTerm<TV>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        TV high = TV.Create(0.0), lowA = high, highB = high, lowB = high;
        nuint i = 0;
        for (; i + 2 * count <= n; i += 2 * count)
        {
            VectorMath.Accumulate(ref high, ref lowA, term.At(i));
            VectorMath.Accumulate(ref highB, ref lowB, term.At(i + count));
        }

        if (i + count <= n)
        {
            VectorMath.Accumulate(ref high, ref lowA, term.At(i));
            i += count;
        }

        if (i < n)
        {
            VectorMath.Accumulate(ref high, ref lowA, term.At(n - count) & TailMask<T, TV>(count - (n - i)));
        }

        VectorMath.Accumulate(ref high, ref lowA, highB);
        return TV.SumAcross(high, lowA + lowB, out low);
    }

    /// <summary>
    /// The compensated sum of a pair term's first result and the plain sum of its second (a count: exact while the
    /// total stays below 2^24 in float lanes), both in every lane.
    /// </summary>
    public static TV SumPair<T, TV, TTerm>(TTerm term, nuint n, out TV low, out TV secondSum)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowPairTerm<TV>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        TV high = TV.Create(0.0), lowSum = high, other = high;
        nuint i = 0;
        for (; i + count <= n; i += count)
        {
            VectorMath.Accumulate(ref high, ref lowSum, term.At(i, out TV second));
            other += second;
        }

        if (i < n)
        {
            TV mask = TailMask<T, TV>(count - (n - i));
            VectorMath.Accumulate(ref high, ref lowSum, term.At(n - count, out TV second) & mask);
            other += second & mask;
        }

        secondSum = TV.SumAcross(other);
        return TV.SumAcross(high, lowSum, out low);
    }

    /// <summary>
    /// The compensated sum of the term over [0, n), storing each term into <paramref name="destination"/> as it
    /// goes (destination may be exactly the memory the term reads).
    /// </summary>
    public static TV SumStoring<T, TV, TTerm>(TTerm term, ref T destination, nuint n, out TV low)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowTerm<TV>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        nuint whole = n - n % count;
        TV last = whole < n ? AtOutOfLine<TV, TTerm>(term, n - count) : default;
        TV high = TV.Create(0.0), lowA = high;
        for (nuint i = 0; i < whole; i += count)
        {
            TV value = term.At(i);
            VectorMath.Accumulate(ref high, ref lowA, value);
            TV.Store(value, ref destination, i);
        }

        if (whole < n)
        {
            VectorMath.Accumulate(ref high, ref lowA, last & TailMask<T, TV>(count - (n - whole)));
            TV.Store(last, ref destination, n - count);
        }

        return TV.SumAcross(high, lowA, out low);
    }

    /// <summary>The plain sum of the term over [0, n) (lane-parallel, two accumulators), in every lane.</summary>
    public static TV SumPlain<T, TV, TTerm>(TTerm term, nuint n)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowTerm<TV>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        TV a = TV.Create(0.0), b = a;
        nuint i = 0;
        for (; i + 2 * count <= n; i += 2 * count)
        {
            a += term.At(i);
            b += term.At(i + count);
        }

        if (i + count <= n)
        {
            a += term.At(i);
            i += count;
        }

        if (i < n)
        {
            b += term.At(n - count) & TailMask<T, TV>(count - (n - i));
        }

        return TV.SumAcross(a + b);
    }

    /// <summary>destination[i] = term(i) over [0, n); destination may be exactly the memory the term reads.</summary>
    public static void Map<T, TV, TTerm>(TTerm term, ref T destination, nuint n)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowTerm<TV>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        nuint whole = n - n % count;
        TV last = whole < n ? AtOutOfLine<TV, TTerm>(term, n - count) : default;
        for (nuint i = 0; i < whole; i += count)
        {
            TV.Store(term.At(i), ref destination, i);
        }

        if (whole < n)
        {
            TV.Store(last, ref destination, n - count);
        }
    }

    /// <summary>first[i], second[i] = term(i) over [0, n); either may be exactly the memory the term reads there.</summary>
    public static void MapPair<T, TV, TTerm>(TTerm term, ref T first, ref T second, nuint n)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowPairTerm<TV>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        nuint whole = n - n % count;
        TV lastSecond = default;
        TV lastFirst = whole < n ? PairAtOutOfLine<TV, TTerm>(term, n - count, out lastSecond) : default;
        for (nuint i = 0; i < whole; i += count)
        {
            TV value = term.At(i, out TV other);
            TV.Store(value, ref first, i);
            TV.Store(other, ref second, i);
        }

        if (whole < n)
        {
            TV.Store(lastFirst, ref first, n - count);
            TV.Store(lastSecond, ref second, n - count);
        }
    }

    /// <summary>One vector outside the main loop, out of line to spare the caller's inlining budget (see
    /// <see cref="ElementwiseLoop"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV AtOutOfLine<TV, TTerm>(TTerm term, nuint index)
        where TV : struct, IFloatVector<TV>
        where TTerm : IRowTerm<TV>, allows ref struct => term.At(index);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TV PairAtOutOfLine<TV, TTerm>(TTerm term, nuint index, out TV second)
        where TV : struct, IFloatVector<TV>
        where TTerm : IRowPairTerm<TV>, allows ref struct => term.At(index, out second);

    /// <summary>64 zero bytes then 64 all-ones bytes: a vector loaded from here has its first lanes cleared.</summary>
    private static ReadOnlySpan<byte> TailMaskBytes =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    ];

    /// <summary>A mask with lanes [0, <paramref name="cleared"/>) false and the rest true (0 &lt; cleared &lt; Count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TailMask<T, TV>(nuint cleared)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        ref byte start = ref Unsafe.Add(ref MemoryMarshal.GetReference(TailMaskBytes), 64 - (int)cleared * Unsafe.SizeOf<T>());
        return TV.Load(in Unsafe.As<byte, T>(ref start), 0);
    }

    /// <summary>The loads of a pass: x[i], optionally transformed (negated for softmin) by an operator.</summary>
    internal readonly ref struct LoadTerm<T, TV, TTransform>(ref readonly T x) : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTransform : struct, IUnaryOperator
    {
        private readonly ref readonly T _x = ref x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index) => default(TTransform).Invoke(TV.Load(in _x, index));
    }
}

/// <summary>The same value at every index (a map that fills a row).</summary>
internal readonly ref struct ConstantTerm<TV>(TV value) : IRowTerm<TV> where TV : struct, IFloatVector<TV>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV At(nuint index) => value;
}

/// <summary>x unchanged (the transform of a pass that reads its input as it is).</summary>
internal readonly struct IdentityOperator : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => x;
}

/// <summary>−x.</summary>
internal readonly struct NegateOperator : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => -x;
}
