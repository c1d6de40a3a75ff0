using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

/// <summary>
/// Computes Count rows at once with the rows in the lanes: element j of each row sits in the vector at
/// <c>j·Count</c> of a transposed block, so reductions over a row are vertical (one vector operation per element for
/// Count rows) and need no reduction across lanes. The first block receives the outputs in place.
/// </summary>
internal interface ILaneKernel<T>
{
    void Invoke<TV>(ref T first, ref T second, nuint length) where TV : struct, IVectorMemory<TV, T>;
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
/// map computes the overlapping vector before the main loop so that exact in-place rows stay correct. The passes
/// are NoInlining methods for the reason <see cref="ElementwiseLoop"/> gives (a 16 Ki-row softmax measured 0.43
/// elements/ns with dynamic PGO before, 2.3 after).
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

    /// <summary>
    /// Computes rows shorter than the widest accelerated vector Count rows at a time, with the rows in the lanes (see
    /// <see cref="ILaneKernel{T}"/>): each block of rows is transposed into a stack buffer, computed there, and the
    /// first <paramref name="outputLength"/> elements of each row are transposed back; a last, partial block leaves
    /// its spare lanes unused. A row that short is all horizontal work otherwise (its reductions across lanes are one
    /// long dependency chain per row), where the lanes' layout has none. Every row takes this path whatever the
    /// number of rows, so a row gives the same bits alone or in a batch. Returns false (and computes nothing) when
    /// the rows are not shorter than the widest vector, or no vector width is accelerated.
    /// </summary>
    /// <param name="kernel">The block kernel.</param>
    /// <param name="first">The first input, rows of <paramref name="length"/>.</param>
    /// <param name="second">The second input (rows of <paramref name="length"/>), or the first again.</param>
    /// <param name="destination">The output, rows of <paramref name="outputLength"/>; it may be exactly either input.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="length">The input row length.</param>
    /// <param name="outputLength">The output row length.</param>
    public static bool RunInLanes<T, TKernel>(TKernel kernel, ref readonly T first, ref readonly T second, ref T destination,
        nuint rows, nuint length, nuint outputLength)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TKernel : ILaneKernel<T>, allows ref struct
    {
        if (FloatVector512<T>.IsHardwareAccelerated)
        {
            if (length >= (nuint)FloatVector512<T>.Count)
            {
                return false;
            }

            RunBlocks<T, FloatVector512<T>, TKernel>(kernel, in first, in second, ref destination, rows, length, outputLength);
            return true;
        }

        if (FloatVector256<T>.IsHardwareAccelerated && length < (nuint)FloatVector256<T>.Count)
        {
            RunBlocks<T, FloatVector256<T>, TKernel>(kernel, in first, in second, ref destination, rows, length, outputLength);
            return true;
        }

        return false;
    }

    private static void RunBlocks<T, TV, TKernel>(TKernel kernel, ref readonly T first, ref readonly T second, ref T destination,
        nuint rows, nuint length, nuint outputLength)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TV : struct, IVectorMemory<TV, T>
        where TKernel : ILaneKernel<T>, allows ref struct
    {
        // 16 lanes of rows shorter than 16: two 1 KiB blocks of float.
        const int MaxBlock = 16 * 16;
        nuint lanes = (nuint)TV.Count;
        Span<T> buffers = stackalloc T[2 * MaxBlock];
        ref T a = ref buffers[0];
        ref T b = ref buffers[MaxBlock];
        bool two = !Unsafe.AreSame(ref Unsafe.AsRef(in first), ref Unsafe.AsRef(in second));
        bool inRegisters = typeof(T) == typeof(float) && Avx512F.IsSupported && lanes == 16;
        for (nuint start = 0; start < rows; start += lanes)
        {
            nuint count = nuint.Min(lanes, rows - start);
            if (inRegisters)
            {
                LoadTransposed(in Unsafe.As<T, float>(ref Unsafe.Add(ref Unsafe.AsRef(in first), start * length)), ref Unsafe.As<T, float>(ref a), count, length);
                if (two)
                {
                    LoadTransposed(in Unsafe.As<T, float>(ref Unsafe.Add(ref Unsafe.AsRef(in second), start * length)), ref Unsafe.As<T, float>(ref b), count, length);
                }
            }
            else
            {
                Transpose(in Unsafe.Add(ref Unsafe.AsRef(in first), start * length), ref a, count, lanes, length);
                if (two)
                {
                    Transpose(in Unsafe.Add(ref Unsafe.AsRef(in second), start * length), ref b, count, lanes, length);
                }
            }

            kernel.Invoke<TV>(ref a, ref two ? ref b : ref a, length);
            if (inRegisters)
            {
                StoreTransposed(ref Unsafe.As<T, float>(ref a), ref Unsafe.As<T, float>(ref Unsafe.Add(ref destination, start * outputLength)), count, outputLength);
            }
            else
            {
                TransposeBack(ref a, ref Unsafe.Add(ref destination, start * outputLength), count, lanes, outputLength);
            }
        }
    }

