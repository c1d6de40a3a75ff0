using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdActivations.Kernels;

/// <summary>The row lengths a row-wise function accepts, and the length of its output rows.</summary>
internal interface IRowShape
{
    /// <summary>The output row length for input rows of <paramref name="rowLength"/> ≥ 0 elements; throws
    /// <see cref="ArgumentException"/> naming <paramref name="parameterName"/> when such rows are not allowed.</summary>
    int OutputLength(int rowLength, string parameterName);
}

/// <summary>A row-wise forward pass y = f(x), computed on <c>float</c> or <c>double</c> rows.</summary>
internal interface IRowForward : IRowShape
{
    /// <summary>Computes <paramref name="rows"/> rows; <paramref name="y"/> (rows of the output length) may start at
    /// <paramref name="x"/>.</summary>
    void Run<TC>(ref readonly TC x, ref TC y, nuint rows, nuint rowLength) where TC : unmanaged, IBinaryFloatingPointIeee754<TC>;
}

/// <summary>
/// A row-wise backward pass dx = g(first, second): first and dx have rows of the input length, second (dy) rows of
/// the output length; dx may be exactly first, or start where second starts.
/// </summary>
internal interface IRowBackward : IRowShape
{
    void Run<TC>(ref readonly TC first, ref readonly TC second, ref TC dx, nuint rows, nuint rowLength) where TC : unmanaged, IBinaryFloatingPointIeee754<TC>;
}

/// <summary>
/// Entry points of the row-wise functions: validation (row length, lengths, overlap), then the element type:
/// <c>float</c> and <c>double</c> rows run in place in memory; <see cref="Half"/> rows are converted to <c>float</c>
/// and any other type to <c>double</c>, whole rows at a time, through a buffer on the stack (a rented array for rows
/// longer than <see cref="StackElements"/>). Tensor spans are either dense along the last axis (then they are
/// spans) or gathered row by row into such a buffer and scattered back.
/// </summary>
internal static class Rowwise
{
    /// <summary>Elements per stack buffer (2 KiB of float, 4 KiB of double).</summary>
    private const int StackElements = 512;

    public static void Forward<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, int? rowLength, TOp op,
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
        where T : IFloatingPointIeee754<T>
        where TOp : struct, IRowForward
    {
        int row = RowLength(x.Length, rowLength);
        int outRow = op.OutputLength(row, rowLength is null ? nameof(x) : nameof(rowLength));
        int rows = row == 0 ? 0 : x.Length / row;
        ValidateOutput(x, destination, rows * outRow, destinationName);
        if (rows == 0)
        {
            return;
        }

        if (typeof(T) == typeof(float))
        {
            op.Run(in Elementwise.As<T, float>(x), ref Elementwise.As<T, float>(destination), (nuint)rows, (nuint)row);
        }
        else if (typeof(T) == typeof(double))
        {
            op.Run(in Elementwise.As<T, double>(x), ref Elementwise.As<T, double>(destination), (nuint)rows, (nuint)row);
        }
        else if (typeof(T) == typeof(Half))
        {
            ForwardConverted<T, float, TOp>(x, destination, rows, row, outRow, op);
        }
        else
        {
            ForwardConverted<T, double, TOp>(x, destination, rows, row, outRow, op);
        }
    }

    public static void Backward<T, TOp>(ReadOnlySpan<T> first, ReadOnlySpan<T> second, Span<T> dx, int? rowLength, TOp op,
        [CallerArgumentExpression(nameof(first))] string firstName = "",
        [CallerArgumentExpression(nameof(second))] string secondName = "",
        [CallerArgumentExpression(nameof(dx))] string dxName = "")
        where T : IFloatingPointIeee754<T>
        where TOp : struct, IRowBackward
    {
        int row = RowLength(first.Length, rowLength);
        int outRow = op.OutputLength(row, rowLength is null ? firstName : nameof(rowLength));
        int rows = row == 0 ? 0 : first.Length / row;
        if (second.Length != rows * outRow)
        {
            ThrowLengthMismatch(secondName, rows * outRow);
        }

        ValidateOutput(first, dx, first.Length, dxName);
        ValidateOutput(second, dx, first.Length, dxName);
        if (rows == 0)
        {
            return;
        }

        if (typeof(T) == typeof(float))
        {
            op.Run(in Elementwise.As<T, float>(first), in Elementwise.As<T, float>(second), ref Elementwise.As<T, float>(dx), (nuint)rows, (nuint)row);
        }
        else if (typeof(T) == typeof(double))
        {
            op.Run(in Elementwise.As<T, double>(first), in Elementwise.As<T, double>(second), ref Elementwise.As<T, double>(dx), (nuint)rows, (nuint)row);
        }
        else if (typeof(T) == typeof(Half))
        {
            BackwardConverted<T, float, TOp>(first, second, dx, rows, row, outRow, op);
        }
        else
        {
            BackwardConverted<T, double, TOp>(first, second, dx, rows, row, outRow, op);
        }
    }

