using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>
        /// Computes maxout over each row: the maximum of each group of <paramref name="k"/> consecutive elements
        /// (Goodfellow et al., "Maxout networks", ICML 2013), so each row becomes k times shorter.
        /// </summary>
        /// <param name="x">The input: row-major rows of <paramref name="rowLength"/> elements, a multiple of <paramref name="k"/>.</param>
        /// <param name="destination">Receives <c>x.Length / k</c> elements; it may start at <paramref name="x"/>.</param>
        /// <param name="k">The number of pieces per output, ≥ 1.</param>
        /// <param name="rowLength">The length of the rows (the last axis); the overload without it takes the whole span as one row.</param>
        /// <remarks>The IEEE 754 maximum: NaN propagates, +0 is above −0. Groups of at least a vector (4 floats on
        /// 128-bit hardware) are reduced with vector maxima, smaller ones element by element.</remarks>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
        /// <exception cref="ArgumentException">The row length is not positive, not a multiple of <paramref name="k"/> or
        /// does not divide the length of <paramref name="x"/>; <paramref name="destination"/> is too short or overlaps
        /// <paramref name="x"/> other than from its start.</exception>
        public static void Maxout<T>(ReadOnlySpan<T> x, Span<T> destination, int k, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, rowLength, new MaxoutForward(k));

        /// <inheritdoc cref="Maxout{T}(ReadOnlySpan{T}, Span{T}, int, int)"/>
        public static void Maxout<T>(ReadOnlySpan<T> x, Span<T> destination, int k) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, null, new MaxoutForward(k));

        /// <summary>Computes the maxout backward pass: each dy goes to the first maximum of its group, 0 to the others
        /// (to the first NaN in a group holding NaN).</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output (<c>x.Length / k</c> elements).</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/>
        /// itself or start at <paramref name="dy"/>.</param>
        /// <param name="k">The number of pieces per output, ≥ 1.</param>
        /// <param name="rowLength">The length of the rows of <paramref name="x"/>; the overload without it takes the whole span as one row.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
        /// <exception cref="ArgumentException">The lengths disagree, the row length is not a positive multiple of
        /// <paramref name="k"/> dividing the length, or <paramref name="dx"/> is too short or overlaps an input other than
        /// from its start.</exception>
        public static void MaxoutBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, int k, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(x, dy, dx, rowLength, new MaxoutBackwardRows(k));

        /// <inheritdoc cref="MaxoutBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int)"/>
        public static void MaxoutBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, int k) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(x, dy, dx, null, new MaxoutBackwardRows(k));

        /// <summary>Computes maxout along <paramref name="axis"/> of a tensor span.</summary>
        /// <param name="x">The input, of any rank and strides, with a length along <paramref name="axis"/> that is a multiple of <paramref name="k"/>.</param>
        /// <param name="destination">Receives the result: the lengths of <paramref name="x"/> with the axis divided by <paramref name="k"/>.</param>
        /// <param name="k">The number of pieces per output, ≥ 1.</param>
        /// <param name="axis">The axis; negative values count from the end.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1, or <paramref name="axis"/> is
        /// outside [−rank, rank).</exception>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="destination"/> broadcasts or
        /// partially overlaps <paramref name="x"/>.</exception>
        public static void Maxout<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> destination, int k, int axis = -1) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, axis, new MaxoutForward(k));

        /// <summary>Computes the maxout backward pass along <paramref name="axis"/> of tensor spans.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/> (lengths of <paramref name="x"/>).</param>
        /// <param name="k">The number of pieces per output, ≥ 1.</param>
        /// <param name="axis">The axis; negative values count from the end.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1, or <paramref name="axis"/> is
        /// outside [−rank, rank).</exception>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> broadcasts or partially overlaps an input.</exception>
        public static void MaxoutBackward<T>(ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx, int k, int axis = -1) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(x, dy, dx, axis, new MaxoutBackwardRows(k));
    }

    /// <summary>Maxout with <see cref="K"/> pieces; registry name <c>maxout</c>, parameters <c>k</c> (2), <c>dim</c> and
    /// <c>row_length</c>. <see cref="AxisActivation.OutputLength"/> divides each row by k.</summary>
    public sealed class MaxoutActivation : AxisActivation
    {
        /// <summary>Creates the maxout activation.</summary>
        /// <param name="k">The number of pieces per output, ≥ 1.</param>
        /// <param name="rowLength">The row length of the span methods (a multiple of <paramref name="k"/>); 0: each span is one row.</param>
        /// <param name="dim">The axis of the tensor-span methods.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1, or <paramref name="rowLength"/>
        /// is negative or not a multiple of <paramref name="k"/>.</exception>
        public MaxoutActivation(int k = 2, int rowLength = 0, int dim = -1)
            : base(PointwiseActivation.FormatName("maxout", ("k", k, 2), DimParameter(dim), RowLengthParameter(rowLength)), rowLength, dim)
        {
            MaxoutForward.Validate(k);
            if (rowLength % k != 0)
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(rowLength), rowLength, $"a multiple of k = {k}");
            }

            K = k;
        }

        /// <summary>The number of pieces per output.</summary>
        public int K { get; }

        private protected override int OutputRowLength(int rowLength, string parameterName) => new MaxoutForward(K).OutputLength(rowLength, parameterName);

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y, int? rowLength) => Rowwise.Forward(x, y, rowLength, new MaxoutForward(K));

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int? rowLength) =>
            Rowwise.Backward(x, dy, dx, rowLength, new MaxoutBackwardRows(K));

        private protected override void TensorForwardCore<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> y, int axis) => Activations.Maxout(x, y, K, axis);

        private protected override void TensorBackwardCore<T>(ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx, int axis) =>
            Activations.MaxoutBackward(x, dy, dx, K, axis);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>Groups of k: a row of L = m·k elements gives m outputs. Groups never straddle rows, so the rows are
    /// computed as one run of groups.</summary>
    internal readonly struct MaxoutForward : IRowForward
    {
        private readonly int _k;

        public MaxoutForward(int k)
        {
            Validate(k);
            _k = k;
        }

        public int K => _k;

        public static void Validate(int k)
        {
            if (k < 1)
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(k), k, "at least 1");
            }
        }

        public int OutputLength(int rowLength, string parameterName)
        {
            if (rowLength % _k != 0)
            {
                throw new ArgumentException($"Maxout takes groups of k = {_k}: the row length must be a multiple of k, not {rowLength}.", parameterName);
            }

            return rowLength / _k;
        }

        public void Run<TC>(ref readonly TC x, ref TC y, nuint rows, nuint rowLength) where TC : unmanaged, IBinaryFloatingPointIeee754<TC>
        {
            nuint k = (nuint)_k;
            RowwiseLoop.Run<TC, MaxoutGroup<TC>>(new(in x, ref y, k), rows * rowLength / k, k);
        }
    }

    /// <summary>One group's IEEE maximum. Ascending: output g is written after its group [g·k, g·k + k) is read, and
    /// g ≤ g·k, so an output that starts at the input is safe.</summary>
    internal readonly ref struct MaxoutGroup<T>(ref readonly T x, ref T y, nuint k) : IRowKernel<T>
        where T : unmanaged
    {
        private readonly ref readonly T _x = ref x;
        private readonly ref T _y = ref y;

        public void Invoke<TV>(nuint group) where TV : struct, IVectorMemory<TV, T>
        {
            TV max = RowwiseLoop.MaxPropagatingNaN<TV, RowwiseLoop.LoadTerm<T, TV, IdentityOperator>>(new(in Unsafe.Add(ref Unsafe.AsRef(in _x), group * k)), k);
            if (TV.Count == 1)
            {
                TV.Store(max, ref _y, group);
            }
            else
            {
                // The maximum is in every lane; one of them goes out.
                Span<T> lanes = stackalloc T[TV.Count];
                TV.Store(max, ref lanes[0], 0);
                Unsafe.Add(ref _y, group) = lanes[0];
            }
        }
    }

    /// <summary>dx = dy at each group's first maximum (first NaN if any), 0 elsewhere; groups in descending order, so a
    /// dx that starts at the shorter dy overwrites only entries of dy already read.</summary>
    internal readonly struct MaxoutBackwardRows(int k) : IRowBackward
    {
        private readonly MaxoutForward _shape = new(k);

        public int OutputLength(int rowLength, string parameterName) => _shape.OutputLength(rowLength, parameterName);

        public void Run<TC>(ref readonly TC first, ref readonly TC second, ref TC dx, nuint rows, nuint rowLength)
            where TC : unmanaged, IBinaryFloatingPointIeee754<TC>
        {
            nuint pieces = (nuint)_shape.K;
            nuint groups = rows * rowLength / pieces;
            for (nuint g = groups; g-- > 0;)
            {
                ref TC x = ref Unsafe.Add(ref Unsafe.AsRef(in first), g * pieces);
                nuint best = 0;
                TC bestValue = x;
                for (nuint t = 1; t < pieces && !TC.IsNaN(bestValue); t++)
                {
                    TC v = Unsafe.Add(ref x, t);
                    if (TC.IsNaN(v) || v > bestValue)
                    {
                        best = t;
                        bestValue = v;
                    }
                }

                TC gradient = Unsafe.Add(ref Unsafe.AsRef(in second), g);
                ref TC d = ref Unsafe.Add(ref dx, g * pieces);
                for (nuint t = 0; t < pieces; t++)
                {
                    Unsafe.Add(ref d, t) = t == best ? gradient : TC.Zero;
                }
            }
        }
    }
}