    /// <summary>
    /// Rows [0, count) of float rows shorter than 16 into the lanes of a 16 × 16 block, on AVX-512: each row by one
    /// masked load (masked-off elements are not read, so the last row of an array is safe), spare rows zero, then the
    /// block transposed in registers. Some 100 instructions per block against 2 × 16 × length scalar moves.
    /// </summary>
    private static unsafe void LoadTransposed(ref readonly float rows, ref float block, nuint count, nuint length)
    {
        Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create((int)length)).AsSingle();
        fixed (float* source = &Unsafe.AsRef(in rows))
        {
            for (nuint r = 0; r < count; r++)
            {
                Avx512F.MaskLoad(source + r * length, mask, Vector512<float>.Zero).StoreUnsafe(ref block, r * 16);
            }
        }

        for (nuint r = count; r < 16; r++)
        {
            Vector512<float>.Zero.StoreUnsafe(ref block, r * 16);
        }

        Transpose16(ref block);
    }

    /// <summary>The block's lanes back into rows [0, count) of <paramref name="length"/> floats: transposed in registers,
    /// then one masked store per row.</summary>
    private static unsafe void StoreTransposed(ref float block, ref float rows, nuint count, nuint length)
    {
        Transpose16(ref block);
        Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create((int)length)).AsSingle();
        fixed (float* target = &rows)
        {
            for (nuint r = 0; r < count; r++)
            {
                Avx512F.MaskStore(target + r * length, mask, Vector512.LoadUnsafe(ref block, r * 16));
            }
        }
    }

    /// <summary>
    /// Transposes the 16 × 16 floats at <paramref name="m"/> (16 vectors) in place: pairs interleaved within 128-bit
    /// lanes (<c>vunpcklps</c>/<c>vunpckhps</c>), 4 × 4 blocks completed by <c>vshufps</c>, then the 128-bit lanes
    /// exchanged in two <c>vshuff32x4</c> rounds; 64 shuffles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16(ref float m)
    {
        Vector512<float> r0 = Vector512.LoadUnsafe(ref m, 0), r1 = Vector512.LoadUnsafe(ref m, 16);
        Vector512<float> r2 = Vector512.LoadUnsafe(ref m, 32), r3 = Vector512.LoadUnsafe(ref m, 48);
        Vector512<float> r4 = Vector512.LoadUnsafe(ref m, 64), r5 = Vector512.LoadUnsafe(ref m, 80);
        Vector512<float> r6 = Vector512.LoadUnsafe(ref m, 96), r7 = Vector512.LoadUnsafe(ref m, 112);
        Vector512<float> r8 = Vector512.LoadUnsafe(ref m, 128), r9 = Vector512.LoadUnsafe(ref m, 144);
        Vector512<float> r10 = Vector512.LoadUnsafe(ref m, 160), r11 = Vector512.LoadUnsafe(ref m, 176);
        Vector512<float> r12 = Vector512.LoadUnsafe(ref m, 192), r13 = Vector512.LoadUnsafe(ref m, 208);
        Vector512<float> r14 = Vector512.LoadUnsafe(ref m, 224), r15 = Vector512.LoadUnsafe(ref m, 240);

        Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1);
        Vector512<float> t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
        Vector512<float> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5);
        Vector512<float> t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
        Vector512<float> t8 = Avx512F.UnpackLow(r8, r9), t9 = Avx512F.UnpackHigh(r8, r9);
        Vector512<float> t10 = Avx512F.UnpackLow(r10, r11), t11 = Avx512F.UnpackHigh(r10, r11);
        Vector512<float> t12 = Avx512F.UnpackLow(r12, r13), t13 = Avx512F.UnpackHigh(r12, r13);
        Vector512<float> t14 = Avx512F.UnpackLow(r14, r15), t15 = Avx512F.UnpackHigh(r14, r15);

        Vector512<float> u0 = Avx512F.Shuffle(t0, t2, 0x44), u1 = Avx512F.Shuffle(t0, t2, 0xEE);
        Vector512<float> u2 = Avx512F.Shuffle(t1, t3, 0x44), u3 = Avx512F.Shuffle(t1, t3, 0xEE);
        Vector512<float> u4 = Avx512F.Shuffle(t4, t6, 0x44), u5 = Avx512F.Shuffle(t4, t6, 0xEE);
        Vector512<float> u6 = Avx512F.Shuffle(t5, t7, 0x44), u7 = Avx512F.Shuffle(t5, t7, 0xEE);
        Vector512<float> u8 = Avx512F.Shuffle(t8, t10, 0x44), u9 = Avx512F.Shuffle(t8, t10, 0xEE);
        Vector512<float> u10 = Avx512F.Shuffle(t9, t11, 0x44), u11 = Avx512F.Shuffle(t9, t11, 0xEE);
        Vector512<float> u12 = Avx512F.Shuffle(t12, t14, 0x44), u13 = Avx512F.Shuffle(t12, t14, 0xEE);
        Vector512<float> u14 = Avx512F.Shuffle(t13, t15, 0x44), u15 = Avx512F.Shuffle(t13, t15, 0xEE);

        Vector512<float> v0 = Avx512F.Shuffle4x128(u0, u4, 0x88), v4 = Avx512F.Shuffle4x128(u0, u4, 0xDD);
        Vector512<float> v1 = Avx512F.Shuffle4x128(u1, u5, 0x88), v5 = Avx512F.Shuffle4x128(u1, u5, 0xDD);
        Vector512<float> v2 = Avx512F.Shuffle4x128(u2, u6, 0x88), v6 = Avx512F.Shuffle4x128(u2, u6, 0xDD);
        Vector512<float> v3 = Avx512F.Shuffle4x128(u3, u7, 0x88), v7 = Avx512F.Shuffle4x128(u3, u7, 0xDD);
        Vector512<float> v8 = Avx512F.Shuffle4x128(u8, u12, 0x88), v12 = Avx512F.Shuffle4x128(u8, u12, 0xDD);
        Vector512<float> v9 = Avx512F.Shuffle4x128(u9, u13, 0x88), v13 = Avx512F.Shuffle4x128(u9, u13, 0xDD);
        Vector512<float> v10 = Avx512F.Shuffle4x128(u10, u14, 0x88), v14 = Avx512F.Shuffle4x128(u10, u14, 0xDD);
        Vector512<float> v11 = Avx512F.Shuffle4x128(u11, u15, 0x88), v15 = Avx512F.Shuffle4x128(u11, u15, 0xDD);

        Avx512F.Shuffle4x128(v0, v8, 0x88).StoreUnsafe(ref m, 0);
        Avx512F.Shuffle4x128(v1, v9, 0x88).StoreUnsafe(ref m, 16);
        Avx512F.Shuffle4x128(v2, v10, 0x88).StoreUnsafe(ref m, 32);
        Avx512F.Shuffle4x128(v3, v11, 0x88).StoreUnsafe(ref m, 48);
        Avx512F.Shuffle4x128(v4, v12, 0x88).StoreUnsafe(ref m, 64);
        Avx512F.Shuffle4x128(v5, v13, 0x88).StoreUnsafe(ref m, 80);
        Avx512F.Shuffle4x128(v6, v14, 0x88).StoreUnsafe(ref m, 96);
        Avx512F.Shuffle4x128(v7, v15, 0x88).StoreUnsafe(ref m, 112);
        Avx512F.Shuffle4x128(v0, v8, 0xDD).StoreUnsafe(ref m, 128);
        Avx512F.Shuffle4x128(v1, v9, 0xDD).StoreUnsafe(ref m, 144);
        Avx512F.Shuffle4x128(v2, v10, 0xDD).StoreUnsafe(ref m, 160);
        Avx512F.Shuffle4x128(v3, v11, 0xDD).StoreUnsafe(ref m, 176);
        Avx512F.Shuffle4x128(v4, v12, 0xDD).StoreUnsafe(ref m, 192);
        Avx512F.Shuffle4x128(v5, v13, 0xDD).StoreUnsafe(ref m, 208);
        Avx512F.Shuffle4x128(v6, v14, 0xDD).StoreUnsafe(ref m, 224);
        Avx512F.Shuffle4x128(v7, v15, 0xDD).StoreUnsafe(ref m, 240);
    }

    /// <summary>Rows [0, count) of <paramref name="rows"/> into lanes [0, count) of the block (element j at j·lanes).
    /// Walked with moving references: the element copies are the whole cost of a short row's block.</summary>
    private static void Transpose<T>(ref readonly T rows, ref T block, nuint count, nuint lanes, nuint length)
    {
        ref T source = ref Unsafe.AsRef(in rows);
        for (nuint r = 0; r < count; r++)
        {
            ref T target = ref Unsafe.Add(ref block, r);
            for (nuint j = 0; j < length; j++)
            {
                target = source;
                source = ref Unsafe.Add(ref source, 1);
                target = ref Unsafe.Add(ref target, lanes);
            }
        }
    }

    /// <summary>Lanes [0, count) of the block back into rows of <paramref name="length"/>.</summary>
    private static void TransposeBack<T>(ref T block, ref T rows, nuint count, nuint lanes, nuint length)
    {
        ref T target = ref rows;
        for (nuint r = 0; r < count; r++)
        {
            ref T source = ref Unsafe.Add(ref block, r);
            for (nuint j = 0; j < length; j++)
            {
                target = source;
                target = ref Unsafe.Add(ref target, 1);
                source = ref Unsafe.Add(ref source, lanes);
            }
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
    [MethodImpl(MethodImplOptions.NoInlining)]
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
    [MethodImpl(MethodImplOptions.NoInlining)]
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

    /// <summary>
    /// The compensated sum of the term over [0, n) as a pair, in every lane: each lane's sum rounded, with every
    /// rounding error gathered by TwoSum (Ogita, Rump and Oishi's Sum2, "Accurate sum and dot product", SIAM J. Sci.
    /// Comput. 26, 2005), so the pair is as accurate as a sum in twice the precision (for n·2⁻ᵖ small: a lane's start
    /// far above its terms turns the error sum into a plain sum of the terms, see <see cref="PositiveTerms"/>). One
    /// accumulator: its dependency is one addition per vector, far shorter than a term with an exponential. Terms of
    /// one sign, or gradients judged against their magnitudes (<see cref="ISummation.InBlocks"/>), go in blocks of four
    /// in a long float row, as in <see cref="SumStoring"/>, two inlined per step; otherwise the term is inlined once
    /// (the masked tail is out of line), which keeps an exponential's worth of inlining within the JIT's budget (two
    /// vectors per step, each added compensated, ran log-softmax at 2.08–2.51 elements/ns against 2.64–2.71).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TV Sum<T, TV, TTerm, TSum>(TTerm term, nuint n, out TV low)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowTerm<TV>, allows ref struct
        where TSum : struct, ISummation
    {
        nuint count = (nuint)TV.Count;
        nuint whole = n - n % count;

        // The tail first: vector registers do not survive a call, and accumulators live across one would be kept in
        // memory through the whole loop.
        TV high = TV.Create(TSum.Start), error = TV.Create(0.0);
        if (whole < n)
        {
            high = TSum.Add(high, AtOutOfLine<TV, TTerm>(term, n - count) & TailMask<T, TV>(count - (n - whole)), ref error);
        }

        nuint i = 0;
        for (; TSum.InBlocks && !TV.IsDouble && n >= count * BlockThresholdVectors && i + 4 * count <= whole; i += 4 * count)
        {
            TV block = default;
            for (nuint j = i; j < i + 4 * count; j += 2 * count)
            {
                block += term.At(j) + term.At(j + count);
            }

            high = TSum.Add(high, block, ref error);
        }

        for (; i < whole; i += count)
        {
            high = TSum.Add(high, term.At(i), ref error);
        }

        return Total<TV, TSum>(high, error, out low);
    }

    /// <summary>
    /// The compensated sum of a pair term's first result and the plain sum of its second (a count: exact while the
    /// total stays below 2^24 in float lanes), both in every lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TV SumPair<T, TV, TTerm>(TTerm term, nuint n, out TV low, out TV secondSum)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowPairTerm<TV>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        nuint whole = n - n % count;
        TV high = TV.Create(0.0), error = high, other = high;
        if (whole < n)
        {
            // The tail first, as in Sum.
            TV mask = TailMask<T, TV>(count - (n - whole));
            high = PairAtOutOfLine<TV, TTerm>(term, n - count, out TV second) & mask;
            other = second & mask;
        }

        for (nuint i = 0; i < whole; i += count)
        {
            TV value = term.At(i, out TV second);
            TV sum = high + value;
            error += VectorMath.TwoSumError(high, value, sum);
            high = sum;
            other += second;
        }

        secondSum = TV.SumAcross(other);
        return TV.SumAcross(high, error, out low);
    }

    /// <summary>
    /// The compensated sum of a term of one sign over [0, n) (as <see cref="Sum{T, TV, TTerm, TSum}"/>), storing each
    /// term into <paramref name="destination"/> as it goes (destination may be exactly the memory the term reads).
    /// </summary>
    /// <remarks>
    /// Float rows of at least <see cref="BlockThresholdVectors"/> vectors go four vectors per iteration, two terms
    /// inlined (four exhausted the JIT's inlining budget: softmax fell to 0.44 elements/ns), the four added in pairs,
    /// (v0 + v1) + (v2 + v3), before the block joins the compensated total: three additions and one TwoSum per four
    /// vectors instead of four TwoSums, and two terms in flight (softmax of a 16 Ki row: 6.4 against 9.3 ns per vector
    /// for the whole function, side by side, with Fast2Sum then). The block's roundings are not compensated; each is at most 2⁻²⁴ of a partial sum of
    /// terms of one sign, so the total's relative error stays under 2⁻²², and it averages out over a long row; where
    /// one block holds most of the sum it is up to 2⁻²⁴ (softmax on the reference tables: 1.50 → 1.94 ULP at a row of
    /// 65 floats when every row took blocks, so short rows do not). Double rows and short rows add every vector
    /// compensated. The row is walked from its start whatever the destination's alignment (unlike
    /// <see cref="Map{T, TV, TTerm}"/>): the blocks, and so the sum's last bits, are the same for a row alone, in a
    /// batch or misaligned. The blocks run in a method of their own, where the JIT keeps the row's constants in
    /// registers (softmax of a 16 Ki row: 3.4–3.6 → 3.9–4.0 elements/ns, alternating runs).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SumStoring<T, TV, TTerm, TSum>(TTerm term, ref T destination, nuint n, out TV low)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowTerm<TV>, allows ref struct
        where TSum : struct, ISummation =>
        SumStoringSecond<T, TV, StoredItselfTerm<TV, TTerm>, TSum>(new(term), ref destination, n, out low);

    /// <summary>
    /// As <see cref="SumStoring{T, TV, TTerm, TSum}"/> for a pair term: the compensated sum of its first result, its
    /// second stored into <paramref name="destination"/> (a value the next pass needs, computed from the same load).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TV SumStoringSecond<T, TV, TTerm, TSum>(TTerm term, ref T destination, nuint n, out TV low)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowPairTerm<TV>, allows ref struct
        where TSum : struct, ISummation
    {
        nuint count = (nuint)TV.Count;
        nuint end = n / count * count;
        TV lastStored = default;
        TV last = end < n ? PairAtOutOfLine<TV, TTerm>(term, n - count, out lastStored) : default;
        TV high = TV.Create(TSum.Start), error = TV.Create(0.0);
        if (end < n)
        {
            high = TSum.Add(high, last & TailMask<T, TV>(count - (n - end)), ref error);
        }

        // The blocks out of line: a loop the JIT imports but later finds dead (a summation not in blocks) would still
        // take the inlining budget its two terms need, and the live loop's term then ran as calls (0.6 elements/ns).
        nuint i = TSum.InBlocks && !TV.IsDouble && n >= count * BlockThresholdVectors
            ? SumStoringBlocks<T, TV, TTerm, TSum>(term, ref destination, end, ref high, ref error)
            : 0;
        for (; i < end; i += count)
        {
            TV value = term.At(i, out TV stored);
            high = TSum.Add(high, value, ref error);
            TV.Store(stored, ref destination, i);
        }

        if (end < n)
        {
            TV.Store(lastStored, ref destination, n - count);
        }

        return Total<TV, TSum>(high, error, out low);
    }

    /// <summary>
    /// The blocks of four vectors of <see cref="SumStoringSecond{T, TV, TTerm, TSum}"/> over [0, end), two terms inlined
    /// per step: adds them to the running pair and returns where the blocks stop.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nuint SumStoringBlocks<T, TV, TTerm, TSum>(TTerm term, ref T destination, nuint end, ref TV runningHigh, ref TV runningError)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowPairTerm<TV>, allows ref struct
        where TSum : struct, ISummation
    {
        nuint count = (nuint)TV.Count;
        TV high = runningHigh, error = runningError;
        nuint i = 0;
        if (end >= 4 * count)
        {
            // Do-while loops (the inverted shape lets the JIT hoist the term's constants, as in ElementwiseLoop).
            nuint lastBlock = end - 4 * count;
            do
            {
                TV block = default;
                nuint j = i;
                do
                {
                    TV v0 = term.At(j, out TV s0);
                    TV v1 = term.At(j + count, out TV s1);
                    TV.Store(s0, ref destination, j);
                    TV.Store(s1, ref destination, j + count);
                    block += v0 + v1;
                    j += 2 * count;
                }
                while (j < i + 4 * count);

                high = TSum.Add(high, block, ref error);
                i += 4 * count;
            }
            while (i <= lastBlock);
        }

        runningHigh = high;
        runningError = error;
        return i;
    }

    /// <summary>
    /// The maximum of the term over every <paramref name="stride"/>-th vector of [0, n) and the last vector, in every
    /// lane: a lower bound of the row's maximum from a fraction of its cache lines (NaN may be dropped).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TV SampledMax<TV, TTerm>(TTerm term, nuint n, nuint stride)
        where TV : struct, IFloatVector<TV>
        where TTerm : IRowTerm<TV>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        TV a = term.At(n - count);
        for (nuint i = 0; i + count <= n; i += stride * count)
        {
            a = TV.ClampBelow(term.At(i), a);
        }

        return TV.MaxAcross(a);
    }

    /// <summary>The total of the lanes' compensated sums as a pair, less the lanes' start values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Total<TV, TSum>(TV high, TV error, out TV low)
        where TV : struct, IFloatVector<TV>
        where TSum : struct, ISummation
    {
        TV total = TV.SumAcross(high, error, out low);
        if (TSum.Start == 0)
        {
            return total;
        }

        // Count·Start is a small integer: subtracting it with TwoSum keeps the pair exact.
        TV start = TV.Create(TV.Count * TSum.Start);
        TV difference = total - start;
        low += VectorMath.TwoSumError(total, -start, difference);
        TV sum = difference + low;
        low -= sum - difference;
        return sum;
    }

    /// <summary>destination[i] = term(i) over [0, n); destination may be exactly the memory the term reads. Long rows
    /// start the main loop at an aligned destination (see <see cref="AlignedStart"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Map<T, TV, TTerm>(TTerm term, ref T destination, nuint n)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowTerm<TV>, allows ref struct =>
        MapLoop<T, TV, TTerm>(term, ref destination, n, track: false, unrolled: false);

    /// <summary>
    /// As <see cref="Map{T, TV, TTerm}"/> for a term of a few operations (a scale, a difference): four vectors per
    /// iteration, so that their loads and stores overlap and the loop's overhead is paid once per four (softmax's
    /// scaling of a 16 Ki row measured 1.23 against 1.39 ns per vector). Heavy terms stay in <see cref="Map{T, TV, TTerm}"/>:
    /// four inlined copies of an exponential would exhaust the JIT's inlining budget.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MapUnrolled<T, TV, TTerm>(TTerm term, ref T destination, nuint n)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowTerm<TV>, allows ref struct =>
        MapLoop<T, TV, TTerm>(term, ref destination, n, track: false, unrolled: true);

    /// <summary>
    /// As <see cref="MapUnrolled{T, TV, TTerm}(TTerm, ref T, nuint)"/>, also returning the maximum of the results over
    /// [0, n) in every lane (a NaN may be dropped): a check on the row that costs the memory-bound pass one operation
    /// per vector, and no load.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TV MapUnrolledWithMax<T, TV, TTerm>(TTerm term, ref T destination, nuint n)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowTerm<TV>, allows ref struct =>
        MapLoop<T, TV, TTerm>(term, ref destination, n, track: true, unrolled: true);

    /// <summary>The maps' one loop: four vectors per iteration where <paramref name="unrolled"/> (a constant at each
    /// call site), the results' maximum where <paramref name="track"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV MapLoop<T, TV, TTerm>(TTerm term, ref T destination, nuint n, bool track, bool unrolled)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TTerm : IRowTerm<TV>, allows ref struct
    {
        nuint count = (nuint)TV.Count;
        nuint start = AlignedStart<T, TV>(ref destination, n);
        nuint end = start + (n - start) / count * count;
        TV first = start > 0 ? AtOutOfLine<TV, TTerm>(term, 0) : default;
        TV last = end < n ? AtOutOfLine<TV, TTerm>(term, n - count) : default;
        TV max = TV.Create(double.NegativeInfinity);
        if (track)
        {
            max = start > 0 ? first : max;
            max = end < n ? TV.ClampBelow(last, max) : max;
        }

        nuint i = start;
        for (; unrolled && i + 4 * count <= end; i += 4 * count)
        {
            TV v0 = term.At(i);
            TV v1 = term.At(i + count);
            TV v2 = term.At(i + 2 * count);
            TV v3 = term.At(i + 3 * count);
            if (track)
            {
                max = TV.ClampBelow(TV.ClampBelow(TV.ClampBelow(v0, v1), TV.ClampBelow(v2, v3)), max);
            }

            TV.Store(v0, ref destination, i);
            TV.Store(v1, ref destination, i + count);
            TV.Store(v2, ref destination, i + 2 * count);
            TV.Store(v3, ref destination, i + 3 * count);
        }

        for (; i < end; i += count)
        {
            TV value = term.At(i);
            if (track)
            {
                max = TV.ClampBelow(value, max);
            }

            TV.Store(value, ref destination, i);
        }

        if (end < n)
        {
            TV.Store(last, ref destination, n - count);
        }

        if (start > 0)
        {
            TV.Store(first, ref destination, 0);
        }

        return track ? TV.MaxAcross(max) : default;
    }

    /// <summary>
    /// Where the main loop of a long row starts so that its stores are aligned to the vector size (the elements
    /// before it are covered by a first vector computed apart), as <see cref="ElementwiseLoop"/> does: a store
    /// across two cache lines costs twice. 0 for rows under <see cref="AlignThresholdVectors"/> vectors and for
    /// already aligned destinations.
    /// </summary>
    private static nuint AlignedStart<T, TV>(ref T destination, nuint n)
        where TV : struct, IFloatVector<TV>
    {
        nuint count = (nuint)TV.Count;
        if (n < count * AlignThresholdVectors)
        {
            return 0;
        }

        // The address is read without pinning: if the GC moves the buffer the stores are merely unaligned.
        nuint size = (nuint)Unsafe.SizeOf<T>();
        nuint address = (nuint)Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref destination);
        nuint misalignment = address % (count * size);
        return misalignment == 0 || address % size != 0 ? 0 : (count * size - misalignment) / size;
    }

    /// <summary>Rows at least this many vectors long get their stores aligned.</summary>
    private const int AlignThresholdVectors = 64;

    /// <summary>Float rows at least this many vectors long add their terms in blocks of four (<see cref="SumStoring"/>).</summary>
    private const int BlockThresholdVectors = 64;

    /// <summary>first[i], second[i] = term(i) over [0, n); either may be exactly the memory the term reads there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
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

    /// <summary>
    /// Whether a row fits in two registers of <typeparamref name="TV"/> (Count ≤ n ≤ 2·Count, the first Count elements
    /// and the last Count, overlapping). Such rows are short enough that the passes' calls, and the row's trips through
    /// memory between them, would cost more than the arithmetic: kernels compute them in registers instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool FitsInTwo<TV>(nuint n) where TV : struct, IFloatVector<TV> => n <= 2 * (nuint)TV.Count;

    /// <summary>The last Count elements of a row of n ≥ Count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LoadLast<T, TV>(ref readonly T x, nuint n)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T> => TV.Load(in x, n - (nuint)TV.Count);

    /// <summary>For a row in two registers, the lanes of the last register that the first does not hold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LastOnly<T, TV>(nuint n)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T> => TailMask<T, TV>(2 * (nuint)TV.Count - n);

    /// <summary>Stores a row held in two registers (the overlap gets the same values twice).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreTwo<T, TV>(TV first, TV last, ref T destination, nuint n)
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        TV.Store(last, ref destination, n - (nuint)TV.Count);
        TV.Store(first, ref destination, 0);
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

    /// <summary>A mask with lanes [0, <paramref name="cleared"/>) false and the rest true (0 ≤ cleared ≤ Count).</summary>
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