    /// <summary>The forward pass along <paramref name="axis"/> of a tensor span (negative axes count from the end).</summary>
    public static void Forward<T, TOp>(in ReadOnlyTensorSpan<T> x, in TensorSpan<T> destination, int axis, TOp op,
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
        where T : IFloatingPointIeee754<T>
        where TOp : struct, IRowForward
    {
        if (x.FlattenedLength == 0)
        {
            // Empty tensor spans (rank 0) have no axis: a no-op, as for empty spans.
            return;
        }

        int a = Axis(axis, x.Rank);
        int row = checked((int)x.Lengths[a]);
        int outRow = op.OutputLength(row, nameof(x));
        ValidateTensorOutput(x.Lengths, destination.Lengths, a, outRow, destinationName);
        ValidateTensorDestination(destination.Lengths, destination.Strides, destinationName);
        if (x.FlattenedLength == 0)
        {
            return;
        }

        ref T xStart = ref Unsafe.AsRef(in x.GetPinnableReference());
        ref T dStart = ref destination.GetPinnableReference();
        ValidateTensorOverlap(ref xStart, x.Lengths, x.Strides, ref dStart, destination.Lengths, destination.Strides, destinationName);

        if (a == x.Rank - 1 && x.IsDense && destination.IsDense)
        {
            Forward(MemoryMarshal.CreateReadOnlySpan(ref xStart, checked((int)x.FlattenedLength)),
                MemoryMarshal.CreateSpan(ref dStart, checked((int)destination.FlattenedLength)), row, op, destinationName);
            return;
        }

        if (typeof(T) == typeof(double) || (typeof(T) != typeof(float) && typeof(T) != typeof(Half)))
        {
            TensorForward<T, double, TOp>(ref xStart, x.Lengths, x.Strides, ref dStart, destination.Strides, a, outRow, op);
        }
        else
        {
            TensorForward<T, float, TOp>(ref xStart, x.Lengths, x.Strides, ref dStart, destination.Strides, a, outRow, op);
        }
    }

    /// <summary>The backward pass along <paramref name="axis"/> of tensor spans.</summary>
    public static void Backward<T, TOp>(in ReadOnlyTensorSpan<T> first, in ReadOnlyTensorSpan<T> second, in TensorSpan<T> dx, int axis, TOp op,
        [CallerArgumentExpression(nameof(first))] string firstName = "",
        [CallerArgumentExpression(nameof(second))] string secondName = "",
        [CallerArgumentExpression(nameof(dx))] string dxName = "")
        where T : IFloatingPointIeee754<T>
        where TOp : struct, IRowBackward
    {
        if (first.FlattenedLength == 0)
        {
            return;
        }

        int a = Axis(axis, first.Rank);
        int row = checked((int)first.Lengths[a]);
        int outRow = op.OutputLength(row, firstName);
        ValidateTensorOutput(first.Lengths, second.Lengths, a, outRow, secondName);
        ValidateTensorOutput(first.Lengths, dx.Lengths, a, row, dxName);
        ValidateTensorDestination(dx.Lengths, dx.Strides, dxName);
        if (first.FlattenedLength == 0)
        {
            return;
        }

        ref T fStart = ref Unsafe.AsRef(in first.GetPinnableReference());
        ref T sStart = ref Unsafe.AsRef(in second.GetPinnableReference());
        ref T dStart = ref dx.GetPinnableReference();
        ValidateTensorOverlap(ref fStart, first.Lengths, first.Strides, ref dStart, dx.Lengths, dx.Strides, dxName);
        ValidateTensorOverlap(ref sStart, second.Lengths, second.Strides, ref dStart, dx.Lengths, dx.Strides, dxName);

        if (a == first.Rank - 1 && first.IsDense && second.IsDense && dx.IsDense)
        {
            Backward(MemoryMarshal.CreateReadOnlySpan(ref fStart, checked((int)first.FlattenedLength)),
                MemoryMarshal.CreateReadOnlySpan(ref sStart, checked((int)second.FlattenedLength)),
                MemoryMarshal.CreateSpan(ref dStart, checked((int)dx.FlattenedLength)), row, op, firstName, secondName, dxName);
            return;
        }

        if (typeof(T) == typeof(double) || (typeof(T) != typeof(float) && typeof(T) != typeof(Half)))
        {
            TensorBackward<T, double, TOp>(ref fStart, first.Lengths, first.Strides, ref sStart, second.Strides, ref dStart, dx.Strides, a, outRow, op);
        }
        else
        {
            TensorBackward<T, float, TOp>(ref fStart, first.Lengths, first.Strides, ref sStart, second.Strides, ref dStart, dx.Strides, a, outRow, op);
        }
    }

    /// <summary>The row length: the given one (positive, dividing <paramref name="length"/>) or the whole span.</summary>
    private static int RowLength(int length, int? rowLength)
    {
        if (rowLength is not int row)
        {
            return length;
        }

        if (row <= 0 || length % row != 0)
        {
            ThrowBadRowLength(length, row);
        }

        return row;
    }

    private static int Axis(int axis, int rank)
    {
        if (axis < -rank || axis >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"The axis must be in [-{rank}, {rank}) for a tensor of rank {rank}.");
        }

        return axis < 0 ? axis + rank : axis;
    }

