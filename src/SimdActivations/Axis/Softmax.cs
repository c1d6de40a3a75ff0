using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes <c>softmax(x)ᵢ = e^(xᵢ − max x) / Σⱼ e^(xⱼ − max x)</c> over each row.</summary>
        /// <param name="x">The input: row-major rows of <paramref name="rowLength"/> elements.</param>
        /// <param name="destination">Receives the softmax of each row; it may be <paramref name="x"/> itself.</param>
        /// <param name="rowLength">The length of the rows (the last axis); the overload without it takes the whole span as one row.</param>
        /// <remarks>
        /// Stable for every input: the row maximum is subtracted (with the difference carried exactly into the
        /// exponential) and the row sum is compensated, so [1000, 1001, 1002] gives [0.090, 0.245, 0.665] to within
        /// 2 ULP (TensorPrimitives.SoftMax gives NaN there). Three passes over each row: the maximum, the exponentials
        /// (stored) with their sum, and the scaling by the reciprocal of the sum, taken as a pair for one rounding. A row
        /// holding +∞ or NaN gives a NaN row, as does a row of −∞ only (PyTorch); −∞ elements give 0.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="rowLength"/> is not positive or does not divide the length
        /// of <paramref name="x"/>; <paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> destination, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, rowLength, default(SoftmaxForward<IdentityOperator>));

        /// <inheritdoc cref="Softmax{T}(ReadOnlySpan{T}, Span{T}, int)"/>
        public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, null, default(SoftmaxForward<IdentityOperator>));

        /// <summary>Computes the softmax of each row in place.</summary>
        /// <param name="values">The input rows, overwritten by their softmax.</param>
        /// <param name="rowLength">The length of the rows; the overload without it takes the whole span as one row.</param>
        /// <exception cref="ArgumentException"><paramref name="rowLength"/> is not positive or does not divide the length.</exception>
        public static void Softmax<T>(Span<T> values, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(values, values, rowLength, default(SoftmaxForward<IdentityOperator>));

        /// <inheritdoc cref="Softmax{T}(Span{T}, int)"/>
        public static void Softmax<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(values, values, null, default(SoftmaxForward<IdentityOperator>));

        /// <summary>Computes the softmax backward pass <c>dx = y ⊙ (dy − ⟨dy, y⟩)</c> over each row, from the forward
        /// output y (the input is not needed).</summary>
        /// <param name="y">The forward output <c>softmax(x)</c>.</param>
        /// <param name="dy">The gradient with respect to <paramref name="y"/>.</param>
        /// <param name="dx">Receives the gradient with respect to x; it may be <paramref name="y"/> or <paramref name="dy"/>.</param>
        /// <param name="rowLength">The length of the rows; the overload without it takes the whole span as one row.</param>
        /// <remarks>Two passes per row: the compensated dot product ⟨dy, y⟩, then the map.</remarks>
        /// <exception cref="ArgumentException">The lengths disagree, the row length is not positive or does not divide
        /// them, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void SoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(y, dy, dx, rowLength, default(SoftmaxBackwardRows<IdentityOperator>));

        /// <inheritdoc cref="SoftmaxBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int)"/>
        public static void SoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(y, dy, dx, null, default(SoftmaxBackwardRows<IdentityOperator>));

        /// <summary>Computes the softmax along <paramref name="axis"/> of a tensor span (PyTorch's <c>softmax(x, dim)</c>).</summary>
        /// <param name="x">The input, of any rank and strides.</param>
        /// <param name="destination">Receives the result (lengths of <paramref name="x"/>); it may be <paramref name="x"/> itself.</param>
        /// <param name="axis">The axis; negative values count from the end.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="destination"/> broadcasts or
        /// partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is outside [−rank, rank).</exception>
        public static void Softmax<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> destination, int axis = -1) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, axis, default(SoftmaxForward<IdentityOperator>));

        /// <summary>Computes <c>dx = y ⊙ (dy − ⟨dy, y⟩)</c> along <paramref name="axis"/> of tensor spans.</summary>
        /// <param name="y">The forward output.</param>
        /// <param name="dy">The gradient with respect to <paramref name="y"/>.</param>
        /// <param name="dx">Receives the gradient with respect to x; it may be <paramref name="y"/> or <paramref name="dy"/>.</param>
        /// <param name="axis">The axis; negative values count from the end.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> broadcasts or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is outside [−rank, rank).</exception>
        public static void SoftmaxBackward<T>(ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx, int axis = -1) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(y, dy, dx, axis, default(SoftmaxBackwardRows<IdentityOperator>));
    }

    /// <summary>Softmax over rows; registry name <c>softmax</c>, parameters <c>dim</c> (tensor axis, −1) and
    /// <c>row_length</c> (span rows, 0 = each span is one row).</summary>
    public sealed class SoftmaxActivation : AxisActivation
    {
        /// <summary>Creates the softmax activation.</summary>
        /// <param name="rowLength">The row length of the span methods; 0: each span is one row.</param>
        /// <param name="dim">The axis of the tensor-span methods.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowLength"/> is negative.</exception>
        public SoftmaxActivation(int rowLength = 0, int dim = -1)
            : base(PointwiseActivation.FormatName("softmax", DimParameter(dim), RowLengthParameter(rowLength)), rowLength, dim)
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y, int? rowLength) => Rowwise.Forward(x, y, rowLength, default(SoftmaxForward<IdentityOperator>));

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int? rowLength) =>
            Rowwise.Backward(y, dy, dx, rowLength, default(SoftmaxBackwardRows<IdentityOperator>));

        private protected override void TensorForwardCore<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> y, int axis) => Activations.Softmax(x, y, axis);

        private protected override void TensorBackwardCore<T>(ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx, int axis) =>
            Activations.SoftmaxBackward(y, dy, dx, axis);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>Softmax of each row of x, or of −x (softmin) with <typeparamref name="TSign"/> = <see cref="NegateOperator"/>.</summary>
    internal readonly struct SoftmaxForward<TSign> : IRowForward where TSign : struct, IRowSign
    {
        public int OutputLength(int rowLength, string parameterName) => rowLength;

        public void Run<TC>(ref readonly TC x, ref TC y, nuint rows, nuint rowLength) where TC : unmanaged, IBinaryFloatingPointIeee754<TC>
        {
            if (!RowwiseLoop.RunInLanes(default(SoftmaxLanes<TC, TSign>), in x, in x, ref y, rows, rowLength, rowLength))
            {
                RowwiseLoop.Run<TC, SoftmaxRow<TC, TSign>>(new(in x, ref y, rowLength), rows, rowLength);
            }
        }
    }

    /// <summary>Softmax of Count short rows at once, rows in the lanes: the row's passes become vertical loops over
    /// its elements (the maximum, the stored exponentials with their compensated sum, the scaling).</summary>
    internal readonly struct SoftmaxLanes<T, TSign> : ILaneKernel<T>
        where T : unmanaged
        where TSign : struct, IRowSign
    {
        public void Invoke<TV>(ref T block, ref T unused, nuint length) where TV : struct, IVectorMemory<TV, T>
        {
            nuint lanes = (nuint)TV.Count;
            nuint end = length * lanes;
            TV max = default(TSign).Invoke(TV.Load(in block, 0));
            for (nuint i = lanes; i < end; i += lanes)
            {
                max = TV.ClampBelow(default(TSign).Invoke(TV.Load(in block, i)), max);
            }

            TV floor = ExpDifferenceTerm<T, TV, TSign>.Floor(max);
            TV high = TV.Create(UnitTerms.Start), error = TV.Create(0.0);
            for (nuint i = 0; i < end; i += lanes)
            {
                TV e = VectorMath.ExpOfDifference(TV.ClampBelow(default(TSign).Invoke(TV.Load(in block, i)), floor), max);
                high = UnitTerms.Add(high, e, ref error);
                TV.Store(e, ref block, i);
            }

            TV sum = UnitTerms.Finish(high, error, out TV sumLow);
            TV scale = VectorMath.Reciprocal(sum, sumLow, out TV scaleLow);
            for (nuint i = 0; i < end; i += lanes)
            {
                TV e = TV.Load(in block, i);
                TV.Store(TV.MultiplyAdd(e, scale, e * scaleLow), ref block, i);
            }
        }
    }

    /// <summary>
    /// One softmax row: m = max, e = e^(x − m) stored with their compensated sum S, then y = e·(1/S) with 1/S as a
    /// pair (one rounding per output). For |m| ≤ 1000 the exponentials come from x and m reduced separately
    /// (<see cref="ExpBelowMaxTerm{T, TV, TSign}"/>: no exact difference to carry, a quarter of the pass's operations fewer). Each x is
    /// clamped from below to a floor far enough under m that its exponential is 0 anyway, which keeps x − m finite (no
    /// ∞ − ∞ in the exact difference) for −∞ elements.
    /// </summary>
    /// <remarks>
    /// Rows of at least <see cref="SampledRowVectors"/> vectors skip the pass for m: m₀, the maximum of every
    /// <see cref="SampleStride"/>-th vector (a sixteenth of the row's cache lines), stands in for m in one pass of
    /// e^(x − m₀) without the floor (<see cref="UnflooredExpTerm{T, TV, TSign}"/>). Softmax is the same for any shift,
    /// and m₀ ≤ m only makes the terms larger: none of the row's values is lost to underflow that m keeps. The pass
    /// is kept when its sum S is at most 2¹⁰⁰ (2⁹⁰⁰ for double): then every term is finite, 1/S and its low part are
    /// normal, and S ≥ 1 (the maximum's term is e^(m − m₀)). Otherwise (an element far above the sample, +∞, NaN, or a
    /// −∞ or huge negative x, whose unfloored term is +∞ or NaN) the row is computed again as below. Two passes
    /// instead of three: softmax of a 16 Ki float row spent 1.1 of its 6.4 ns per vector in the maximum's pass.
    /// </remarks>
    internal readonly ref struct SoftmaxRow<T, TSign>(ref readonly T x, ref T y, nuint length) : IRowKernel<T>
        where T : unmanaged
        where TSign : struct, IRowSign
    {
        /// <summary>Rows at least this many vectors long start from a sampled maximum (1 Ki floats at 512 bits).</summary>
        internal const int SampledRowVectors = 64;

        /// <summary>The sample's stride in vectors.</summary>
        internal const nuint SampleStride = 16;

        /// <summary>The largest sum from a sampled maximum that is kept: 2¹⁰⁰ (float), 2⁹⁰⁰ (double).</summary>
        internal const double SampledSumLimitSingle = 1.2676506002282294e30;

        internal const double SampledSumLimitDouble = 8.452712498170644e270;

        private readonly ref readonly T _x = ref x;
        private readonly ref T _y = ref y;

        public void Invoke<TV>(nuint row) where TV : struct, IVectorMemory<TV, T>
        {
            ref readonly T x = ref Unsafe.Add(ref Unsafe.AsRef(in _x), row * length);
            ref T y = ref Unsafe.Add(ref _y, row * length);
            if (RowwiseLoop.FitsInTwo<TV>(length))
            {
                InRegisters<TV>(in x, ref y, length);
                return;
            }

            if (length >= (nuint)TV.Count * SampledRowVectors)
            {
                TV sample = RowwiseLoop.SampledMax<TV, RowwiseLoop.LoadTerm<T, TV, TSign>>(new(in x), length, SampleStride);
                if (ExpBelowMaxTerm<T, TV, TSign>.Serves(sample))
                {
                    TV total = RowwiseLoop.SumStoring<T, TV, UnflooredExpTerm<T, TV, TSign>, PositiveTerms>(new(in x, sample), ref y, length, out TV totalLow);
                    if (!TV.AnyTrue(TV.GreaterThan(total, TV.Create(TV.IsDouble ? SampledSumLimitDouble : SampledSumLimitSingle)) | TV.IsNaN(total)))
                    {
                        Scale<TV>(ref y, length, total, totalLow);
                        return;
                    }
                }
            }

            TV max = RowwiseLoop.Max<TV, RowwiseLoop.LoadTerm<T, TV, TSign>>(new(in x), length);
            TV sum, sumLow;
            if (ExpBelowMaxTerm<T, TV, TSign>.Serves(max))
            {
                sum = RowwiseLoop.SumStoring<T, TV, ExpBelowMaxTerm<T, TV, TSign>, PositiveTerms>(new(in x, max), ref y, length, out sumLow);
            }
            else
            {
                sum = RowwiseLoop.SumStoring<T, TV, ExpDifferenceTerm<T, TV, TSign>, PositiveTerms>(new(in x, max), ref y, length, out sumLow);
            }

            Scale<TV>(ref y, length, sum, sumLow);
        }

        /// <summary>y = e/S for the stored exponentials e and their sum S given as a pair.</summary>
        private static void Scale<TV>(ref T y, nuint length, TV sum, TV sumLow) where TV : struct, IVectorMemory<TV, T>
        {
            TV scale = VectorMath.Reciprocal(sum, sumLow, out TV scaleLow);
            RowwiseLoop.MapUnrolled<T, TV, PairScaleTerm<T, TV>>(new(in y, scale, scaleLow), ref y, length);
        }

        /// <summary>The same computation on a row held in two registers (a classifier's 10 logits): no passes, no
        /// trip through memory. Out of line: inlined into the row loop it exhausted the JIT's inlining budget there, and
        /// its vector operations became calls (rows of 16 ran at 0.09 elements/ns, 20 times slower).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void InRegisters<TV>(ref readonly T x, ref T y, nuint n) where TV : struct, IVectorMemory<TV, T>
        {
            TV first = default(TSign).Invoke(TV.Load(in x, 0));
            TV last = default(TSign).Invoke(RowwiseLoop.LoadLast<T, TV>(in x, n));
            TV sum = ExpSumOfTwo(first, last, n, out _, out TV e0, out TV e1, out TV sumLow);
            TV scale = VectorMath.Reciprocal(sum, sumLow, out TV scaleLow);
            RowwiseLoop.StoreTwo(TV.MultiplyAdd(e0, scale, e0 * scaleLow), TV.MultiplyAdd(e1, scale, e1 * scaleLow), ref y, n);
        }

        /// <summary>
        /// For a row of n elements held in two registers (<paramref name="first"/> and the overlapping
        /// <paramref name="last"/>, already sign-transformed): the maximum in every lane, the exponentials e^(x − max) of
        /// both registers, and their compensated sum over the row as a pair (the overlap counted once).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static TV ExpSumOfTwo<TV>(TV first, TV last, nuint n, out TV max, out TV e0, out TV e1, out TV sumLow)
            where TV : struct, IVectorMemory<TV, T>
        {
            max = TV.MaxAcross(TV.ClampBelow(last, first));
            TV floor = ExpDifferenceTerm<T, TV, TSign>.Floor(max);
            e0 = VectorMath.ExpOfDifference(TV.ClampBelow(first, floor), max);
            e1 = VectorMath.ExpOfDifference(TV.ClampBelow(last, floor), max);
            TV added = e1 & RowwiseLoop.LastOnly<T, TV>(n);
            TV high = e0 + added;
            return TV.SumAcross(high, VectorMath.TwoSumError(e0, added, high), out sumLow);
        }
    }

    /// <summary>e^(s(x) − m), s the sign transform, with s(x) clamped to <see cref="Floor"/>.</summary>
    internal readonly ref struct ExpDifferenceTerm<T, TV, TSign> : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TSign : struct, IRowSign
    {
        private readonly ref readonly T _x;
        private readonly TV _max;
        private readonly TV _floor;

        public ExpDifferenceTerm(ref readonly T x, TV max)
        {
            _x = ref x;
            _max = max;
            _floor = Floor(max);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index) => VectorMath.ExpOfDifference(TV.ClampBelow(default(TSign).Invoke(TV.Load(in _x, index)), _floor), _max);

        /// <summary>
        /// m − max(256, |m|·2^−20) for float (2048 and 2^−49 for double): below it e^(x − m) is 0 in the lane type,
        /// and it stays strictly below m however large m is. m = +∞ gives NaN (the clamp keeps x, the row becomes
        /// NaN); m = −∞ gives −∞ (a row of −∞ only becomes NaN through −∞ − (−∞)).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Floor(TV max) =>
            max - TV.ClampBelow(TV.Abs(max) * TV.Create(1.0 / (1L << 49), 1f / (1 << 20)), TV.Create(2048.0, 256f));
    }

    /// <summary>
    /// e^(s(x) − m) through <see cref="VectorMath.ExpBelowMax{TV}"/> (no exact difference to carry), s(x) clamped to
    /// the same floor as <see cref="ExpDifferenceTerm{T, TV, TSign}"/>: for rows whose maximum is within
    /// ±<see cref="VectorMath.ExpBelowMaxLimit"/> (not NaN).
    /// </summary>
    internal readonly ref struct ExpBelowMaxTerm<T, TV, TSign> : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TSign : struct, IRowSign
    {
        private readonly ref readonly T _x;
        private readonly TV _k;
        private readonly TV _c;
        private readonly TV _maxReduced;
        private readonly TV _floor;

        public ExpBelowMaxTerm(ref readonly T x, TV max)
        {
            _x = ref x;
            _maxReduced = VectorMath.ReduceMax(max, out _k, out _c);
            _floor = ExpDifferenceTerm<T, TV, TSign>.Floor(max);
        }

        /// <summary>Whether a row with this maximum (in every lane) is in range.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Serves(TV max) => !TV.AnyTrue(TV.GreaterThan(TV.Abs(max), TV.Create(VectorMath.ExpBelowMaxLimit)) | TV.IsNaN(max));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index) => TSign.ExpBelowMax(TV.Load(in _x, index), _floor, _k, _c, _maxReduced);

        /// <summary>The term without the floor (see <see cref="UnflooredExpTerm{T, TV, TSign}"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV AtWithoutFloor(nuint index) => TSign.ExpBelowMax(TV.Load(in _x, index), _k, _c, _maxReduced);

        /// <summary>The term without the floor, and x − <paramref name="max"/> rounded from the same load.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV AtWithoutFloor(nuint index, TV max, out TV difference)
        {
            TV x = default(TSign).Invoke(TV.Load(in _x, index));
            difference = x - max;
            return VectorMath.ExpBelowMax(x, _k, _c, _maxReduced);
        }
    }

    /// <summary>
    /// e^(s(x) − m) through <see cref="VectorMath.ExpBelowMax{TV}"/> without the floor, for m a row's maximum or a
    /// sample under it, |m| ≤ <see cref="VectorMath.ExpBelowMaxLimit"/>: for x within the reduction's range (|x| ≤ 1300
    /// float, 3100 double) the term is as accurate as there, also above m; outside it the reduction is inexact, but
    /// there x − m is below −300 (−2100 for double), where 2ⁿ underflows and the term is 0, or above 300, where it is
    /// +∞; a polynomial overflowing at the inexact r gives +∞, and x = −∞ or x·log₂e overflowing gives NaN. The term is
    /// never a finite wrong value, and the caller, seeing its sum +∞ or NaN, takes the row again with the floor. One
    /// operation fewer per vector than <see cref="ExpBelowMaxTerm{T, TV, TSign}"/>.
    /// </summary>
    internal readonly ref struct UnflooredExpTerm<T, TV, TSign>(ref readonly T x, TV max) : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TSign : struct, IRowSign
    {
        private readonly ExpBelowMaxTerm<T, TV, TSign> _term = new(in x, max);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index) => _term.AtWithoutFloor(index);
    }

    /// <summary>v·(s + s_low) for a scale given as a pair: one fused rounding.</summary>
    internal readonly ref struct PairScaleTerm<T, TV>(ref readonly T values, TV scale, TV scaleLow) : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        private readonly ref readonly T _values = ref values;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index)
        {
            TV v = TV.Load(in _values, index);
            return TV.MultiplyAdd(v, scale, v * scaleLow);
        }
    }

    /// <summary>dx = y ⊙ s(dy − ⟨dy, y⟩) for each row: s = +1 for softmax, −1 for softmin.</summary>
    internal readonly struct SoftmaxBackwardRows<TSign> : IRowBackward where TSign : struct, IRowSign
    {
        public int OutputLength(int rowLength, string parameterName) => rowLength;

        public void Run<TC>(ref readonly TC first, ref readonly TC second, ref TC dx, nuint rows, nuint rowLength)
            where TC : unmanaged, IBinaryFloatingPointIeee754<TC>
        {
            if (!RowwiseLoop.RunInLanes(default(SoftmaxBackwardLanes<TC, TSign>), in first, in second, ref dx, rows, rowLength, rowLength))
            {
                RowwiseLoop.Run<TC, SoftmaxBackwardRow<TC, TSign>>(new(in first, in second, ref dx, rowLength), rows, rowLength);
            }
        }
    }

    /// <summary>The softmax backward of Count short rows at once, rows in the lanes (y in the first block, dy in the second).</summary>
    internal readonly struct SoftmaxBackwardLanes<T, TSign> : ILaneKernel<T>
        where T : unmanaged
        where TSign : struct, IRowSign
    {
        public void Invoke<TV>(ref T y, ref T dy, nuint length) where TV : struct, IVectorMemory<TV, T>
        {
            nuint lanes = (nuint)TV.Count;
            nuint end = length * lanes;
            TV dot = TV.Create(0.0), error = dot;
            for (nuint i = 0; i < end; i += lanes)
            {
                TV p = TV.Load(in y, i) * TV.Load(in dy, i);
                TV sum = dot + p;
                error += VectorMath.TwoSumError(dot, p, sum);
                dot = sum;
            }

            dot += error;
            for (nuint i = 0; i < end; i += lanes)
            {
                TV.Store(TV.Load(in y, i) * default(TSign).Invoke(TV.Load(in dy, i) - dot), ref y, i);
            }
        }
    }

    internal readonly ref struct SoftmaxBackwardRow<T, TSign>(ref readonly T y, ref readonly T dy, ref T dx, nuint length) : IRowKernel<T>
        where T : unmanaged
        where TSign : struct, IRowSign
    {
        private readonly ref readonly T _y = ref y;
        private readonly ref readonly T _dy = ref dy;
        private readonly ref T _dx = ref dx;

        public void Invoke<TV>(nuint row) where TV : struct, IVectorMemory<TV, T>
        {
            nuint offset = row * length;
            ref readonly T y = ref Unsafe.Add(ref Unsafe.AsRef(in _y), offset);
            ref readonly T dy = ref Unsafe.Add(ref Unsafe.AsRef(in _dy), offset);
            TV dot = RowwiseLoop.Sum<T, TV, ProductTerm<T, TV>, GradientTerms>(new(in y, in dy), length, out _);
            RowwiseLoop.Map<T, TV, SoftmaxGradientTerm<T, TV, TSign>>(new(in y, in dy, dot), ref Unsafe.Add(ref _dx, offset), length);
        }
    }

    /// <summary>a[i]·b[i].</summary>
    internal readonly ref struct ProductTerm<T, TV>(ref readonly T a, ref readonly T b) : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        private readonly ref readonly T _a = ref a;
        private readonly ref readonly T _b = ref b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index) => TV.Load(in _a, index) * TV.Load(in _b, index);
    }

    /// <summary>y·s(dy − dot).</summary>
    internal readonly ref struct SoftmaxGradientTerm<T, TV, TSign>(ref readonly T y, ref readonly T dy, TV dot) : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
        where TSign : struct, IRowSign
    {
        private readonly ref readonly T _y = ref y;
        private readonly ref readonly T _dy = ref dy;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index) => TV.Load(in _y, index) * default(TSign).Invoke(TV.Load(in _dy, index) - dot);
    }
}
