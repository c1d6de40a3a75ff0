using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>
        /// Computes the gated linear unit over each row: the row splits into halves a | b and gives <c>a ⊙ σ(b)</c>,
        /// half as long (PyTorch's <c>glu(x, dim=-1)</c>).
        /// </summary>
        /// <param name="x">The input: row-major rows of <paramref name="rowLength"/> elements, an even number.</param>
        /// <param name="destination">Receives <c>x.Length / 2</c> elements, row after row; it may start at
        /// <paramref name="x"/> (in place: the result then occupies the first half of <paramref name="x"/>).</param>
        /// <param name="rowLength">The length of the rows (the last axis); the overload without it takes the whole span as one row.</param>
        /// <remarks>σ(b) comes from e^−|b| taken apart, and a multiplies it before the final scaling by a power of two,
        /// so a·σ(b) stays accurate when σ(b) alone would be subnormal. ±∞·σ(b) is ±∞ for b &gt; −∞ and NaN for b = −∞.</remarks>
        /// <exception cref="ArgumentException">The row length is odd, not positive or does not divide the length of
        /// <paramref name="x"/>; <paramref name="destination"/> is too short or overlaps <paramref name="x"/> other than
        /// from its start.</exception>
        public static void Glu<T>(ReadOnlySpan<T> x, Span<T> destination, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, rowLength, default(GluForward));

        /// <inheritdoc cref="Glu{T}(ReadOnlySpan{T}, Span{T}, int)"/>
        public static void Glu<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, null, default(GluForward));

        /// <summary>
        /// Computes the GLU backward pass over each row: <c>dx_a = σ(b) ⊙ dy</c> and <c>dx_b = a ⊙ σ(b) ⊙ σ(−b) ⊙ dy</c>.
        /// </summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output (<c>x.Length / 2</c> elements).</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/>
        /// itself or start at <paramref name="dy"/>.</param>
        /// <param name="rowLength">The length of the rows of <paramref name="x"/>; the overload without it takes the whole span as one row.</param>
        /// <exception cref="ArgumentException">The lengths disagree, the row length is odd, not positive or does not divide
        /// the length, or <paramref name="dx"/> is too short or overlaps an input other than from its start.</exception>
        public static void GluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(x, dy, dx, rowLength, default(GluBackwardRows));

        /// <inheritdoc cref="GluBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int)"/>
        public static void GluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(x, dy, dx, null, default(GluBackwardRows));

        /// <summary>Computes the GLU along <paramref name="axis"/> of a tensor span (PyTorch's <c>glu(x, dim)</c>).</summary>
        /// <param name="x">The input, of any rank and strides, with an even length along <paramref name="axis"/>.</param>
        /// <param name="destination">Receives the result: the lengths of <paramref name="x"/> with half along <paramref name="axis"/>.</param>
        /// <param name="axis">The axis; negative values count from the end.</param>
        /// <exception cref="ArgumentException">The length along the axis is odd, the lengths disagree, or
        /// <paramref name="destination"/> broadcasts or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is outside [−rank, rank).</exception>
        public static void Glu<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> destination, int axis = -1) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, axis, default(GluForward));

        /// <summary>Computes the GLU backward pass along <paramref name="axis"/> of tensor spans.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/> (lengths of <paramref name="x"/>).</param>
        /// <param name="axis">The axis; negative values count from the end.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> broadcasts or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is outside [−rank, rank).</exception>
        public static void GluBackward<T>(ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx, int axis = -1) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(x, dy, dx, axis, default(GluBackwardRows));
    }

    /// <summary>The gated linear unit a ⊙ σ(b) over row halves; registry name <c>glu</c>, parameters <c>dim</c> and
    /// <c>row_length</c>. <see cref="AxisActivation.OutputLength"/> halves each row.</summary>
    public sealed class GluActivation : AxisActivation
    {
        /// <summary>Creates the GLU activation.</summary>
        /// <param name="rowLength">The row length of the span methods (even); 0: each span is one row.</param>
        /// <param name="dim">The axis of the tensor-span methods.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowLength"/> is negative or odd.</exception>
        public GluActivation(int rowLength = 0, int dim = -1)
            : base(PointwiseActivation.FormatName("glu", DimParameter(dim), RowLengthParameter(rowLength)), rowLength, dim)
        {
            if (rowLength % 2 != 0)
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(rowLength), rowLength, "even (GLU splits each row into two halves)");
            }
        }

        private protected override int OutputRowLength(int rowLength, string parameterName) => default(GluForward).OutputLength(rowLength, parameterName);

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y, int? rowLength) => Rowwise.Forward(x, y, rowLength, default(GluForward));

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int? rowLength) =>
            Rowwise.Backward(x, dy, dx, rowLength, default(GluBackwardRows));

        private protected override void TensorForwardCore<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> y, int axis) => Activations.Glu(x, y, axis);

        private protected override void TensorBackwardCore<T>(ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx, int axis) =>
            Activations.GluBackward(x, dy, dx, axis);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>Rows of even length L, halves of h = L/2; the output rows have h elements.</summary>
    internal readonly struct GluForward : IRowForward
    {
        public int OutputLength(int rowLength, string parameterName)
        {
            if (rowLength % 2 != 0)
            {
                throw new ArgumentException($"GLU splits each row into two halves: the row length must be even, not {rowLength}.", parameterName);
            }

            return rowLength / 2;
        }

        public void Run<TC>(ref readonly TC x, ref TC y, nuint rows, nuint rowLength) where TC : unmanaged, IBinaryFloatingPointIeee754<TC> =>
            RowwiseLoop.Run<TC, GluRow<TC>>(new(in x, ref y, rowLength), rows, rowLength / 2);
    }

    /// <summary>One GLU row, ascending: output row r ends at (r + 1)·h ≤ r·L for r ≥ 1, before the input rows still to
    /// be read, so an output that starts at the input is safe.</summary>
    internal readonly ref struct GluRow<T>(ref readonly T x, ref T y, nuint length) : IRowKernel<T>
        where T : unmanaged
    {
        private readonly ref readonly T _x = ref x;
        private readonly ref T _y = ref y;

        public void Invoke<TV>(nuint row) where TV : struct, IVectorMemory<TV, T>
        {
            nuint half = length / 2;
            ref readonly T a = ref Unsafe.Add(ref Unsafe.AsRef(in _x), row * length);
            RowwiseLoop.Map<T, TV, GluTerm<T, TV>>(new(in a, in Unsafe.Add(ref Unsafe.AsRef(in a), half)), ref Unsafe.Add(ref _y, row * half), half);
        }
    }

    /// <summary>
    /// a·σ(b) = ScaleB((a/2)/d, m + 1) with 1 + e^−b = 2^−m·d (<see cref="VectorMath.LogisticDenominator{TV}(TV, out TV)"/>):
    /// two roundings after the exponential's polynomial, where (a/2)·(1 + q)/(1 + e) took four; a is halved (and m
    /// raised by one) because d can be as small as 0.7, and a/d would overflow for a near the largest finite value. An
    /// infinite a gives a (or NaN for b = −∞, as ∞·0), which the scaled quotient cannot.
    /// </summary>
    internal readonly ref struct GluTerm<T, TV>(ref readonly T a, ref readonly T b) : IRowTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        private readonly ref readonly T _a = ref a;
        private readonly ref readonly T _b = ref b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index)
        {
            TV a = TV.Load(in _a, index);
            TV b = TV.Load(in _b, index);
            TV d = VectorMath.LogisticDenominator(b, out TV m);
            TV y = TV.ScaleB(a * TV.Create(0.5) / d, m + TV.Create(1.0));
            TV infinity = TV.Create(double.PositiveInfinity);
            TV unbounded = TV.SelectGreaterThan(b, -infinity, a, TV.Create(double.NaN));
            return TV.SelectLessThan(TV.Abs(a), infinity, y, unbounded);
        }
    }

    /// <summary>dx_a = σ(b)·dy and dx_b = a·σ(b)·σ(−b)·dy for each row, rows in descending order.</summary>
    internal readonly struct GluBackwardRows : IRowBackward
    {
        public int OutputLength(int rowLength, string parameterName) => default(GluForward).OutputLength(rowLength, parameterName);

        public void Run<TC>(ref readonly TC first, ref readonly TC second, ref TC dx, nuint rows, nuint rowLength)
            where TC : unmanaged, IBinaryFloatingPointIeee754<TC> =>
            RowwiseLoop.Run<TC, GluBackwardRow<TC>>(new(in first, in second, ref dx, rowLength, rows), rows, rowLength / 2);
    }

    /// <summary>
    /// One GLU backward row. Rows go in descending order: dx row r covers [r·L, (r + 1)·L), which holds no dy row
    /// still to be read (those end by r·h), so a dx that starts at dy is safe; a dx that is x reads each element
    /// before writing it.
    /// </summary>
    internal readonly ref struct GluBackwardRow<T>(ref readonly T x, ref readonly T dy, ref T dx, nuint length, nuint rows) : IRowKernel<T>
        where T : unmanaged
    {
        private readonly ref readonly T _x = ref x;
        private readonly ref readonly T _dy = ref dy;
        private readonly ref T _dx = ref dx;

        public void Invoke<TV>(nuint row) where TV : struct, IVectorMemory<TV, T>
        {
            nuint r = rows - 1 - row;
            nuint half = length / 2;
            ref readonly T a = ref Unsafe.Add(ref Unsafe.AsRef(in _x), r * length);
            ref T dxa = ref Unsafe.Add(ref _dx, r * length);
            RowwiseLoop.MapPair<T, TV, GluGradientTerm<T, TV>>(
                new(in a, in Unsafe.Add(ref Unsafe.AsRef(in a), half), in Unsafe.Add(ref Unsafe.AsRef(in _dy), r * half)),
                ref dxa, ref Unsafe.Add(ref dxa, half), half);
        }
    }

    /// <summary>
    /// (σ(b)·dy, a·dy·σ(b)·σ(−b)) from e^−|b| = M·2ⁿ with M = high + low unrounded (the table exponential where the CPU
    /// permutes, <see cref="VectorMath.OnePlusExpMinusAbsTabulated{TV}"/>: 0.79 → 0.84× the forward on Zen 5) and
    /// d = 1 + e^−|b|: σ(b)·dy = ScaleB((dy/2)·M/d, n + 1) below 0 and (dy/2)/d·2 above, and
    /// σ(b)·σ(−b) = e^−|b|/d² = M·2ⁿ/d² for either sign of b (it is even), with 2ⁿ applied last: σ(−b) alone would be
    /// subnormal for b &gt; 87 in float and lose the product's precision. Each product with M is rounded once: M rounded
    /// first ran at 0.97× the forward but measured 4.1 ULP on the reference tables, against 3.7 now and 3.5 with the
    /// polynomial exponential. The
    /// products can overflow before the scaling only when |a·dy| exceeds about 2.8 times the largest finite value.
    /// </summary>
    internal readonly ref struct GluGradientTerm<T, TV>(ref readonly T a, ref readonly T b, ref readonly T dy) : IRowPairTerm<TV>
        where T : unmanaged
        where TV : struct, IVectorMemory<TV, T>
    {
        private readonly ref readonly T _a = ref a;
        private readonly ref readonly T _b = ref b;
        private readonly ref readonly T _dy = ref dy;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV At(nuint index, out TV second)
        {
            TV a = TV.Load(in _a, index);
            TV b = TV.Load(in _b, index);
            TV dy = TV.Load(in _dy, index);
            TV denominator = VectorMath.OnePlusExpMinusAbsTabulated(b, out TV high, out TV low, out TV n);
            TV zero = TV.Create(0.0);
            TV one = TV.Create(1.0);

            // a/4 (σ(b)·σ(−b) ≤ 1/4, and the exponent n + 2 carries the rest), and dy last: a·dy alone could overflow
            // where the result does not.
            TV product = Times(a * TV.Create(0.25), high, low) / (denominator * denominator) * dy;
            second = TV.ScaleB(product, n + TV.Create(2.0));
            TV half = dy * TV.Create(0.5);
            TV numerator = TV.SelectLessThan(b, zero, Times(half, high, low), half);
            return TV.ScaleB(numerator / denominator, TV.SelectLessThan(b, zero, n, zero) + one);
        }

        /// <summary>f·(high + low) rounded once, with f's sign (f·high + f·low would give +0 for f = −0 and low &lt; 0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TV Times(TV factor, TV high, TV low) => TV.MultiplyAdd(factor, high, factor * low) | TV.SignBit(factor);
    }
}
