using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>
        /// Computes sparsemax over each row: the Euclidean projection of the row onto the probability simplex,
        /// <c>yᵢ = max(xᵢ − τ, 0)</c> with τ such that Σ y = 1 (Martins and Astudillo, "From softmax to sparsemax",
        /// ICML 2016).
        /// </summary>
        /// <param name="x">The input: row-major rows of <paramref name="rowLength"/> elements.</param>
        /// <param name="destination">Receives the sparsemax of each row; it may be <paramref name="x"/> itself.</param>
        /// <param name="rowLength">The length of the rows (the last axis); the overload without it takes the whole span as one row.</param>
        /// <remarks>
        /// τ is found by Newton's method on the piecewise-linear f(τ) = Σ max(xᵢ − τ, 0) − 1 from τ₀ = max − 1: each
        /// step is one vector pass (the support's size and compensated sum) and τ grows monotonically to the exact
        /// root, reached when the support stops shrinking, typically in 2 to 6 passes. Rows of 8 vectors or more first
        /// copy out the elements at or above max − 1.0625, among which every support lies, and the steps pass over those
        /// only (on the stack up to 1024 elements, a rented buffer above). After ⌊log₂ n⌋ + 8 steps a row
        /// falls back to the sort-based algorithm of the paper (O(n log n), on a rented copy), so no row costs more.
        /// τ is kept as a pair (twice the lane precision), so outputs small against x (rows around 1000) are
        /// accurate. Zeros are +0. A row holding +∞ or NaN gives a NaN row, as does a row of −∞ only; −∞ elements give 0.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="rowLength"/> is not positive or does not divide the length
        /// of <paramref name="x"/>; <paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void Sparsemax<T>(ReadOnlySpan<T> x, Span<T> destination, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, rowLength, default(SparsemaxForward));

        /// <inheritdoc cref="Sparsemax{T}(ReadOnlySpan{T}, Span{T}, int)"/>
        public static void Sparsemax<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, null, default(SparsemaxForward));

        /// <summary>Computes the sparsemax of each row in place.</summary>
        /// <param name="values">The input rows, overwritten by their sparsemax.</param>
        /// <param name="rowLength">The length of the rows; the overload without it takes the whole span as one row.</param>
        /// <exception cref="ArgumentException"><paramref name="rowLength"/> is not positive or does not divide the length.</exception>
        public static void Sparsemax<T>(Span<T> values, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(values, values, rowLength, default(SparsemaxForward));

        /// <inheritdoc cref="Sparsemax{T}(Span{T}, int)"/>
        public static void Sparsemax<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(values, values, null, default(SparsemaxForward));

        /// <summary>
        /// Computes the sparsemax backward pass <c>dx = s ⊙ (dy − mean of dy over the support)</c> over each row, s the
        /// support indicator (y &gt; 0), from the forward output y.
        /// </summary>
        /// <param name="y">The forward output <c>sparsemax(x)</c>.</param>
        /// <param name="dy">The gradient with respect to <paramref name="y"/>.</param>
        /// <param name="dx">Receives the gradient with respect to x; it may be <paramref name="y"/> or <paramref name="dy"/>.</param>
        /// <param name="rowLength">The length of the rows; the overload without it takes the whole span as one row.</param>
        /// <exception cref="ArgumentException">The lengths disagree, the row length is not positive or does not divide
        /// them, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void SparsemaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(y, dy, dx, rowLength, default(SparsemaxBackwardRows));

        /// <inheritdoc cref="SparsemaxBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int)"/>
        public static void SparsemaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(y, dy, dx, null, default(SparsemaxBackwardRows));

        /// <summary>Computes sparsemax along <paramref name="axis"/> of a tensor span.</summary>
        /// <param name="x">The input, of any rank and strides.</param>
        /// <param name="destination">Receives the result (lengths of <paramref name="x"/>); it may be <paramref name="x"/> itself.</param>
        /// <param name="axis">The axis; negative values count from the end.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="destination"/> broadcasts or
        /// partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is outside [−rank, rank).</exception>
        public static void Sparsemax<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> destination, int axis = -1) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, axis, default(SparsemaxForward));

        /// <summary>Computes <c>dx = s ⊙ (dy − mean of dy over the support)</c> along <paramref name="axis"/> of tensor spans.</summary>
        /// <param name="y">The forward output.</param>
        /// <param name="dy">The gradient with respect to <paramref name="y"/>.</param>
        /// <param name="dx">Receives the gradient with respect to x; it may be <paramref name="y"/> or <paramref name="dy"/>.</param>
        /// <param name="axis">The axis; negative values count from the end.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> broadcasts or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is outside [−rank, rank).</exception>
        public static void SparsemaxBackward<T>(ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx, int axis = -1) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(y, dy, dx, axis, default(SparsemaxBackwardRows));
    }

    /// <summary>Sparsemax over rows; registry name <c>sparsemax</c>, parameters <c>dim</c> and <c>row_length</c>.</summary>
    public sealed class SparsemaxActivation : AxisActivation
    {
        /// <summary>Creates the sparsemax activation.</summary>
        /// <param name="rowLength">The row length of the span methods; 0: each span is one row.</param>
        /// <param name="dim">The axis of the tensor-span methods.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowLength"/> is negative.</exception>
        public SparsemaxActivation(int rowLength = 0, int dim = -1)
            : base(PointwiseActivation.FormatName("sparsemax", DimParameter(dim), RowLengthParameter(rowLength)), rowLength, dim)
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y, int? rowLength) => Rowwise.Forward(x, y, rowLength, default(SparsemaxForward));

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int? rowLength) =>
            Rowwise.Backward(y, dy, dx, rowLength, default(SparsemaxBackwardRows));

        private protected override void TensorForwardCore<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> y, int axis) => Activations.Sparsemax(x, y, axis);

        private protected override void TensorBackwardCore<T>(ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx, int axis) =>
            Activations.SparsemaxBackward(y, dy, dx, axis);
    }
}