/// <summary>A term as a pair term whose second result is the first (a sum pass that stores its terms).</summary>
internal readonly ref struct StoredItselfTerm<TV, TTerm>(TTerm term) : IRowPairTerm<TV>
    where TV : struct, IFloatVector<TV>
    where TTerm : IRowTerm<TV>, allows ref struct
{
    private readonly TTerm _term = term;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV At(nuint index, out TV second)
    {
        TV value = _term.At(index);
        second = value;
        return value;
    }
}

/// <summary>
/// The sign s a softmax row applies to its input (x for softmax, −x for softmin), and e^(s(x) − m) through
/// <see cref="VectorMath.ExpBelowMax{TV}"/> with s folded in: a type, not a run-time choice, because a row pass imports
/// every branch it could take into its inlining budget.
/// </summary>
internal interface IRowSign : IUnaryOperator
{
    /// <summary>e^(s(x) − m) for the row constants of <see cref="VectorMath.ReduceMax{TV}"/>.</summary>
    static abstract TV ExpBelowMax<TV>(TV x, TV k, TV c, TV maxReduced) where TV : struct, IFloatVector<TV>;

    /// <summary>e^(max(s(x), floor) − m).</summary>
    static abstract TV ExpBelowMax<TV>(TV x, TV floor, TV k, TV c, TV maxReduced) where TV : struct, IFloatVector<TV>;
}