    /// <summary>Rejects an output shorter than <paramref name="required"/> or overlapping the input other than from
    /// the same start.</summary>
    private static void ValidateOutput<T>(ReadOnlySpan<T> input, Span<T> output, int required, string outputName)
    {
        if (output.Length < required)
        {
            ThrowOutputTooShort(outputName, required);
        }

        if (input.Overlaps(output, out int offset) && offset != 0)
        {
            ThrowHelper.ThrowOverlap(outputName);
        }
    }

    private static void ValidateTensorOutput(ReadOnlySpan<nint> input, ReadOnlySpan<nint> output, int axis, int outRow, string outputName)
    {
        bool same = input.Length == output.Length;
        for (int d = 0; same && d < input.Length; d++)
        {
            same = output[d] == (d == axis ? outRow : input[d]);
        }

        if (!same)
        {
            throw new ArgumentException(
                $"The tensor's lengths must be [{string.Join(", ", input.ToArray().Select((l, d) => d == axis ? outRow : l))}], not [{string.Join(", ", output.ToArray())}].",
                outputName);
        }
    }

    private static void ValidateTensorDestination(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, string name)
    {
        for (int d = 0; d < lengths.Length; d++)
        {
            if (strides[d] == 0 && lengths[d] > 1)
            {
                throw new ArgumentException("The destination broadcasts (a zero stride): its elements would overwrite each other.", name);
            }
        }
    }

    /// <summary>Rejects tensors whose memory overlaps unless they start at the same element with the same strides
    /// (then every output row lies in its own input row, which the row-wise loop reads before it writes).</summary>
    private static void ValidateTensorOverlap<T>(ref T input, ReadOnlySpan<nint> inputLengths, ReadOnlySpan<nint> inputStrides,
        ref T output, ReadOnlySpan<nint> outputLengths, ReadOnlySpan<nint> outputStrides, string outputName)
    {
        if (Unsafe.AreSame(ref input, ref output) && inputStrides.SequenceEqual(outputStrides))
        {
            return;
        }

        nint inputStart = 0;
        nint outputStart = Unsafe.ByteOffset(ref input, ref output) / Unsafe.SizeOf<T>();
        if (inputStart <= outputStart + Extent(outputLengths, outputStrides) - 1 && outputStart <= inputStart + Extent(inputLengths, inputStrides) - 1)
        {
            ThrowHelper.ThrowOverlap(outputName);
        }
    }

