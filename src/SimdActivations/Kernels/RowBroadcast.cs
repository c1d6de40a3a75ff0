using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace SimdActivations.Kernels;

/// <summary>
/// Elementwise shapes with one operand broadcast along rows: x is row-major with <c>w.Length</c> columns (channels in
/// the last axis) and <c>destination[i] = op(x[i], w[i mod C])</c>, its ternary form, and per-column sums of
/// <c>op(x[i], y[i])</c> (a learnable per-channel parameter's gradient). The broadcast operand is laid out once
/// along a chunk of whole rows (a stack pattern of up to <see cref="PatternBytes"/>), so that each chunk is one call
/// of <see cref="ElementwiseLoop"/>, vectorized across row boundaries whatever the number of columns; rows wider
/// than the pattern are taken in column segments instead.
/// </summary>
internal static class RowBroadcast
{
    /// <summary>The pattern's size: 1024 floats or 512 doubles, a few vectors per loop call to amortize its edges.</summary>
    private const int PatternBytes = 4096;

    /// <summary>Validates <paramref name="w"/> as the broadcast operand of an input of <paramref name="length"/> elements.</summary>
    public static void ValidateColumns<T>(ReadOnlySpan<T> w, int length, string name)
    {
        if (w.Length == 0 || length % w.Length != 0)
        {
            ThrowHelper.ThrowColumnMismatch(name);
        }
    }

