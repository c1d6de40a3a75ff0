using System.Numerics;
using System.Numerics.Tensors;
using SimdActivations.Kernels;

namespace SimdActivations;

/// <summary>
/// Base of the activations computed along an axis (softmax, log-softmax, softmin, sparsemax, GLU, maxout): the
/// output at one position depends on its whole row, and the backward pass is the full chain rule
/// <c>dx = J(x)ᵀ·dy</c> row by row.
/// </summary>
/// <remarks>
/// <para>The span methods of <see cref="IActivation"/> read their input as row-major rows of <see cref="RowLength"/>
/// elements (the length of the last axis); with <see cref="RowLength"/> 0, the default, the whole span is one row.
/// The tensor-span methods work along <see cref="Dim"/> (PyTorch's <c>dim</c>, default −1, the last axis) of a
/// tensor of any rank and any strides.</para>
/// <para>In the registry: <c>softmax(dim=-1, row_length=0)</c>; <c>Activation.Parse("softmax")</c> treats each span
/// it is given as one row, <c>softmax(row_length=10)</c> as rows of 10.</para>
/// <para>Rows shorter than a vector register are computed a register's worth of rows at a time (the rows in the
/// lanes), so a classifier's rows of 10 logits cost a fraction of a per-row loop. Nothing is allocated, except in
/// two cases that rent from <see cref="System.Buffers.ArrayPool{T}.Shared"/>: <see cref="Half"/> (or other non-float,
/// non-double) rows and tensor rows gathered along a strided axis when they are longer than 512 elements, and a
/// sparsemax row whose threshold falls back to sorting.</para>
/// </remarks>
public abstract class AxisActivation : IActivation
{
    private protected AxisActivation(string name, int rowLength, int dim)
    {
        if (rowLength < 0)
        {
            ThrowHelper.ThrowParameterOutOfRange(nameof(rowLength), rowLength, "≥ 0 (0: each span is one row)");
        }

        Name = name;
        RowLength = rowLength;
        Dim = dim;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The length of the rows the span methods split their input into; 0 makes each span one row.</summary>
    public int RowLength { get; }

    /// <summary>The axis the tensor-span methods work along; negative values count from the end (−1: the last).</summary>
    public int Dim { get; }

    /// <summary>The registry's row-length and axis parameters, for <see cref="PointwiseActivation.FormatName"/>.</summary>
    private protected static (string, double, double) RowLengthParameter(int rowLength) => ("row_length", rowLength, 0);

    private protected static (string, double, double) DimParameter(int dim) => ("dim", dim, -1);

    private int? Rows => RowLength == 0 ? null : RowLength;

    /// <inheritdoc/>
    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        int length = Shape(x.Length, nameof(x));
        if (y.Length < length)
        {
            throw new ArgumentException($"The output is too short: it must hold at least {length} elements.", nameof(y));
        }

        ValidateStart(x, y, nameof(y));
        ForwardCore(x, y[..length], Rows);
    }

    /// <inheritdoc/>
    public void Derivative<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T>
    {
        int length = Shape(x.Length, nameof(x));
        if (y.Length != length)
        {
            throw new ArgumentException($"The forward output must hold exactly {length} elements.", nameof(y));
        }

        if (dy.Length != length)
        {
            throw new ArgumentException($"The output gradient must hold exactly {length} elements.", nameof(dy));
        }

        if (dx.Length < x.Length)
        {
            ThrowHelper.ThrowDestinationTooShort(nameof(dx));
        }

        ValidateStart(x, dx, nameof(dx));
        ValidateStart(y, dx, nameof(dx));
        ValidateStart(dy, dx, nameof(dx));
        BackwardCore(x, y, dy, dx[..x.Length], Rows);
    }

    /// <summary>Computes the forward pass along <see cref="Dim"/> of a tensor span.</summary>
    /// <param name="x">The input, of any rank and strides.</param>
    /// <param name="y">The output: the lengths of <paramref name="x"/> but along <see cref="Dim"/>, where it has the
    /// output row length (<see cref="OutputLength"/> of one row); it may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths disagree, <paramref name="y"/> broadcasts or partially overlaps
    /// <paramref name="x"/>, or the rows along <see cref="Dim"/> have a length this activation does not accept.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Dim"/> is outside [−rank, rank).</exception>
    public void Forward<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> y) where T : IFloatingPointIeee754<T> => TensorForwardCore(x, y, Dim);

    /// <summary>Computes the backward pass <c>dx = J(x)ᵀ·dy</c> along <see cref="Dim"/> of tensor spans.</summary>
    /// <param name="x">The forward input.</param>
    /// <param name="y">The forward output.</param>
    /// <param name="dy">The gradient with respect to <paramref name="y"/> (lengths of <paramref name="y"/>).</param>
    /// <param name="dx">Receives the gradient with respect to <paramref name="x"/> (lengths of <paramref name="x"/>).</param>
    /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> broadcasts or partially overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Dim"/> is outside [−rank, rank).</exception>
    public void Derivative<T>(ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> dy, TensorSpan<T> dx)
        where T : IFloatingPointIeee754<T>
    {
        if (!x.Lengths.SequenceEqual(dx.Lengths))
        {
            throw new ArgumentException("The gradient with respect to x must have the lengths of x.", nameof(dx));
        }

        if (!y.Lengths.SequenceEqual(dy.Lengths))
        {
            throw new ArgumentException("The output gradient must have the lengths of the forward output.", nameof(dy));
        }

        TensorBackwardCore(x, y, dy, dx, Dim);
    }

    /// <summary>
    /// The output length for an input of <paramref name="inputLength"/> elements: the input length, except GLU (half
    /// of each row) and maxout (each row divided by k).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="inputLength"/> is not a whole number of rows of
    /// <see cref="RowLength"/>, or the rows have a length this activation does not accept (odd for GLU, not a multiple
    /// of k for maxout).</exception>
    public int OutputLength(int inputLength) => Shape(inputLength, nameof(inputLength));

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>The output row length for rows of <paramref name="rowLength"/> elements; throws <see cref="ArgumentException"/>
    /// naming <paramref name="parameterName"/> for rows the activation does not accept.</summary>
    private protected virtual int OutputRowLength(int rowLength, string parameterName) => rowLength;

    private protected abstract void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y, int? rowLength) where T : IFloatingPointIeee754<T>;

    private protected abstract void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int? rowLength)
        where T : IFloatingPointIeee754<T>;

    private protected abstract void TensorForwardCore<T>(ReadOnlyTensorSpan<T> x, TensorSpan<T> y, int axis) where T : IFloatingPointIeee754<T>;

    private protected abstract void TensorBackwardCore<T>(ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> dy,
        TensorSpan<T> dx, int axis) where T : IFloatingPointIeee754<T>;

    private int Shape(int inputLength, string parameterName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength, parameterName);
        if (RowLength == 0)
        {
            return OutputRowLength(inputLength, parameterName);
        }

        if (inputLength % RowLength != 0)
        {
            throw new ArgumentException($"{Name} takes rows of {RowLength} elements; {inputLength} is not a whole number of rows.", parameterName);
        }

        return inputLength / RowLength * OutputRowLength(RowLength, parameterName);
    }

    private static void ValidateStart<T>(ReadOnlySpan<T> input, Span<T> output, string name)
    {
        if (input.Overlaps(output, out int offset) && offset != 0)
        {
            ThrowHelper.ThrowOverlap(name);
        }
    }
}