    private static nint Extent(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides)
    {
        nint extent = 1;
        for (int d = 0; d < lengths.Length; d++)
        {
            extent += (lengths[d] - 1) * strides[d];
        }

        return extent;
    }

    private static void ForwardConverted<T, TC, TOp>(ReadOnlySpan<T> x, Span<T> destination, int rows, int row, int outRow, TOp op)
        where T : IFloatingPointIeee754<T>
        where TC : unmanaged, IBinaryFloatingPointIeee754<TC>
        where TOp : struct, IRowForward
    {
        int rowsPerChunk = Math.Max(1, StackElements / row);
        TC[]? rented = null;
        Span<TC> buffer = rowsPerChunk * row <= StackElements ? stackalloc TC[StackElements] : (rented = ArrayPool<TC>.Shared.Rent(row));
        try
        {
            // Ascending: an output that starts at the input ends before the rows still to be read.
            for (int r = 0; r < rows; r += rowsPerChunk)
            {
                int count = Math.Min(rowsPerChunk, rows - r);
                Convert(x.Slice(r * row, count * row), buffer);
                op.Run(in buffer[0], ref buffer[0], (nuint)count, (nuint)row);
                Convert<TC, T>(buffer[..(count * outRow)], destination.Slice(r * outRow, count * outRow));
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<TC>.Shared.Return(rented);
            }
        }
    }

    private static void BackwardConverted<T, TC, TOp>(ReadOnlySpan<T> first, ReadOnlySpan<T> second, Span<T> dx, int rows, int row, int outRow, TOp op)
        where T : IFloatingPointIeee754<T>
        where TC : unmanaged, IBinaryFloatingPointIeee754<TC>
        where TOp : struct, IRowBackward
    {
        int rowsPerChunk = Math.Max(1, StackElements / row);
        TC[]? rented = null;
        Span<TC> buffer = rowsPerChunk * row <= StackElements ? stackalloc TC[2 * StackElements] : (rented = ArrayPool<TC>.Shared.Rent(2 * row));
        Span<TC> firstBuffer = buffer[..(rowsPerChunk * row)];
        Span<TC> secondBuffer = buffer.Slice(rowsPerChunk * row, rowsPerChunk * outRow);
        try
        {
            // Descending: a dx that starts at a shorter dy ends after the rows of dy still to be read.
            int last = (rows - 1) / rowsPerChunk * rowsPerChunk;
            for (int r = last; r >= 0; r -= rowsPerChunk)
            {
                int count = Math.Min(rowsPerChunk, rows - r);
                Convert(first.Slice(r * row, count * row), firstBuffer);
                Convert(second.Slice(r * outRow, count * outRow), secondBuffer);
                op.Run(in firstBuffer[0], in secondBuffer[0], ref firstBuffer[0], (nuint)count, (nuint)row);
                Convert<TC, T>(firstBuffer[..(count * row)], dx.Slice(r * row, count * row));
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<TC>.Shared.Return(rented);
            }
        }
    }

    private static void TensorForward<T, TC, TOp>(ref T x, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> xStrides,
        ref T destination, ReadOnlySpan<nint> dStrides, int axis, int outRow, TOp op)
        where T : IFloatingPointIeee754<T>
        where TC : unmanaged, IBinaryFloatingPointIeee754<TC>
        where TOp : struct, IRowForward
    {
        int row = (int)lengths[axis];
        TC[]? rented = null;
        Span<TC> buffer = row <= StackElements ? stackalloc TC[StackElements] : (rented = ArrayPool<TC>.Shared.Rent(row));
        try
        {
            nint rows = Product(lengths) / row;
            for (nint r = 0; r < rows; r++)
            {
                RowOffsets(r, lengths, axis, xStrides, dStrides, dStrides, out nint xOffset, out nint dOffset, out _);
                Gather(ref Unsafe.Add(ref x, xOffset), xStrides[axis], buffer[..row]);
                op.Run(in buffer[0], ref buffer[0], 1, (nuint)row);
                Scatter(buffer[..outRow], ref Unsafe.Add(ref destination, dOffset), dStrides[axis]);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<TC>.Shared.Return(rented);
            }
        }
    }