namespace SimdActivations.Kernels
{
    internal readonly struct SparsemaxForward : IRowForward
    {
        public int OutputLength(int rowLength, string parameterName) => rowLength;

        public void Run<TC>(ref readonly TC x, ref TC y, nuint rows, nuint rowLength) where TC : unmanaged, IBinaryFloatingPointIeee754<TC> =>
            RowwiseLoop.Run<TC, SparsemaxRow<TC>>(new(in x, ref y, rowLength), rows, rowLength);
    }

    /// <summary>One sparsemax row: the threshold τ (a pair) by Newton's method with the sorting fallback, then y = max(x − τ, 0).</summary>
    internal readonly ref struct SparsemaxRow<T>(ref readonly T x, ref T y, nuint length) : IRowKernel<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ref readonly T _x = ref x;
        private readonly ref T _y = ref y;

        // The candidates' stack buffer is written before it is read (Candidates): no need to clear 4 KiB per row.
        [SkipLocalsInit]
        public void Invoke<TV>(nuint row) where TV : struct, IVectorMemory<TV, T>
        {
            ref readonly T x = ref Unsafe.Add(ref Unsafe.AsRef(in _x), row * length);
            ref T y = ref Unsafe.Add(ref _y, row * length);
            TV max = RowwiseLoop.MaxPropagatingNaN<TV, RowwiseLoop.LoadTerm<T, TV, IdentityOperator>>(new(in x), length);
            if (TV.AnyTrue(TV.IsNaN(max - max)))
            {
                RowwiseLoop.Map<T, TV, ConstantTerm<TV>>(new(TV.Create(double.NaN)), ref y, length);
                return;
            }

            TV tau, tauLow;
            if (length < (nuint)TV.Count * CandidateRowVectors)
            {
                tau = Threshold<TV>(in x, length, max, out tauLow);
            }
            else
            {
                // Every support the Newton steps visit lies above τ₀ = max − 1 (they approach the root from below), so
                // they scan only the elements above a margin under it, copied out once: on a 16 Ki row of [−10, 10]
                // about one in nineteen, where each step had read the whole row (85% of the time in the sums).
                T[]? rented = null;
                int needed = (int)length + TV.Count;
                Span<T> scratch = needed <= StackCandidates ? stackalloc T[StackCandidates] : (rented = ArrayPool<T>.Shared.Rent(needed));
                nuint count = Candidates<TV>(in x, length, max, scratch);
                tau = Threshold<TV>(in scratch[0], count, max, out tauLow);
                if (rented is not null)
                {
                    ArrayPool<T>.Shared.Return(rented);
                }
            }

            RowwiseLoop.Map<T, TV, SparsemaxTerm<T, TV>>(new(in x, tau, tauLow), ref y, length);
        }

        /// <summary>Rows of at least this many vectors copy out their candidates before the Newton steps.</summary>
        private const int CandidateRowVectors = 8;

        /// <summary>Candidate buffers up to this many elements live on the stack (4 KiB of float), larger ones are rented.</summary>
        private const int StackCandidates = 1024;

