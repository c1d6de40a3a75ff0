using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
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
        /// 128-bit hardware) are reduced with vector maxima; pairs of floats (k = 2) eight groups per step with AVX2, four
        /// with SSE or Arm64; other small groups element by element.</remarks>
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
            nuint groups = rows * rowLength / k;
            nuint done = 0;
            if (k == 2 && typeof(TC) == typeof(float) && MaxoutPairs.IsSupported)
            {
                done = MaxoutPairs.Forward(in Unsafe.As<TC, float>(ref Unsafe.AsRef(in x)), ref Unsafe.As<TC, float>(ref y), groups);
            }
            else if (MaxoutGathered.Serves<TC>(k, backward: false))
            {
                done = MaxoutGathered.Forward(in x, ref y, groups, k);
            }

            if (done < groups)
            {
                RowwiseLoop.Run<TC, MaxoutGroup<TC>>(new(in Unsafe.Add(ref Unsafe.AsRef(in x), done * k), ref Unsafe.Add(ref y, done), k), groups - done, k);
            }
        }
    }

    /// <summary>
    /// Maxout with k = 2 over float, eight groups per 256-bit step with AVX2 and four per 128-bit step: two vectors of
    /// pairs are split into the first and the second elements (one <c>shufps</c> each, or Arm64's unzip), so that one
    /// IEEE maximum (NaN propagates, +0 above −0) gives a vector of outputs, and the backward's two outputs per pair are
    /// interleaved back the same way (<c>unpcklps</c> / <c>unpckhps</c>, or zip). Element by element, k = 2 ran at 0.55
    /// elements/ns forward and 0.94 backward on a 16 Ki row; now 18 and 11 (`--ratios row`), where both move about
    /// 110 GB/s: the backward reads 6 bytes and writes 4 per input element, the forward reads 4 and writes 2.
    /// </summary>
    internal static class MaxoutPairs
    {
        /// <summary>Where pairs split and interleave in one instruction each (x86 from SSE, Arm64).</summary>
        public static bool IsSupported => Sse.IsSupported || AdvSimd.Arm64.IsSupported;

        /// <summary>y[g] = max(x[2g], x[2g + 1]) for the groups that fill whole steps, ascending (y may start at x:
        /// a step writes y[g, g + s) after reading x[2g, 2g + 2s), s = 8 or 4); returns how many groups it did.</summary>
        public static nuint Forward(ref readonly float x, ref float y, nuint groups)
        {
            nuint g = 0;
            if (Avx2.IsSupported)
            {
                for (; g + 8 <= groups; g += 8)
                {
                    Vector256<float> first = Split(Vector256.LoadUnsafe(in x, 2 * g), Vector256.LoadUnsafe(in x, 2 * g + 8), out Vector256<float> second);
                    InGroupOrder(Vector256.Max(first, second)).StoreUnsafe(ref y, g);
                }
            }

            for (; g + 4 <= groups; g += 4)
            {
                Vector128<float> first = Split(Vector128.LoadUnsafe(in x, 2 * g), Vector128.LoadUnsafe(in x, 2 * g + 4), out Vector128<float> second);
                Vector128.Max(first, second).StoreUnsafe(ref y, g);
            }

            return g;
        }

        /// <summary>
        /// dx[2g + t] = dy[g] where t is the pair's first arg-max (x₁ only where x₀ is not NaN and x₁ is NaN or above
        /// x₀), 0 at the other, for groups [0, groups − groups % 4), descending (dx may start at x or at dy: a step
        /// writes dx[2g, 2g + 2s) after reading dy[g, g + s), s = 8 or 4, and the entries of dy still to be read lie
        /// below g); the 128-bit step first where the 256-bit ones leave four groups.
        /// </summary>
        public static void Backward(ref readonly float x, ref readonly float dy, ref float dx, nuint groups)
        {
            nuint top = groups - groups % 4;
            nuint wide = Avx2.IsSupported ? top - top % 8 : 0;
            for (nuint g = top; g > wide;)
            {
                g -= 4;
                Vector128<float> first = Split(Vector128.LoadUnsafe(in x, 2 * g), Vector128.LoadUnsafe(in x, 2 * g + 4), out Vector128<float> second);
                Vector128<float> wins = Vector128.AndNot(Vector128.Equals(first, first), Vector128.LessThanOrEqual(second, first));
                Vector128<float> gradient = Vector128.LoadUnsafe(in dy, g);
                Vector128<float> atFirst = Vector128.AndNot(gradient, wins), atSecond = gradient & wins;
                if (Sse.IsSupported)
                {
                    Sse.UnpackLow(atFirst, atSecond).StoreUnsafe(ref dx, 2 * g);
                    Sse.UnpackHigh(atFirst, atSecond).StoreUnsafe(ref dx, 2 * g + 4);
                }
                else
                {
                    AdvSimd.Arm64.ZipLow(atFirst, atSecond).StoreUnsafe(ref dx, 2 * g);
                    AdvSimd.Arm64.ZipHigh(atFirst, atSecond).StoreUnsafe(ref dx, 2 * g + 4);
                }
            }

            for (nuint g = wide; g > 0;)
            {
                g -= 8;
                Vector256<float> first = Split(Vector256.LoadUnsafe(in x, 2 * g), Vector256.LoadUnsafe(in x, 2 * g + 8), out Vector256<float> second);
                Vector256<float> wins = Vector256.AndNot(Vector256.Equals(first, first), Vector256.LessThanOrEqual(second, first));
                Vector256<float> gradient = InGroupOrder(Vector256.LoadUnsafe(in dy, g));
                Vector256<float> atFirst = Vector256.AndNot(gradient, wins), atSecond = gradient & wins;
                Avx.UnpackLow(atFirst, atSecond).StoreUnsafe(ref dx, 2 * g);
                Avx.UnpackHigh(atFirst, atSecond).StoreUnsafe(ref dx, 2 * g + 8);
            }
        }

        /// <summary>
        /// Eight pairs (a, b) as their first elements (returned) and their second ones, AVX's in-lane shuffle: groups
        /// in the order 0, 1, 4, 5 | 2, 3, 6, 7, which <see cref="InGroupOrder"/> swaps back (it is its own inverse).
        /// The in-lane unpacks of the backward then write groups 0–3 and 4–7 in order.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Split(Vector256<float> a, Vector256<float> b, out Vector256<float> second)
        {
            second = Avx.Shuffle(a, b, 0b11_01_11_01);
            return Avx.Shuffle(a, b, 0b10_00_10_00);
        }

        /// <summary>Swaps the middle two 64-bit quarters: groups 0, 1, 4, 5 | 2, 3, 6, 7 ↔ 0–7.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> InGroupOrder(Vector256<float> value) => Avx2.Permute4x64(value.AsDouble(), 0b11_01_10_00).AsSingle();

        /// <summary>Four pairs (a, b) as their first elements (returned) and their second ones.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<float> Split(Vector128<float> a, Vector128<float> b, out Vector128<float> second)
        {
            if (Sse.IsSupported)
            {
                second = Sse.Shuffle(a, b, 0b11_01_11_01);
                return Sse.Shuffle(a, b, 0b10_00_10_00);
            }

            second = AdvSimd.Arm64.UnzipOdd(a, b);
            return AdvSimd.Arm64.UnzipEven(a, b);
        }
    }

    /// <summary>
    /// Maxout with 2 ≤ k ≤ <see cref="MaxPieces"/> (float pairs take <see cref="MaxoutPairs"/>) where x86 gathers (AVX2):
    /// one vector of groups per step, piece j of each in one strided gather (lane i reads x[(g + i)·k + j]), so that the
    /// IEEE maximum of k gathered vectors is a vector of outputs. The backward takes each group's first arg-max by the
    /// element-by-element rule in the lanes (piece j takes over where the best so far is not NaN and j's is NaN or
    /// above it), zeroes the step's k vectors of dx and writes each group's gradient at its arg-max. On a 16 Ki row,
    /// float, k = 4 / 8 / 16: 2.7 elements/ns forward (0.86 / 1.57 / 1.31 element by element, where each group is a row
    /// of its own) and 1.3 / 1.8 / 1.9 backward (0.87 / 0.86 / 0.87); double 2.2–2.4 forward (0.45–2.19) and 0.96–1.34
    /// backward from k = 4 (0.78–0.83); alternating runs. The forward's rate whatever k, one 256-bit gather per 3 ns,
    /// is the gathers' (Zen 4). Past 16 a group fills vectors of its own and the per-group reduction is as fast or
    /// faster (double, k = 32: 3.6 against 2.4).
    /// </summary>
    internal static class MaxoutGathered
    {
        public const int MaxPieces = 16;

        /// <summary>
        /// Whether the gathers serve k (x86 with AVX2, 2 ≤ k ≤ <see cref="MaxPieces"/>; not the backward of k = 2, whose
        /// per-group writes cost more than its two gathers save: double, 0.71 against 0.90 elements/ns element by element).
        /// </summary>
        public static bool Serves<T>(nuint k, bool backward) =>
            Avx2.IsSupported && FloatVector256<T>.IsHardwareAccelerated && k <= MaxPieces && k >= (backward ? 3u : 2u);

        /// <summary>The groups [0, returned) that fill whole steps.</summary>
        public static nuint Stepped<T>(nuint groups)
        {
            nuint lanes = (nuint)(FloatVector512<T>.IsHardwareAccelerated ? FloatVector512<T>.Count : FloatVector256<T>.Count);
            return groups - groups % lanes;
        }

        /// <summary>y[g] = max of x[g·k, g·k + k) for the groups that fill whole steps, ascending (y may start at x: a step
        /// writes y[g, g + s) after reading x[g·k, (g + s)·k)); returns how many groups it did.</summary>
        public static nuint Forward<T>(ref readonly T x, ref T y, nuint groups, nuint k) where T : unmanaged =>
            FloatVector512<T>.IsHardwareAccelerated
                ? Forward<T, FloatVector512<T>>(in x, ref y, groups, k)
                : Forward<T, FloatVector256<T>>(in x, ref y, groups, k);

        /// <summary>
        /// dx over the groups [0, <paramref name="stepped"/>) (from <see cref="Stepped{T}"/>), descending: dx may start at
        /// x, or at dy, whose entries a step of s groups overwrites (those at g·k to (g + s)·k) are the step's own,
        /// read first, or from g + s on, done before it (g·k ≥ g + s for g ≥ s and k ≥ 2).
        /// </summary>
        public static void Backward<T>(ref readonly T x, ref readonly T dy, ref T dx, nuint stepped, nuint k) where T : unmanaged, INumberBase<T>
        {
            if (FloatVector512<T>.IsHardwareAccelerated)
            {
                Backward<T, FloatVector512<T>>(in x, in dy, ref dx, stepped, k);
            }
            else
            {
                Backward<T, FloatVector256<T>>(in x, in dy, ref dx, stepped, k);
            }
        }

        private static nuint Forward<T, TV>(ref readonly T x, ref T y, nuint groups, nuint k) where TV : struct, IVectorMemory<TV, T>
        {
            nuint lanes = (nuint)TV.Count;
            Vector256<int> offsets = FloatVector.StridedOffsets(k);
            nuint g = 0;
            for (; g + lanes <= groups; g += lanes)
            {
                ref T block = ref Unsafe.Add(ref Unsafe.AsRef(in x), g * k);
                TV max = TV.GatherStrided(in block, k, offsets);
                for (nuint j = 1; j < k; j++)
                {
                    max = TV.Max(max, TV.GatherStrided(in Unsafe.Add(ref block, j), k, offsets));
                }

                TV.Store(max, ref y, g);
            }

            return g;
        }

        [SkipLocalsInit]
        private static void Backward<T, TV>(ref readonly T x, ref readonly T dy, ref T dx, nuint stepped, nuint k)
            where T : unmanaged, INumberBase<T>
            where TV : struct, IVectorMemory<TV, T>
        {
            int lanes = TV.Count;
            Span<T> winners = stackalloc T[lanes];
            Span<T> gradients = stackalloc T[lanes];
            TV zero = TV.Create(0.0);
            Vector256<int> offsets = FloatVector.StridedOffsets(k);
            for (nuint g = stepped; g > 0;)
            {
                g -= (nuint)lanes;
                ref T block = ref Unsafe.Add(ref Unsafe.AsRef(in x), g * k);
                TV best = TV.GatherStrided(in block, k, offsets);
                TV winner = zero;
                for (nuint j = 1; j < k; j++)
                {
                    TV piece = TV.GatherStrided(in Unsafe.Add(ref block, j), k, offsets);
                    TV takes = (TV.IsNaN(piece) | TV.GreaterThan(piece, best)) & TV.Equal(best, best);
                    best = TV.Select(takes, piece, best);
                    winner = TV.Select(takes, TV.Create(j), winner);
                }

                TV.Store(winner, ref winners[0], 0);
                TV.Store(TV.Load(in dy, g), ref gradients[0], 0);
                ref T step = ref Unsafe.Add(ref dx, g * k);
                for (nuint c = 0; c < k; c++)
                {
                    TV.Store(zero, ref step, c * (nuint)lanes);
                }

                for (int i = 0; i < lanes; i++)
                {
                    Unsafe.Add(ref step, (nuint)i * k + nuint.CreateTruncating(winners[i])) = gradients[i];
                }
            }
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
            bool pairs = pieces == 2 && typeof(TC) == typeof(float) && MaxoutPairs.IsSupported;
            bool gathered = !pairs && MaxoutGathered.Serves<TC>(pieces, backward: true);

            // Descending: with pairs or gathers, the groups past the last whole step first, then the steps.
            nuint stepped = pairs ? groups - groups % 4 : gathered ? MaxoutGathered.Stepped<TC>(groups) : 0;
            for (nuint g = groups; g-- > stepped;)
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

            if (pairs)
            {
                MaxoutPairs.Backward(in Unsafe.As<TC, float>(ref Unsafe.AsRef(in first)), in Unsafe.As<TC, float>(ref Unsafe.AsRef(in second)),
                    ref Unsafe.As<TC, float>(ref dx), groups);
            }
            else if (gathered)
            {
                MaxoutGathered.Backward(in first, in second, ref dx, stepped, pieces);
            }
        }
    }
}