/// <summary>x unchanged (the transform of a pass that reads its input as it is).</summary>
internal readonly struct IdentityOperator : IRowSign
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpBelowMax<TV>(TV x, TV k, TV c, TV maxReduced) where TV : struct, IFloatVector<TV> =>
        VectorMath.ExpBelowMax(x, k, c, maxReduced);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpBelowMax<TV>(TV x, TV floor, TV k, TV c, TV maxReduced) where TV : struct, IFloatVector<TV> =>
        VectorMath.ExpBelowMax(TV.ClampBelow(x, floor), k, c, maxReduced);
}

/// <summary>−x; as a softmax row's sign (softmin), the negation goes into the exponential's reduction (the same bits,
/// one operation fewer per vector), and max(−x, floor) is −min(x, −floor).</summary>
internal readonly struct NegateOperator : IRowSign
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => -x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpBelowMax<TV>(TV x, TV k, TV c, TV maxReduced) where TV : struct, IFloatVector<TV> =>
        VectorMath.ExpBelowMaxOfNegated(x, k, c, maxReduced);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpBelowMax<TV>(TV x, TV floor, TV k, TV c, TV maxReduced) where TV : struct, IFloatVector<TV> =>
        VectorMath.ExpBelowMaxOfNegated(TV.ClampAbove(x, -floor), k, c, maxReduced);
}