        /// <summary>
        /// Copies the elements at or above max − 1.0625 into <paramref name="scratch"/> (in row order), padded with −∞ to at
        /// least one vector, and returns their number with the padding. The steps' τ starts at max − 1 and rises, up to
        /// the pair's rounding, so every support lies above max − 1.0625; rounding that bound to the lane type cannot
        /// carry it past a float above it (rounding is monotone). Vectors with no candidate are skipped after one
        /// comparison.
        /// </summary>
        private static nuint Candidates<TV>(ref readonly T x, nuint n, TV max, Span<T> scratch) where TV : struct, IVectorMemory<TV, T>
        {
            TV bound = max - TV.Create(1.0625);
            T scalarBound = T.CreateTruncating(TV.SumLanes(bound) / TV.Count);
            nuint count = (nuint)TV.Count;
            nuint whole = n - n % count;
            int found = 0;
            for (nuint i = 0; i < n; i += count)
            {
                nuint end = nuint.Min(i + count, n);
                if (i < whole && !TV.AnyTrue(TV.GreaterThanOrEqual(TV.Load(in x, i), bound)))
                {
                    continue;
                }

                for (nuint j = i; j < end; j++)
                {
                    T value = Unsafe.Add(ref Unsafe.AsRef(in x), j);
                    scratch[found] = value;
                    found += value >= scalarBound ? 1 : 0;
                }
            }

            for (int i = found; i < TV.Count; i++)
            {
                scratch[i] = T.NegativeInfinity;
            }

            return (nuint)int.Max(found, TV.Count);
        }