    /// <summary>destination[i] = op(x[i], w[i mod w.Length]).</summary>
    public static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, Span<T> destination, TOp op, string wName, string destinationName)
        where T : IFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator =>
        Ternary(x, x, w, destination, new IgnoreSecond<TOp>(op), wName, destinationName);

    /// <summary>destination[i] = op(x[i], y[i], w[i mod w.Length]).</summary>
    public static void Ternary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, Span<T> destination, TOp op,
        string wName, string destinationName)
        where T : IFloatingPointIeee754<T>
        where TOp : struct, ITernaryOperator
    {
        ThrowHelper.ValidateSameLength(x, y, "dy");
        ValidateColumns(w, x.Length, wName);
        ThrowHelper.ValidateDestination(x, destination, destinationName);
        ThrowHelper.ValidateDestination(y, destination, destinationName);
        if (x.Length == 0)
        {
            return;
        }

        if (typeof(T) == typeof(float))
        {
            Run<float, TOp>(Cast<T, float>(x), Cast<T, float>(y), Cast<T, float>(w), Cast<T, float>(destination), op);
        }
        else if (typeof(T) == typeof(double))
        {
            Run<double, TOp>(Cast<T, double>(x), Cast<T, double>(y), Cast<T, double>(w), Cast<T, double>(destination), op);
        }
        else if (typeof(T) == typeof(Half))
        {
            RunHalf(Cast<T, Half>(x), Cast<T, Half>(y), Cast<T, Half>(w), Cast<T, Half>(destination), op);
        }
        else
        {
            int columns = w.Length;
            for (int i = 0; i < x.Length; i++)
            {
                destination[i] = T.CreateTruncating(op.Invoke(Elementwise.InDouble(x[i]), Elementwise.InDouble(y[i]), Elementwise.InDouble(w[i % columns])).Value);
            }
        }
    }

    /// <summary>
    /// sums[j] (+)= Σ over the rows of op(x[r·C + j], y[r·C + j]), C = sums.Length, accumulated in the lane precision
    /// (float for <see cref="Half"/>, double for other types); overwrites unless <paramref name="accumulate"/>.
    /// </summary>
    public static void ColumnSums<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> sums, TOp op, bool accumulate, string sumsName)
        where T : IFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator
    {
        ThrowHelper.ValidateSameLength(x, y, "dy");
        ValidateColumns((ReadOnlySpan<T>)sums, x.Length, sumsName);
        if (typeof(T) == typeof(float))
        {
            Sums<float, TOp>(Cast<T, float>(x), Cast<T, float>(y), Cast<T, float>(sums), op, accumulate);
        }
        else if (typeof(T) == typeof(double))
        {
            Sums<double, TOp>(Cast<T, double>(x), Cast<T, double>(y), Cast<T, double>(sums), op, accumulate);
        }
        else if (typeof(T) == typeof(Half))
        {
            SumsHalf(Cast<T, Half>(x), Cast<T, Half>(y), Cast<T, Half>(sums), op, accumulate);
        }
        else
        {
            int columns = sums.Length;
            for (int j = 0; j < columns; j++)
            {
                double total = accumulate ? double.CreateTruncating(sums[j]) : 0;
                for (int i = j; i < x.Length; i += columns)
                {
                    total += op.Invoke(Elementwise.InDouble(x[i]), Elementwise.InDouble(y[i])).Value;
                }

                sums[j] = T.CreateTruncating(total);
            }
        }
    }

    private static void Run<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, Span<T> destination, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, ITernaryOperator
    {
        int columns = w.Length;
        int patternLength = PatternBytes / Unsafe.SizeOf<T>();
        if (columns <= patternLength / 2)
        {
            // Whole rows per chunk: the pattern is w repeated over as many rows as fit.
            Span<T> pattern = PatternOf<T>(stackalloc byte[PatternBytes], w, out int chunk);
            for (int start = 0; start < x.Length; start += chunk)
            {
                int length = Math.Min(chunk, x.Length - start);
                Chunk(x.Slice(start, length), y.Slice(start, length), pattern, destination.Slice(start, length), op);
            }
        }
        else
        {
            // Wide rows: one call per row segment, w itself as the pattern.
            for (int row = 0; row < x.Length; row += columns)
            {
                for (int start = 0; start < columns; start += patternLength)
                {
                    int length = Math.Min(patternLength, columns - start);
                    int at = row + start;
                    Chunk(x.Slice(at, length), y.Slice(at, length), w.Slice(start, length), destination.Slice(at, length), op);
                }
            }
        }
    }

    private static void RunHalf<TOp>(ReadOnlySpan<Half> x, ReadOnlySpan<Half> y, ReadOnlySpan<Half> w, Span<Half> destination, TOp op)
        where TOp : struct, ITernaryOperator
    {
        int columns = w.Length;
        const int patternLength = PatternBytes / sizeof(float);
        Span<float> xs = stackalloc float[patternLength];
        Span<float> ys = stackalloc float[patternLength];
        Span<float> pattern = stackalloc float[patternLength];
        if (columns <= patternLength / 2)
        {
            int chunk = columns * (patternLength / columns);
            for (int start = 0; start < chunk; start += columns)
            {
                TensorPrimitives.ConvertToSingle(w, pattern.Slice(start, columns));
            }

            for (int start = 0; start < x.Length; start += chunk)
            {
                int length = Math.Min(chunk, x.Length - start);
                HalfChunk(x.Slice(start, length), y.Slice(start, length), pattern[..length], destination.Slice(start, length), xs, ys, op);
            }
        }
        else
        {
            for (int row = 0; row < x.Length; row += columns)
            {
                for (int start = 0; start < columns; start += patternLength)
                {
                    int length = Math.Min(patternLength, columns - start);
                    int at = row + start;
                    TensorPrimitives.ConvertToSingle(w.Slice(start, length), pattern[..length]);
                    HalfChunk(x.Slice(at, length), y.Slice(at, length), pattern[..length], destination.Slice(at, length), xs, ys, op);
                }
            }
        }
    }

    private static void HalfChunk<TOp>(ReadOnlySpan<Half> x, ReadOnlySpan<Half> y, ReadOnlySpan<float> pattern, Span<Half> destination,
        Span<float> xs, Span<float> ys, TOp op)
        where TOp : struct, ITernaryOperator
    {
        int length = x.Length;
        TensorPrimitives.ConvertToSingle(x, xs[..length]);
        TensorPrimitives.ConvertToSingle(y, ys[..length]);

        // The result overwrites x's chunk buffer: every element is read before it is written.
        Chunk<float, TOp>(xs[..length], ys[..length], pattern, xs[..length], op);
        TensorPrimitives.ConvertToHalf(xs[..length], destination);
    }

    private static void Chunk<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> pattern, Span<T> destination, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, ITernaryOperator =>
        ElementwiseLoop.Run(
            new TernaryKernel<T, TOp>(in Elementwise.As<T, T>(x), in Elementwise.As<T, T>(y), in Elementwise.As<T, T>(pattern), op),
            ref Elementwise.As<T, T>(destination), (nuint)x.Length);

    private static void Sums<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> sums, TOp op, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator
    {
        int columns = sums.Length;
        int patternLength = PatternBytes / Unsafe.SizeOf<T>();
        Span<T> partial = Cast<byte, T>(stackalloc byte[PatternBytes]);
        if (columns <= patternLength / 2)
        {
            // partial[k] accumulates the chunks' op(x, y) elementwise; column j's sum is then the sum of
            // partial[j], partial[j + C], ... (the rows of the chunk).
            int chunk = columns * (patternLength / columns);
            partial = partial[..chunk];
            partial.Clear();
            for (int start = 0; start < x.Length; start += chunk)
            {
                int length = Math.Min(chunk, x.Length - start);
                Accumulate(x.Slice(start, length), y.Slice(start, length), partial[..length], op);
            }

            for (int j = 0; j < columns; j++)
            {
                T total = accumulate ? sums[j] : T.Zero;
                for (int k = j; k < chunk; k += columns)
                {
                    total += partial[k];
                }

                sums[j] = total;
            }
        }
        else
        {
            for (int start = 0; start < columns; start += patternLength)
            {
                int length = Math.Min(patternLength, columns - start);
                Span<T> segment = partial[..length];
                segment.Clear();
                for (int row = 0; row < x.Length; row += columns)
                {
                    Accumulate(x.Slice(row + start, length), y.Slice(row + start, length), segment, op);
                }

                for (int j = 0; j < length; j++)
                {
                    sums[start + j] = accumulate ? sums[start + j] + segment[j] : segment[j];
                }
            }
        }
    }

    private static void SumsHalf<TOp>(ReadOnlySpan<Half> x, ReadOnlySpan<Half> y, Span<Half> sums, TOp op, bool accumulate)
        where TOp : struct, IBinaryOperator
    {
        int columns = sums.Length;
        const int patternLength = PatternBytes / sizeof(float);
        Span<float> xs = stackalloc float[patternLength];
        Span<float> ys = stackalloc float[patternLength];
        Span<float> partial = stackalloc float[patternLength];
        int segment = Math.Min(columns, patternLength);
        for (int start = 0; start < columns; start += segment)
        {
            int length = Math.Min(segment, columns - start);
            partial[..length].Clear();
            for (int row = 0; row < x.Length; row += columns)
            {
                TensorPrimitives.ConvertToSingle(x.Slice(row + start, length), xs[..length]);
                TensorPrimitives.ConvertToSingle(y.Slice(row + start, length), ys[..length]);
                Accumulate<float, TOp>(xs[..length], ys[..length], partial[..length], op);
            }

            for (int j = 0; j < length; j++)
            {
                sums[start + j] = (Half)(accumulate ? (float)sums[start + j] + partial[j] : partial[j]);
            }
        }
    }

    /// <summary>partial[i] += op(x[i], y[i]) in one vectorized pass (exact aliasing of partial is allowed).</summary>
    private static void Accumulate<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> partial, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator =>
        ElementwiseLoop.Run(
            new TernaryKernel<T, AddTo<TOp>>(in Elementwise.As<T, T>(x), in Elementwise.As<T, T>(y), in Elementwise.As<T, T>(partial), new AddTo<TOp>(op)),
            ref Elementwise.As<T, T>(partial), (nuint)x.Length);

    /// <summary>The repeated pattern of <paramref name="w"/> over whole rows in <paramref name="storage"/>.</summary>
    private static Span<T> PatternOf<T>(Span<byte> storage, ReadOnlySpan<T> w, out int chunk)
        where T : unmanaged
    {
        Span<T> pattern = Cast<byte, T>(storage);
        chunk = w.Length * (pattern.Length / w.Length);
        for (int start = 0; start < chunk; start += w.Length)
        {
            w.CopyTo(pattern.Slice(start));
        }

        return pattern[..chunk];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> span) =>
        System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref Elementwise.As<TFrom, TTo>(span), span.Length * Unsafe.SizeOf<TFrom>() / Unsafe.SizeOf<TTo>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Span<TTo> Cast<TFrom, TTo>(Span<TFrom> span) =>
        System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref Elementwise.As<TFrom, TTo>(span), span.Length * Unsafe.SizeOf<TFrom>() / Unsafe.SizeOf<TTo>());

    /// <summary>A binary operator on (x, w) seen as a ternary one on (x, ignored, w).</summary>
    private readonly struct IgnoreSecond<TOp>(TOp op) : ITernaryOperator
        where TOp : struct, IBinaryOperator
    {
        public static bool IsLightweight => TOp.IsLightweight;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV y, TV w) where TV : struct, IFloatVector<TV> => op.Invoke(x, w);
    }

    /// <summary>partial + op(x, y).</summary>
    private readonly struct AddTo<TOp>(TOp op) : ITernaryOperator
        where TOp : struct, IBinaryOperator
    {
        public static bool IsLightweight => TOp.IsLightweight;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV y, TV partial) where TV : struct, IFloatVector<TV> => partial + op.Invoke(x, y);
    }
}
