using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes <c>tanhshrink(x) = x − tanh(x)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives x − tanh(x); it may be <paramref name="x"/> itself.</param>
        /// <remarks>
        /// Accurate where x − tanh(x) cancels: below |x| = 1.25 (float) or 1 (double) it is x³·Q(x²), a minimax
        /// polynomial (tanhshrink(1e−10) = 3.3e−31, not 0); above, (|x| − 1) + 2/(e^{2|x|} + 1). Odd: the sign of x is
        /// kept, −0 included. ±∞ → ±∞, NaN → NaN. Accuracy: see <c>Activation.Describe</c>.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void TanhShrink<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(TanhShrinkOperator));

        /// <summary>Computes x − tanh(x) in place.</summary>
        /// <param name="values">The input, overwritten by x − tanh(x).</param>
        public static void TanhShrink<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, default(TanhShrinkOperator));

        /// <summary>Computes the derivative <c>1 − tanh′(x) = tanh²(x)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives tanh²(x); it may be <paramref name="x"/> itself.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void TanhShrinkDerivative<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(TanhShrinkDerivativeOperator));

        /// <summary>Computes <c>dx = tanh²(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void TanhShrinkBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, default(TanhShrinkBackwardOperator));
    }

    /// <summary>Tanhshrink <c>x − tanh(x)</c>; registry name <c>tanhshrink</c> (alias <c>tanh_shrink</c>).</summary>
    public sealed class TanhShrinkActivation : PointwiseActivation
    {
        /// <summary>Creates the tanhshrink activation.</summary>
        public TanhShrinkActivation() : base("tanhshrink")
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.TanhShrink(x, y);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.TanhShrinkDerivative(x, dydx);

        // y = x − tanh(x) is of no use here: tanh(x) = x − y cancels.
        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.TanhShrinkBackward(x, dy, dx);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>
    /// x − tanh(x) on a = |x|, the sign put back at the end. Below the limit (1.25 float, 1 double) a³·Q(a²): there
    /// the exponential form's error in 2/d, up to about 1.5 ULP of 2/d, would exceed 2 ULP of the result. From the
    /// limit on, (a − 1) + 2/d with d = e^{2a} + 1 (<see cref="VectorMath.TanhDenominator{TV}"/>): a − 1 is exact up
    /// to 2²⁴ (float), and 2/d is at most 0.16 of the sum at a = 1.25 (0.24 at a = 1), so its error shrinks with it.
    /// </summary>
    internal readonly struct TanhShrinkOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV a = TV.Abs(x);
            TV limit = TV.Create(TV.IsDouble ? TanhShrinkSeries.LimitDouble : TanhShrinkSeries.LimitSingle);
            TV small = TV.IsDouble ? TanhShrinkSeries.Double(a) : TV.InDoublePrecision(a, default(TanhShrinkSeries));
            TV large = (a - TV.Create(1.0)) + TV.Create(2.0) / VectorMath.TanhDenominator(a);
            return TV.SelectLessThan(a, limit, small, large) | TV.SignBit(x);
        }
    }

    /// <summary>
    /// a³·Q(a²) = a − tanh(a) for 0 ≤ a ≤ the limit. As an operator it is the float kernel's, evaluated in double
    /// precision (see <see cref="IFloatVector{TSelf}.InDoublePrecision"/>): Q from <c>tools/minimax/remez.py
    /// tanhshrink-single</c> (10 terms on [0, 1.25], 1.4e−9 relative), and a² exact, so the float result is rounded
    /// essentially once. <see cref="Double"/> is the double kernel's, from <c>tanhshrink-double</c> (16 terms on [0, 1],
    /// coefficients rounded one at a time).
    /// </summary>
    internal readonly struct TanhShrinkSeries : IUnaryOperator
    {
        public const double LimitSingle = 1.25;
        public const double LimitDouble = 1.0;

        private static ReadOnlySpan<double> SingleCoefficients =>
        [
            0.33333333285377126, -0.13333327170845188, 0.05396693077969139, -0.02185831186861407, 0.008814422660048544,
            -0.0034664988016563382, 0.001250911804738536, -0.00036829683386117477, 7.380547807639044e-05, -7.180647182914389e-06,
        ];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV a) where TV : struct, IFloatVector<TV>
        {
            // A loop over the coefficients rather than ten written-out steps: the operator is inlined twice (one per
            // double half of the float vector), and written out, the two copies alone would take the loop past the
            // JIT's limit on locals per method, turning the tail of the tanhshrink operator into calls.
            TV z = a * a;
            ReadOnlySpan<double> c = SingleCoefficients;
            TV q = TV.Create(c[^1]);
            for (int k = c.Length - 2; k >= 0; k--)
            {
                q = TV.MultiplyAdd(q, z, TV.Create(c[k]));
            }

            return a * z * q;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Double<TV>(TV a) where TV : struct, IFloatVector<TV>
        {
            TV z = a * a;
            TV q = TV.Create(-1.745724510708175e-08);
            q = TV.MultiplyAdd(q, z, TV.Create(2.0559404610611953e-07));
            q = TV.MultiplyAdd(q, z, TV.Create(-1.1845062376605603e-06));
            q = TV.MultiplyAdd(q, z, TV.Create(4.597517871347114e-06));
            q = TV.MultiplyAdd(q, z, TV.Create(-1.4088854506979703e-05));
            q = TV.MultiplyAdd(q, z, TV.Create(3.791228218656272e-05));
            q = TV.MultiplyAdd(q, z, TV.Create(-9.614839418825444e-05));
            q = TV.MultiplyAdd(q, z, TV.Create(0.00023880796934224117));
            q = TV.MultiplyAdd(q, z, TV.Create(-0.0005899285917529378));
            q = TV.MultiplyAdd(q, z, TV.Create(0.0014558125200907065));
            q = TV.MultiplyAdd(q, z, TV.Create(-0.0035921246775806005));
            q = TV.MultiplyAdd(q, z, TV.Create(0.008863235189898636));
            q = TV.MultiplyAdd(q, z, TV.Create(-0.021869488515276238));
            q = TV.MultiplyAdd(q, z, TV.Create(0.05396825396757864));
            q = TV.MultiplyAdd(q, z, TV.Create(-0.13333333333332467));
            q = TV.MultiplyAdd(q, z, TV.Create(0.3333333333333333));
            return a * z * q;
        }
    }

    /// <summary>(x − tanh x)′ = tanh²(x), from <see cref="VectorMath.TanhOfAbs{TV}"/> (even in x).</summary>
    internal readonly struct TanhShrinkDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV t = VectorMath.TanhOfAbs(TV.Abs(x));
            return t * t;
        }
    }

    /// <summary>dx = tanh²(x)·dy.</summary>
    internal readonly struct TanhShrinkBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(TanhShrinkDerivativeOperator).Invoke(x);
    }
}