        /// <summary>
        /// τ as a pair for the elements [0, n) (the row, or its candidates): Newton's steps from τ₀ = max − 1, where
        /// f(τ₀) ≥ 0 (the maximum alone contributes 1), so they approach the root from below and the support only
        /// shrinks; the sorting fallback after log₂ n + 8 steps.
        /// </summary>
        private static TV Threshold<TV>(ref readonly T x, nuint length, TV max, out TV tauLow) where TV : struct, IVectorMemory<TV, T>
        {
            TV one = TV.Create(1.0);
            TV tau = max - one;
            tauLow = VectorMath.TwoSumError(max, -one, tau);
            TV sum = RowwiseLoop.SumPair<T, TV, SupportTerm<T, TV>>(new(in x, tau, tauLow), length, out TV sumLow, out TV count);
            int limit = BitOperations.Log2(length) + 8;
            for (int step = 0; ; step++)
            {
                tau = SparsemaxMath.Threshold(sum, sumLow, count, out tauLow);
                TV nextSum = RowwiseLoop.SumPair<T, TV, SupportTerm<T, TV>>(new(in x, tau, tauLow), length, out TV nextLow, out TV nextCount);
                if (!TV.AnyTrue(TV.LessThan(nextCount, count)))
                {
                    // The support did not shrink: τ is the root (in exact arithmetic; here, to the pair's precision).
                    return tau;
                }

                if (step == limit)
                {
                    SparsemaxMath.SortedThreshold(in x, length, out double high, out double low);
                    double rounded = TV.IsDouble ? high : (float)high;
                    tauLow = TV.Create((high - rounded) + low);
                    return TV.Create(rounded);
                }

                (sum, sumLow, count) = (nextSum, nextLow, nextCount);
            }
        }
    }

    internal static class SparsemaxMath
    {
        /// <summary>τ = (s − 1)/k for a support of k elements summing to the pair s, as a pair: the numerator by
        /// TwoSum, the quotient corrected by its exact remainder (an FMA).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Threshold<TV>(TV sum, TV sumLow, TV count, out TV low) where TV : struct, IFloatVector<TV>
        {
            TV one = TV.Create(1.0);
            TV numerator = sum - one;
            TV numeratorLow = VectorMath.TwoSumError(sum, -one, numerator) + sumLow;
            TV quotient = numerator / count;
            TV remainder = TV.FusedMultiplyAdd(-quotient, count, numerator);
            TV quotientLow = (remainder + numeratorLow) / count;
            TV tau = quotient + quotientLow;
            low = quotientLow - (tau - quotient);
            return tau;
        }

        /// <summary>
        /// The sort-based threshold (Held, Wolfe and Crowder 1974; Algorithm 1 of Martins and Astudillo): sort x
        /// descending, take the largest k with x₍ₖ₎ &gt; (Σᵢ≤ₖ x₍ᵢ₎ − 1)/k, τ = that quotient. In double with
        /// compensated prefix sums; the result as a double pair.
        /// </summary>
        public static void SortedThreshold<T>(ref readonly T x, nuint length, out double high, out double low)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            int n = (int)length;
            T[] rented = ArrayPool<T>.Shared.Rent(n);
            try
            {
                Span<T> sorted = rented.AsSpan(0, n);
                System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(in x, n).CopyTo(sorted);
                sorted.Sort();
                double sumHigh = 0, sumLow = 0;
                high = low = double.NaN;
                for (int k = 1; k <= n; k++)
                {
                    double v = double.CreateTruncating(sorted[n - k]);
                    double s = sumHigh + v;
                    sumLow += LaneReduction.TwoSumError(sumHigh, v, s);
                    sumHigh = s;
                    double numerator = sumHigh - 1;
                    double numeratorLow = LaneReduction.TwoSumError(sumHigh, -1, numerator) + sumLow;
                    double quotient = numerator / k;
                    double quotientLow = (Math.FusedMultiplyAdd(-quotient, k, numerator) + numeratorLow) / k;
                    if (!((v - quotient) > quotientLow))
                    {
                        break;
                    }

                    high = quotient + quotientLow;
                    low = quotientLow - (high - quotient);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        }
    }

    /// <summary>(x, 1) on the support {x &gt; τ}, (0, 0) elsewhere: the support's sum and size.</summary>
    internal readonly ref struct SupportTerm<T, TV>(ref readonly T x, TV tau, TV tauLow) : IRowPairTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        private readonly ref readonly T _x = ref x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index, out TV second)
        {
            TV x = TV.Load(in _x, index);
            TV inside = TV.GreaterThan(x - tau, tauLow);
            second = inside & TV.Create(1.0);
            return inside & x;
        }
    }

    /// <summary>max((x − τ) − τ_low, 0) with +0 below (x − τ is exact near the threshold, where it matters).</summary>
    internal readonly ref struct SparsemaxTerm<T, TV>(ref readonly T x, TV tau, TV tauLow) : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        private readonly ref readonly T _x = ref x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index)
        {
            TV d = (TV.Load(in _x, index) - tau) - tauLow;
            TV zero = TV.Create(0.0);
            return TV.SelectGreaterThan(d, zero, d, zero);
        }
    }

    /// <summary>dx = s ⊙ (dy − mean of dy over the support s = {y &gt; 0}) for each row.</summary>
    internal readonly struct SparsemaxBackwardRows : IRowBackward
    {
        public int OutputLength(int rowLength, string parameterName) => rowLength;

        public void Run<TC>(ref readonly TC first, ref readonly TC second, ref TC dx, nuint rows, nuint rowLength)
            where TC : unmanaged, IBinaryFloatingPointIeee754<TC> =>
            RowwiseLoop.Run<TC, SparsemaxBackwardRow<TC>>(new(in first, in second, ref dx, rowLength), rows, rowLength);
    }

    internal readonly ref struct SparsemaxBackwardRow<T>(ref readonly T y, ref readonly T dy, ref T dx, nuint length) : IRowKernel<T>
        where T : unmanaged
    {
        private readonly ref readonly T _y = ref y;
        private readonly ref readonly T _dy = ref dy;
        private readonly ref T _dx = ref dx;

        public void Invoke<TV>(nuint row) where TV : struct, IVectorMemory<TV, T>
        {
            nuint offset = row * length;
            ref readonly T y = ref Unsafe.Add(ref Unsafe.AsRef(in _y), offset);
            ref readonly T dy = ref Unsafe.Add(ref Unsafe.AsRef(in _dy), offset);
            TV sum = RowwiseLoop.SumPair<T, TV, SupportGradientTerm<T, TV>>(new(in y, in dy), length, out _, out TV count);
            RowwiseLoop.Map<T, TV, SparsemaxGradientTerm<T, TV>>(new(in y, in dy, sum / count), ref Unsafe.Add(ref _dx, offset), length);
        }
    }

    /// <summary>(dy, 1) where y &gt; 0, (0, 0) elsewhere.</summary>
    internal readonly ref struct SupportGradientTerm<T, TV>(ref readonly T y, ref readonly T dy) : IRowPairTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        private readonly ref readonly T _y = ref y;
        private readonly ref readonly T _dy = ref dy;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index, out TV second)
        {
            TV inside = TV.GreaterThan(TV.Load(in _y, index), TV.Create(0.0));
            second = inside & TV.Create(1.0);
            return inside & TV.Load(in _dy, index);
        }
    }

    /// <summary>dy − mean on the support; y·0 elsewhere (+0, or NaN in a NaN row).</summary>
    internal readonly ref struct SparsemaxGradientTerm<T, TV>(ref readonly T y, ref readonly T dy, TV mean) : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        private readonly ref readonly T _y = ref y;
        private readonly ref readonly T _dy = ref dy;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index)
        {
            TV y = TV.Load(in _y, index);
            TV zero = TV.Create(0.0);
            return TV.SelectGreaterThan(y, zero, TV.Load(in _dy, index) - mean, y * zero);
        }
    }
}
