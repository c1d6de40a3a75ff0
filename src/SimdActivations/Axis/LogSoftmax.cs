using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes <c>log_softmax(x)ᵢ = (xᵢ − max x) − log Σⱼ e^(xⱼ − max x)</c> over each row.</summary>
        /// <param name="x">The input: row-major rows of <paramref name="rowLength"/> elements.</param>
        /// <param name="destination">Receives the log-softmax of each row; it may be <paramref name="x"/> itself.</param>
        /// <param name="rowLength">The length of the rows (the last axis); the overload without it takes the whole span as one row.</param>
        /// <remarks>
        /// Three passes over each row: the maximum, the compensated sum of the exponentials (not stored), and the map
        /// y = x − (max + log sum), with max + log sum carried as an exact pair and the logarithm taken of the sum's
        /// pair, so nothing cancels. Long rows written to another span take two, from the maximum of a sample of
        /// the row, and fall back to the three where the sample misses the row's maximum by too much. Zeros are −0 (the
        /// function is negative but at a lone maximum). −∞ elements give −∞; a row holding +∞ or NaN gives a NaN row, as
        /// does a row of −∞ only (PyTorch).
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="rowLength"/> is not positive or does not divide the length
        /// of <paramref name="x"/>; <paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void LogSoftmax<T>(ReadOnlySpan<T> x, Span<T> destination, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, rowLength, default(LogSoftmaxForward));

        /// <inheritdoc cref="LogSoftmax{T}(ReadOnlySpan{T}, Span{T}, int)"/>
        public static void LogSoftmax<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, null, default(LogSoftmaxForward));

        /// <summary>Computes the log-softmax of each row in place.</summary>
        /// <param name="values">The input rows, overwritten by their log-softmax.</param>
        /// <param name="rowLength">The length of the rows; the overload without it takes the whole span as one row.</param>
        /// <exception cref="ArgumentException"><paramref name="rowLength"/> is not positive or does not divide the length.</exception>
        public static void LogSoftmax<T>(Span<T> values, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(values, values, rowLength, default(LogSoftmaxForward));

        /// <inheritdoc cref="LogSoftmax{T}(Span{T}, int)"/>
        public static void LogSoftmax<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(values, values, null, default(LogSoftmaxForward));

        /// <summary>Computes the log-softmax backward pass <c>dx = dy − e^y·Σdy</c> over each row, from the forward output y.</summary>
        /// <param name="y">The forward output <c>log_softmax(x)</c>.</param>
        /// <param name="dy">The gradient with respect to <paramref name="y"/>.</param>
        /// <param name="dx">Receives the gradient with respect to x; it may be <paramref name="y"/> or <paramref name="dy"/>.</param>
        /// <param name="rowLength">The length of the rows; the overload without it takes the whole span as one row.</param>
        /// <exception cref="ArgumentException">The lengths disagree, the row length is not positive or does not divide
        /// them, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void LogSoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(y, dy, dx, rowLength, default(LogSoftmaxBackwardRows));

        /// <inheritdoc cref="LogSoftmaxBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int)"/>
        public static void LogSoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(y, dy, dx, null, default(LogSoftmaxBackwardRows));

        /// <summary>Computes the log-softmax along <paramref name="axis"/> of a tensor span (PyTorch's <c>log_softmax(x, dim)</c>).</summary>
        /// <param name="x">The input, of any rank and strides.</param>
        /// <param name="destination">Receives the result (lengths of <paramref name="x"/>); it may be <paramref name="x"/> itself.</param>
        /// <param name="axis">The axis; negative values count from the end.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="destination"/> broadcasts or
        /// partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is outside [−rank, rank).</exception>
        public static void LogSoftmax<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> destination, int axis = -1) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, axis, default(LogSoftmaxForward));

        /// <summary>Computes <c>dx = dy − e^y·Σdy</c> along <paramref name="axis"/> of tensor spans.</summary>
        /// <param name="y">The forward output.</param>
        /// <param name="dy">The gradient with respect to <paramref name="y"/>.</param>
        /// <param name="dx">Receives the gradient with respect to x; it may be <paramref name="y"/> or <paramref name="dy"/>.</param>
        /// <param name="axis">The axis; negative values count from the end.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> broadcasts or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is outside [−rank, rank).</exception>
        public static void LogSoftmaxBackward<T>(ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx, int axis = -1) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(y, dy, dx, axis, default(LogSoftmaxBackwardRows));
    }

    /// <summary>Log-softmax over rows; registry name <c>log_softmax</c> (alias <c>logsoftmax</c>), parameters <c>dim</c>
    /// and <c>row_length</c>.</summary>
    public sealed class LogSoftmaxActivation : AxisActivation
    {
        /// <summary>Creates the log-softmax activation.</summary>
        /// <param name="rowLength">The row length of the span methods; 0: each span is one row.</param>
        /// <param name="dim">The axis of the tensor-span methods.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowLength"/> is negative.</exception>
        public LogSoftmaxActivation(int rowLength = 0, int dim = -1)
            : base(PointwiseActivation.FormatName("log_softmax", DimParameter(dim), RowLengthParameter(rowLength)), rowLength, dim)
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y, int? rowLength) => Rowwise.Forward(x, y, rowLength, default(LogSoftmaxForward));

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int? rowLength) =>
            Rowwise.Backward(y, dy, dx, rowLength, default(LogSoftmaxBackwardRows));

        private protected override void TensorForwardCore<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> y, int axis) => Activations.LogSoftmax(x, y, axis);

        private protected override void TensorBackwardCore<T>(ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx, int axis) =>
            Activations.LogSoftmaxBackward(y, dy, dx, axis);
    }
}