/// <summary>How a sum pass accumulates: each lane's start value and its compensated addition.</summary>
internal interface ISummation
{
    /// <summary>Every lane's start value (taken off the total again).</summary>
    static abstract double Start { get; }

    /// <summary>
    /// Whether long float rows may add their terms in blocks of four before the compensated step
    /// (<see cref="RowwiseLoop.Sum{T, TV, TTerm, TSum}"/>): where the terms are of one sign, a block's roundings are
    /// relative to a part of the total, not to terms that cancel (<see cref="PositiveTerms"/>); where they are not, only
    /// if the sum's error is judged against the sum of their magnitudes (<see cref="GradientTerms"/>).
    /// </summary>
    static abstract bool InBlocks { get; }

    /// <summary>high + value, with the exact rounding error added to <paramref name="error"/>.</summary>
    static abstract TV Add<TV>(TV high, TV value, ref TV error) where TV : struct, IFloatVector<TV>;
}

/// <summary>Terms of any sign and size: Knuth's TwoSum (six additions).</summary>
internal readonly struct AnyTerms : ISummation
{
    public static double Start => 0;

    public static bool InBlocks => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Add<TV>(TV high, TV value, ref TV error) where TV : struct, IFloatVector<TV>
    {
        TV sum = high + value;
        error += VectorMath.TwoSumError(high, value, sum);
        return sum;
    }
}