    private static void TensorBackward<T, TC, TOp>(ref T first, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> fStrides,
        ref T second, ReadOnlySpan<nint> sStrides, ref T dx, ReadOnlySpan<nint> dStrides, int axis, int outRow, TOp op)
        where T : IFloatingPointIeee754<T>
        where TC : unmanaged, IBinaryFloatingPointIeee754<TC>
        where TOp : struct, IRowBackward
    {
        int row = (int)lengths[axis];
        TC[]? rented = null;
        Span<TC> buffer = row <= StackElements ? stackalloc TC[2 * StackElements] : (rented = ArrayPool<TC>.Shared.Rent(2 * row));
        try
        {
            nint rows = Product(lengths) / row;
            for (nint r = 0; r < rows; r++)
            {
                RowOffsets(r, lengths, axis, fStrides, sStrides, dStrides, out nint fOffset, out nint sOffset, out nint dOffset);
                Gather(ref Unsafe.Add(ref first, fOffset), fStrides[axis], buffer[..row]);
                Gather(ref Unsafe.Add(ref second, sOffset), sStrides[axis], buffer.Slice(row, outRow));
                op.Run(in buffer[0], in buffer[row], ref buffer[0], 1, (nuint)row);
                Scatter(buffer[..row], ref Unsafe.Add(ref dx, dOffset), dStrides[axis]);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<TC>.Shared.Return(rented);
            }
        }
    }

    private static nint Product(ReadOnlySpan<nint> lengths)
    {
        nint product = 1;
        foreach (nint length in lengths)
        {
            product *= length;
        }

        return product;
    }

    /// <summary>The element offsets of row <paramref name="row"/> (rows numbered in row-major order of the other axes).</summary>
    private static void RowOffsets(nint row, ReadOnlySpan<nint> lengths, int axis, ReadOnlySpan<nint> aStrides, ReadOnlySpan<nint> bStrides,
        ReadOnlySpan<nint> cStrides, out nint a, out nint b, out nint c)
    {
        a = b = c = 0;
        for (int d = lengths.Length - 1; d >= 0; d--)
        {
            if (d == axis)
            {
                continue;
            }

            nint index = row % lengths[d];
            row /= lengths[d];
            a += index * aStrides[d];
            b += index * bStrides[d];
            c += index * cStrides[d];
        }
    }

    private static void Gather<T, TC>(ref T source, nint stride, Span<TC> target)
        where T : IFloatingPointIeee754<T>
        where TC : unmanaged, IBinaryFloatingPointIeee754<TC>
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = TC.CreateTruncating(Unsafe.Add(ref source, i * stride));
        }
    }

    private static void Scatter<T, TC>(ReadOnlySpan<TC> source, ref T target, nint stride)
        where T : IFloatingPointIeee754<T>
        where TC : unmanaged, IBinaryFloatingPointIeee754<TC>
    {
        for (int i = 0; i < source.Length; i++)
        {
            Unsafe.Add(ref target, i * stride) = T.CreateTruncating(source[i]);
        }
    }

    private static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> source, Span<TTo> target)
        where TFrom : INumberBase<TFrom>
        where TTo : INumberBase<TTo>
    {
        if (typeof(TFrom) == typeof(Half) && typeof(TTo) == typeof(float))
        {
            TensorPrimitives.ConvertToSingle(Elementwise.AsHalf(source), MemoryMarshal.CreateSpan(ref Elementwise.As<TTo, float>(target), target.Length));
        }
        else if (typeof(TFrom) == typeof(float) && typeof(TTo) == typeof(Half))
        {
            TensorPrimitives.ConvertToHalf(MemoryMarshal.CreateReadOnlySpan(ref Elementwise.As<TFrom, float>(source), source.Length), Elementwise.AsHalf(target));
        }
        else
        {
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = TTo.CreateTruncating(source[i]);
            }
        }
    }

    [DoesNotReturn]
    private static void ThrowBadRowLength(int length, int rowLength) =>
        throw new ArgumentException($"The row length must be positive and divide the input length {length}; it is {rowLength}.", "rowLength");

    [DoesNotReturn]
    private static void ThrowOutputTooShort(string name, int required) =>
        throw new ArgumentException($"Destination is too short: it must hold at least {required} elements.", name);

    [DoesNotReturn]
    private static void ThrowLengthMismatch(string name, int required) =>
        throw new ArgumentException($"The span must hold exactly {required} elements (one per output of the forward pass).", name);
}