namespace SimdActivations.Kernels
{
    internal readonly struct LogSoftmaxForward : IRowForward
    {
        public int OutputLength(int rowLength, string parameterName) => rowLength;

        public void Run<TC>(ref readonly TC x, ref TC y, nuint rows, nuint rowLength) where TC : unmanaged, IBinaryFloatingPointIeee754<TC>
        {
            if (!RowwiseLoop.RunInLanes(default(LogSoftmaxLanes<TC>), in x, in x, ref y, rows, rowLength, rowLength))
            {
                RowwiseLoop.Run<TC, LogSoftmaxRow<TC>>(new(in x, ref y, rowLength), rows, rowLength);
            }
        }
    }

    /// <summary>Log-softmax of Count short rows at once, rows in the lanes.</summary>
    internal readonly struct LogSoftmaxLanes<T> : ILaneKernel<T>
        where T : unmanaged
    {
        public void Invoke<TV>(ref T block, ref T unused, nuint length) where TV : struct, IVectorMemory<TV, T>
        {
            nuint lanes = (nuint)TV.Count;
            nuint end = length * lanes;
            TV max = TV.Load(in block, 0);
            for (nuint i = lanes; i < end; i += lanes)
            {
                max = TV.ClampBelow(TV.Load(in block, i), max);
            }

            TV floor = ExpDifferenceTerm<T, TV, IdentityOperator>.Floor(max);
            TV high = TV.Create(UnitTerms.Start), error = TV.Create(0.0);
            for (nuint i = 0; i < end; i += lanes)
            {
                high = UnitTerms.Add(high, VectorMath.ExpOfDifference(TV.ClampBelow(TV.Load(in block, i), floor), max), ref error);
            }

            TV sum = UnitTerms.Finish(high, error, out TV sumLow);
            var term = new LogSoftmaxTerm<T, TV>(in block, max, LogSoftmaxRow<T>.Log(sum, sumLow));
            for (nuint i = 0; i < end; i += lanes)
            {
                TV.Store(term.At(i), ref block, i);
            }
        }
    }

