using System.Numerics;
using System.Numerics.Tensors;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes <c>softmin(x) = softmax(−x)</c> over each row: <c>e^(min x − xᵢ) / Σⱼ e^(min x − xⱼ)</c>.</summary>
        /// <param name="x">The input: row-major rows of <paramref name="rowLength"/> elements.</param>
        /// <param name="destination">Receives the softmin of each row; it may be <paramref name="x"/> itself.</param>
        /// <param name="rowLength">The length of the rows (the last axis); the overload without it takes the whole span as one row.</param>
        /// <remarks>The softmax kernel on −x (negation is exact): the same stability and accuracy. A row holding −∞ or
        /// NaN gives a NaN row, as does a row of +∞ only.</remarks>
        /// <exception cref="ArgumentException"><paramref name="rowLength"/> is not positive or does not divide the length
        /// of <paramref name="x"/>; <paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void Softmin<T>(ReadOnlySpan<T> x, Span<T> destination, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, rowLength, default(SoftmaxForward<NegateOperator>));

        /// <inheritdoc cref="Softmin{T}(ReadOnlySpan{T}, Span{T}, int)"/>
        public static void Softmin<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, null, default(SoftmaxForward<NegateOperator>));

        /// <summary>Computes the softmin of each row in place.</summary>
        /// <param name="values">The input rows, overwritten by their softmin.</param>
        /// <param name="rowLength">The length of the rows; the overload without it takes the whole span as one row.</param>
        /// <exception cref="ArgumentException"><paramref name="rowLength"/> is not positive or does not divide the length.</exception>
        public static void Softmin<T>(Span<T> values, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(values, values, rowLength, default(SoftmaxForward<NegateOperator>));

        /// <inheritdoc cref="Softmin{T}(Span{T}, int)"/>
        public static void Softmin<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(values, values, null, default(SoftmaxForward<NegateOperator>));

        /// <summary>Computes the softmin backward pass <c>dx = y ⊙ (⟨dy, y⟩ − dy)</c> over each row, from the forward output y.</summary>
        /// <param name="y">The forward output <c>softmin(x)</c>.</param>
        /// <param name="dy">The gradient with respect to <paramref name="y"/>.</param>
        /// <param name="dx">Receives the gradient with respect to x; it may be <paramref name="y"/> or <paramref name="dy"/>.</param>
        /// <param name="rowLength">The length of the rows; the overload without it takes the whole span as one row.</param>
        /// <exception cref="ArgumentException">The lengths disagree, the row length is not positive or does not divide
        /// them, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void SoftminBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rowLength) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(y, dy, dx, rowLength, default(SoftmaxBackwardRows<NegateOperator>));

        /// <inheritdoc cref="SoftminBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int)"/>
        public static void SoftminBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(y, dy, dx, null, default(SoftmaxBackwardRows<NegateOperator>));

        /// <summary>Computes the softmin along <paramref name="axis"/> of a tensor span (PyTorch's <c>softmin(x, dim)</c>).</summary>
        /// <param name="x">The input, of any rank and strides.</param>
        /// <param name="destination">Receives the result (lengths of <paramref name="x"/>); it may be <paramref name="x"/> itself.</param>
        /// <param name="axis">The axis; negative values count from the end.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="destination"/> broadcasts or
        /// partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is outside [−rank, rank).</exception>
        public static void Softmin<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> destination, int axis = -1) where T : IFloatingPointIeee754<T> =>
            Rowwise.Forward(x, destination, axis, default(SoftmaxForward<NegateOperator>));

        /// <summary>Computes <c>dx = y ⊙ (⟨dy, y⟩ − dy)</c> along <paramref name="axis"/> of tensor spans.</summary>
        /// <param name="y">The forward output.</param>
        /// <param name="dy">The gradient with respect to <paramref name="y"/>.</param>
        /// <param name="dx">Receives the gradient with respect to x; it may be <paramref name="y"/> or <paramref name="dy"/>.</param>
        /// <param name="axis">The axis; negative values count from the end.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> broadcasts or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is outside [−rank, rank).</exception>
        public static void SoftminBackward<T>(ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx, int axis = -1) where T : IFloatingPointIeee754<T> =>
            Rowwise.Backward(y, dy, dx, axis, default(SoftmaxBackwardRows<NegateOperator>));
    }

    /// <summary>Softmin (softmax of −x) over rows; registry name <c>softmin</c>, parameters <c>dim</c> and <c>row_length</c>.</summary>
    public sealed class SoftminActivation : AxisActivation
    {
        /// <summary>Creates the softmin activation.</summary>
        /// <param name="rowLength">The row length of the span methods; 0: each span is one row.</param>
        /// <param name="dim">The axis of the tensor-span methods.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowLength"/> is negative.</exception>
        public SoftminActivation(int rowLength = 0, int dim = -1)
            : base(PointwiseActivation.FormatName("softmin", DimParameter(dim), RowLengthParameter(rowLength)), rowLength, dim)
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y, int? rowLength) => Rowwise.Forward(x, y, rowLength, default(SoftmaxForward<NegateOperator>));

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int? rowLength) =>
            Rowwise.Backward(y, dy, dx, rowLength, default(SoftmaxBackwardRows<NegateOperator>));

        private protected override void TensorForwardCore<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> y, int axis) => Activations.Softmin(x, y, axis);

        private protected override void TensorBackwardCore<T>(ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx, int axis) =>
            Activations.SoftminBackward(y, dy, dx, axis);
    }
}