/// <summary>
/// Terms in [0, 1] (exponentials under a row's maximum) in a lane that holds a short row: every lane starts at 1, so
/// the running sum is never below a term and Dekker's Fast2Sum (three additions) is exact. Not for long rows: terms far
/// below the start pass whole into the plain sum of rounding errors (see <see cref="PositiveTerms"/>).
/// </summary>
internal readonly struct UnitTerms : ISummation
{
    public static double Start => 1;

    public static bool InBlocks => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Add<TV>(TV high, TV value, ref TV error) where TV : struct, IFloatVector<TV>
    {
        TV sum = high + value;
        error += value - (sum - high);
        return sum;
    }

    /// <summary>A lane's sum (high, error) less its start value, as a normalized pair (for sums kept in lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Finish<TV>(TV high, TV error, out TV low) where TV : struct, IFloatVector<TV>
    {
        TV start = TV.Create(Start);
        TV difference = high - start;
        low = error + VectorMath.TwoSumError(high, -start, difference);
        TV sum = difference + low;
        low -= sum - difference;
        return sum;
    }
}

/// <summary>
/// Terms of one sign and any size (exponentials of a long row): TwoSum from 0, so that each lane's running sum grows
/// with its terms. A start far above the lane's share of the total (<see cref="UnitTerms"/>' 1, or 4 for blocks of
/// four) makes every term under half its last bit pass whole into the plain sum of rounding errors, which then
/// decides the result: log-softmax measured 12 ULP on a 4 Mi-element row that way, and 9.8 at the maximum of a 16 Ki
/// row with one spike (TwoSum from 0, blocks and the row's own sum when the maximum dominates: 0.3 and 0.2). Terms
/// under half an ULP of the running sum still go that way; their plain sum errs by about 2⁻²⁴ of their own total.
/// </summary>
internal readonly struct PositiveTerms : ISummation
{
    public static double Start => 0;

    public static bool InBlocks => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Add<TV>(TV high, TV value, ref TV error) where TV : struct, IFloatVector<TV> => AnyTerms.Add(high, value, ref error);
}