    /// <summary>One log-softmax row: m = max, the compensated S = Σ e^(x − m) (softmax's terms, first without the floor:
    /// a sum above the row's length or NaN means a −∞ or huge negative x, and the sum is taken again with it; 2.64–2.71
    /// → 2.92–2.93 elements/ns on a 16 Ki row), L = log S from the pair, then y = x − (m + L) with m + L as an exact
    /// pair.</summary>
    internal readonly ref struct LogSoftmaxRow<T>(ref readonly T x, ref T y, nuint length) : IRowKernel<T>
        where T : unmanaged
    {
        private readonly ref readonly T _x = ref x;
        private readonly ref T _y = ref y;

        public void Invoke<TV>(nuint row) where TV : struct, IVectorMemory<TV, T>
        {
            ref readonly T x = ref Unsafe.Add(ref Unsafe.AsRef(in _x), row * length);
            if (RowwiseLoop.FitsInTwo<TV>(length))
            {
                InRegisters<TV>(in x, ref Unsafe.Add(ref _y, row * length), length);
                return;
            }

            ref T y = ref Unsafe.Add(ref _y, row * length);
            if (length >= (nuint)TV.Count * SoftmaxRow<T, IdentityOperator>.SampledRowVectors
                && !Unsafe.AreSame(ref Unsafe.AsRef(in x), ref y) && FromSample<TV>(in x, ref y, length))
            {
                return;
            }

            TV max = RowwiseLoop.Max<TV, RowwiseLoop.LoadTerm<T, TV, IdentityOperator>>(new(in x), length);
            TV sum, sumLow;
            if (ExpBelowMaxTerm<T, TV, IdentityOperator>.Serves(max))
            {
                sum = RowwiseLoop.Sum<T, TV, UnflooredExpTerm<T, TV, IdentityOperator>, PositiveTerms>(new(in x, max), length, out sumLow);
                if (TV.AnyTrue(TV.GreaterThan(sum, TV.Create((double)length)) | TV.IsNaN(sum)))
                {
                    sum = RowwiseLoop.Sum<T, TV, ExpBelowMaxTerm<T, TV, IdentityOperator>, PositiveTerms>(new(in x, max), length, out sumLow);
                }
            }
            else
            {
                sum = RowwiseLoop.Sum<T, TV, ExpDifferenceTerm<T, TV, IdentityOperator>, PositiveTerms>(new(in x, max), length, out sumLow);
            }

            if (TV.AnyTrue(TV.LessThan(sum, TV.Create(2.0))))
            {
                sum = SumBesideTheMaximum<TV>(in x, length, max, out sumLow);
            }

            TV log = Log(sum, sumLow);
            RowwiseLoop.MapUnrolled<T, TV, LogSoftmaxTerm<T, TV>>(new(in x, max, log), ref y, length);
        }

        /// <summary>
        /// A long row in two passes instead of three, as softmax's (<see cref="SoftmaxRow{T, TSign}"/>): with m₀
        /// the maximum of every 16th vector, S₀ = Σ e^(x − m₀) and L₀ = log S₀, y = x − (m₀ + L₀), which is x − (m + L)
        /// for the row's maximum m and L = log S = L₀ − (m − m₀). The sum's pass also stores d = x − m₀ into y, and the
        /// output pass takes y = d − L₀ in place, as softmax scales its stored terms: where it read x and wrote y, a
        /// second row's worth of cache lines, log-softmax ran at 0.87–0.90× softmax, and 0.92–0.94× this way (16 Ki row,
        /// alternating runs). d's rounding is at most half an ULP of y: d ≤ 0 gives |y| = |d| + L₀, and d > 0 passes the
        /// check below only for d ≤ L₀/8, where |y| ≥ 7/8·L₀ > d; with y's own rounding that is the two roundings of
        /// x − (m₀ + L₀) formed as a pair. The output pass tracks y's maximum, −L, and the result stands when
        /// L ≥ 7/8·L₀ (m − m₀ ≤ L₀/8) and L ≥ ln 2: L₀'s error, about an ULP of L₀, is then at most 8/7 of an ULP of L,
        /// the size of y at the maximum, and S ≥ 2 leaves no spike for <see cref="SumBesideTheMaximum"/>. Otherwise
        /// false, and the caller computes the row again from x (hence not in place).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool FromSample<TV>(ref readonly T x, ref T y, nuint n) where TV : struct, IVectorMemory<TV, T>
        {
            TV sample = RowwiseLoop.SampledMax<TV, RowwiseLoop.LoadTerm<T, TV, IdentityOperator>>(new(in x), n, SoftmaxRow<T, IdentityOperator>.SampleStride);
            if (!ExpBelowMaxTerm<T, TV, IdentityOperator>.Serves(sample))
            {
                return false;
            }

            TV sum = RowwiseLoop.SumStoringSecond<T, TV, ExpAndDifferenceTerm<T, TV>, PositiveTerms>(new(in x, sample), ref y, n, out TV sumLow);
            TV limit = TV.Create(TV.IsDouble ? SoftmaxRow<T, IdentityOperator>.SampledSumLimitDouble : SoftmaxRow<T, IdentityOperator>.SampledSumLimitSingle);
            if (TV.AnyTrue(TV.GreaterThan(sum, limit) | TV.IsNaN(sum)))
            {
                return false;
            }

            TV log = Log(sum, sumLow);
            if (TV.AnyTrue(TV.LessThan(log, TV.Create(0.69314718055994531))))
            {
                // L ≤ L₀ < ln 2: a spike dominates the row, and the check below would fail after the output pass.
                return false;
            }

            // y's maximum is −L (at the row's maximum), to y's rounding: L ≥ 7/8·L₀ ⇔ m − m₀ ≤ L₀/8.
            TV top = RowwiseLoop.MapUnrolledWithMax<T, TV, DifferenceLessLogTerm<T, TV>>(new(in y, log), ref y, n);
            return !TV.AnyTrue(TV.GreaterThan(top, log * TV.Create(-0.875)) | TV.GreaterThan(top, TV.Create(-0.69314718055994531)) | TV.IsNaN(top));
        }

        /// <summary>
        /// S = c + T for a row whose maximum's term is over half its sum (S &lt; 2): c the number of terms that are
        /// exactly 1 (x = m, or within the exponential's last bit of it) and T the sum of the others, compensated from
        /// zero with TwoSum. There y = −log S at the maximum is about −T/c and needs T to its own precision, which the
        /// first sum cannot give: in the lane that holds the maximum's 1 every term under half its last bit passes whole
        /// into the plain sum of rounding errors (with lanes that started at 1, a spike 30 above a 16 Ki row of
        /// [−10, 10] measured 9.8 ULP at the maximum, 175 ULP at 256 Ki elements). Such rows pay a second exponential pass.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static TV SumBesideTheMaximum<TV>(ref readonly T x, nuint n, TV max, out TV sumLow) where TV : struct, IVectorMemory<TV, T>
        {
            TV units;
            TV rest, restLow;
            if (ExpBelowMaxTerm<T, TV, IdentityOperator>.Serves(max))
            {
                rest = RowwiseLoop.SumPair<T, TV, BelowOneTerm<TV, ExpBelowMaxTerm<T, TV, IdentityOperator>>>(new(new(in x, max)), n, out restLow, out units);
            }
            else
            {
                rest = RowwiseLoop.SumPair<T, TV, BelowOneTerm<TV, ExpDifferenceTerm<T, TV, IdentityOperator>>>(new(new(in x, max)), n, out restLow, out units);
            }

            TV sum = units + rest;
            sumLow = VectorMath.TwoSumError(units, rest, sum) + restLow;
            TV high = sum + sumLow;
            sumLow -= high - sum;
            return high;
        }

        /// <summary>
        /// The same computation on a row held in two registers (as softmax's): the maximum and the compensated sum across
        /// the lanes, no passes. Out of line, so that the row loop keeps its inlining budget (three passes per row of
        /// 16–32 floats ran at 0.10 elements/ns).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void InRegisters<TV>(ref readonly T x, ref T y, nuint n) where TV : struct, IVectorMemory<TV, T>
        {
            TV first = TV.Load(in x, 0);
            TV last = RowwiseLoop.LoadLast<T, TV>(in x, n);
            TV sum = SoftmaxRow<T, IdentityOperator>.ExpSumOfTwo(first, last, n, out TV max, out _, out _, out TV sumLow);
            TV log = Log(sum, sumLow);
            TV offset = max + log;
            TV offsetLow = VectorMath.TwoSumError(max, log, offset);
            RowwiseLoop.StoreTwo(-((offset - first) + offsetLow), -((offset - last) + offsetLow), ref y, n);
        }

        /// <summary>Out of line: inlined, the logarithm would exhaust the row's inlining budget (once per row, the call is cheap).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static TV Log<TV>(TV sum, TV sumLow) where TV : struct, IFloatVector<TV> => VectorMath.LogOfPair(sum, sumLow);
    }

    /// <summary>e^(x − m₀) without the floor (<see cref="UnflooredExpTerm{T, TV, TSign}"/>) and d = x − m₀ rounded, from one
    /// load of x: the sampled path's first pass, which stores d for the second.</summary>
    internal readonly ref struct ExpAndDifferenceTerm<T, TV>(ref readonly T x, TV max) : IRowPairTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        private readonly ExpBelowMaxTerm<T, TV, IdentityOperator> _term = new(in x, max);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index, out TV difference) => _term.AtWithoutFloor(index, max, out difference);
    }

    /// <summary>y = d − L from the stored d = x − m₀, negated last as in <see cref="LogSoftmaxTerm{T, TV}"/> (a zero is −0).</summary>
    internal readonly ref struct DifferenceLessLogTerm<T, TV>(ref readonly T difference, TV log) : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        private readonly ref readonly T _difference = ref difference;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index) => -(log - TV.Load(in _difference, index));
    }

    /// <summary>
    /// A term with its exact ones set apart: the term where it is below 1 (else 0), and 1 where it is exactly 1 (else 0),
    /// for a sum of the rest and a count (<see cref="RowwiseLoop.SumPair{T, TV, TTerm}"/>).
    /// </summary>
    internal readonly ref struct BelowOneTerm<TV, TInner>(TInner inner) : IRowPairTerm<TV>
        where TV : struct, IFloatVector<TV>
        where TInner : IRowTerm<TV>, allows ref struct
    {
        private readonly TInner _inner = inner;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index, out TV ones)
        {
            TV term = _inner.At(index);
            ones = TV.Equal(term, TV.Create(1.0)) & TV.Create(1.0);
            return term - ones;
        }
    }

    /// <summary>
    /// y = x − c with c = m + L carried as an exact pair (c_high, c_low) = TwoSum(m, L): y = −((c_high − x) + c_low).
    /// x − c_high is within half an ULP of y (it differs from y by c_low, below half an ULP of c_high, and where y is
    /// small against c it is exact, by Sterbenz), so y takes about two roundings and L's own error, and nothing
    /// cancels: where x is the maximum, y = −L to L's accuracy. Negated last so that a zero is −0, the sign of a
    /// function that is negative everywhere but at a lone maximum (and of its tiny values that round to zero);
    /// x = −∞ gives −∞.
    /// </summary>
    internal readonly ref struct LogSoftmaxTerm<T, TV> : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        private readonly ref readonly T _x;
        private readonly TV _high;
        private readonly TV _low;

        public LogSoftmaxTerm(ref readonly T x, TV max, TV log)
        {
            _x = ref x;
            _high = max + log;
            _low = VectorMath.TwoSumError(max, log, _high);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index) => -((_high - TV.Load(in _x, index)) + _low);
    }

    /// <summary>dx = dy − e^y·Σdy for each row.</summary>
    internal readonly struct LogSoftmaxBackwardRows : IRowBackward
    {
        public int OutputLength(int rowLength, string parameterName) => rowLength;

        public void Run<TC>(ref readonly TC first, ref readonly TC second, ref TC dx, nuint rows, nuint rowLength)
            where TC : unmanaged, IBinaryFloatingPointIeee754<TC>
        {
            if (!RowwiseLoop.RunInLanes(default(LogSoftmaxBackwardLanes<TC>), in first, in second, ref dx, rows, rowLength, rowLength))
            {
                RowwiseLoop.Run<TC, LogSoftmaxBackwardRow<TC>>(new(in first, in second, ref dx, rowLength), rows, rowLength);
            }
        }
    }

    /// <summary>The log-softmax backward of Count short rows at once, rows in the lanes (y in the first block, dy in the second).</summary>
    internal readonly struct LogSoftmaxBackwardLanes<T> : ILaneKernel<T>
        where T : unmanaged
    {
        public void Invoke<TV>(ref T y, ref T dy, nuint length) where TV : struct, IVectorMemory<TV, T>
        {
            nuint lanes = (nuint)TV.Count;
            nuint end = length * lanes;
            TV total = TV.Create(0.0), error = total;
            for (nuint i = 0; i < end; i += lanes)
            {
                TV g = TV.Load(in dy, i);
                TV sum = total + g;
                error += VectorMath.TwoSumError(total, g, sum);
                total = sum;
            }

            var term = new LogSoftmaxGradientTerm<T, TV>(in y, in dy, total + error);
            for (nuint i = 0; i < end; i += lanes)
            {
                TV.Store(term.At(i), ref y, i);
            }
        }
    }

    internal readonly ref struct LogSoftmaxBackwardRow<T>(ref readonly T y, ref readonly T dy, ref T dx, nuint length) : IRowKernel<T>
        where T : unmanaged
    {
        private readonly ref readonly T _y = ref y;
        private readonly ref readonly T _dy = ref dy;
        private readonly ref T _dx = ref dx;

        public void Invoke<TV>(nuint row) where TV : struct, IVectorMemory<TV, T>
        {
            nuint offset = row * length;
            ref readonly T dy = ref Unsafe.Add(ref Unsafe.AsRef(in _dy), offset);
            ref readonly T y = ref Unsafe.Add(ref Unsafe.AsRef(in _y), offset);
            ref T dx = ref Unsafe.Add(ref _dx, offset);
            // Σdy in blocks of four (GradientTerms) is a pass over dy alone at a fraction of the exponential's cost; the
            // exponential then joins the output's multiply-add. Storing e^y into dx while Σdy was summed, then
            // dx = dy − e^y·Σdy in place, ran a 16 Ki row at 3.07–3.18 against 3.49–3.81 elements/ns this way
            // (alternating runs), and 2.41–2.48 when every vector of Σdy took a TwoSum.
            TV total = RowwiseLoop.Sum<T, TV, RowwiseLoop.LoadTerm<T, TV, IdentityOperator>, GradientTerms>(new(in dy), length, out _);
            RowwiseLoop.Map<T, TV, LogSoftmaxGradientTerm<T, TV>>(new(in y, in dy, total), ref dx, length);
        }
    }

    /// <summary>dy − e^y·total, fused: the log-softmax backward's output term.</summary>
    internal readonly ref struct LogSoftmaxGradientTerm<T, TV>(ref readonly T y, ref readonly T dy, TV total) : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        private readonly ref readonly T _y = ref y;
        private readonly ref readonly T _dy = ref dy;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index) => TV.MultiplyAddNegated(VectorMath.Exp(TV.Load(in _y, index)), total, TV.Load(in _dy, index));
    }
}