/// <summary>
/// Gradients of either sign whose sum scales another term of a backward: Σdy in the log-softmax's dx = dy − e^y·Σdy,
/// ⟨dy, y⟩ in the softmax's dx = y·(dy − ⟨dy, y⟩). TwoSum from 0, long float rows in blocks of four first, as
/// <see cref="PositiveTerms"/>. A block's three roundings are each at most 2⁻²⁴ of a partial sum no larger than the
/// block's sum of magnitudes, so they err by at most 2⁻²³·Σ|term| in all, and the output by at most 2⁻²³ of its error
/// scale, |dy| + e^y·Σ|dy| or y·(|dy| + Σy|dy|) (the largest term summed into it, in which the backward's accuracy is
/// stated): 2 of its ULPs in the worst case and far less in practice, where the roundings' signs vary (test
/// <c>Backward_of_long_rows_with_gradients_that_cancel</c>). A TwoSum in every vector (seven additions) kept the
/// log-softmax backward at 2.41–2.48 elements/ns on a 16 Ki float row, 3.49–3.81 in blocks (alternating runs, see
/// LogSoftmaxBackwardRow); the softmax backward went from 4.04 to 5.52–5.56 (`--ratios`).
/// </summary>
internal readonly struct GradientTerms : ISummation
{
    public static double Start => 0;

    public static bool InBlocks => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Add<TV>(TV high, TV value, ref TV error) where TV : struct, IFloatVector<TV> => AnyTerms.Add(high, value, ref error);
}
