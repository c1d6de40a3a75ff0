using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes <c>mish(x) = x·tanh(softplus(x))</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives mish(x); it may be <paramref name="x"/> itself.</param>
        /// <remarks>
        /// From one exponential and no tanh or log: with e = e^−|x|, tanh(log(1 + eˣ)) = e(e + 2)/(e² + 2e + 2) for
        /// x &lt; 0 and (1 + 2e)/(1 + 2e + 2e²) for x ≥ 0, and the negative tail scaled once at the end, so mish(−100)
        /// is the correctly rounded −3.7e−42 rather than a subnormal with a few bits or 0. mish(−∞) = −0,
        /// mish(+∞) = +∞, mish(−0) = −0, mish(NaN) = NaN.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void Mish<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(MishOperator));

        /// <summary>Computes mish(x) in place.</summary>
        /// <param name="values">The input, overwritten by mish(x).</param>
        public static void Mish<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, default(MishOperator));

        /// <summary>Computes <c>mish′(x) = tanh(sp(x)) + x·sech²(sp(x))·σ(x)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void MishDerivative<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(MishDerivativeOperator));

        /// <summary>Computes <c>dx = mish′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void MishBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, default(MishBackwardOperator));
    }

    /// <summary>Mish <c>x·tanh(softplus(x))</c> (Misra, 2019); registry name <c>mish</c>.</summary>
    public sealed class MishActivation : PointwiseActivation
    {
        /// <summary>Creates the Mish activation.</summary>
        public MishActivation() : base("mish")
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Mish(x, y);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.MishDerivative(x, dydx);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.MishBackward(x, dy, dx);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>
    /// tanh(softplus(x)) from e = e^−|x| = m·2ⁿ, written as 1 − h so that the part that carries the rounding errors
    /// is small where the result is large. For x ≥ 0 (dividing (1 + eˣ)² ∓ 1 by e^2x): tanh = 1 − h,
    /// h = 2e²/(1 + 2e + 2e²). For x &lt; 0: tanh = e·(e + 2)/(e² + 2e + 2) = e·(1 − h'), h' = e(e + 1)/(e² + 2e + 2),
    /// with the factor e kept as m·2ⁿ and applied by one scaling at the end (so the subnormal tail is rounded once).
    /// h and h' are at most 0.4 and vanish quickly away from 0, so their three roundings matter little.
    /// </summary>
    internal readonly ref struct MishParts<TV> where TV : struct, IFloatVector<TV>
    {
        // Past these, e^−|x| is 0 in the lane type: keeps ±∞ out of the products (∞·0) and x is returned above.
        private const double LimitSingle = 200.0;
        private const double LimitDouble = 1500.0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public MishParts(TV x)
        {
            TV limit = TV.Create(TV.IsDouble ? LimitDouble : LimitSingle);
            Bounded = TV.ClampAbove(TV.ClampBelow(x, -limit), limit);
            ExpParts<TV> parts = VectorMath.ExpMinusAbsParts(x);
            TV m = parts.Mantissa;
            E = TV.ScaleB(m, parts.Exponent);
            TV zero = TV.Create(0.0);
            TV two = TV.Create(2.0);
            TV twoE = E + E;
            TV square = twoE * E;
            // One compare-and-blend per choice keeps AVX-512's comparison in a mask register (a shared mask vector
            // would cost two conversions).
            Numerator = TV.SelectLessThan(x, zero, TV.MultiplyAdd(E, E, E), square);
            Denominator = TV.SelectLessThan(x, zero, TV.MultiplyAdd(E, E, twoE) + two, TV.MultiplyAdd(E, two, TV.Create(1.0)) + square);
            Mantissa = TV.SelectLessThan(x, zero, m, TV.Create(1.0));
            Exponent = TV.SelectLessThan(x, zero, parts.Exponent, zero);
            X = x;
        }

        /// <summary>x as given.</summary>
        public TV X { get; }

        /// <summary>x clamped to ±the limit.</summary>
        public TV Bounded { get; }

        /// <summary>e^−|x|, rounded.</summary>
        public TV E { get; }

        /// <summary>h = Numerator/Denominator.</summary>
        public TV Numerator { get; }

        public TV Denominator { get; }

        /// <summary>m for x &lt; 0, 1 above: the leading factor e = Mantissa·2^Exponent (1 for x ≥ 0).</summary>
        public TV Mantissa { get; }

        public TV Exponent { get; }
    }

    /// <summary>mish(x) = ScaleB(F − F·h, k), F = x·m (x &lt; 0) or x; x itself above the bound.</summary>
    internal readonly struct MishOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            MishParts<TV> parts = new(x);
            TV h = parts.Numerator / parts.Denominator;
            TV factor = parts.Bounded * parts.Mantissa;

            // mish has x's sign; the OR restores it where F − F·h loses it (x = −0 gives −0 + 0 = +0).
            TV result = TV.ScaleB(TV.MultiplyAdd(-factor, h, factor), parts.Exponent) | TV.SignBit(parts.Bounded);
            return TV.SelectGreaterThan(x, parts.Bounded, x, result);
        }
    }

    /// <summary>
    /// mish′(x) = tanh + x·sech²·σ(x). With D the denominator of h and s·[…] the x &lt; 0 case's factor e taken out:
    /// x &lt; 0: mish′ = e·[(e + 2)·D + 4x(1 + e)]/D² (tanh = e(e + 2)/D, sech² = 4(1 + e)²/D², σ = e/(1 + e));
    /// x ≥ 0: mish′ = (1 − h) + x·4e²(1 + e)/D² (sech² = h(2 − h), σ = 1/(1 + e)). Below 0 the two terms cancel
    /// towards the zero at x ≈ −1.19; written over D² the result is only a third as sensitive to D's rounding as
    /// (1 − h') + x·K would be.
    /// </summary>
    internal readonly struct MishDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            MishParts<TV> parts = new(x);
            TV one = TV.Create(1.0);
            TV e = parts.E;
            TV d = parts.Denominator;
            TV fourX = TV.Create(4.0) * parts.Bounded;

            // x < 0: [(e + 2)·D + 4x(1 + e)]/D² with D = 2 + δ, δ = e(e + 2) rounded once and D never rounded:
            // numerator u·δ + (2u + 4x(1 + e)), denominator 4 + δ(4 + δ). Both move with δ's rounding, which then
            // nearly cancels; a rounded D would enter the quotient twice over in the tail (≈ x/(1 + e)).
            // x ≥ 0: (1 − h) + 4x·e²(1 + e)/D² = [N·D + 4x·e²(1 + e)]/D², N = 1 + 2e. One division serves both.
            TV zero = TV.Create(0.0);
            TV cross = TV.MultiplyAdd(fourX, e, fourX);
            TV delta = TV.MultiplyAdd(e, e, e + e);
            TV four = TV.Create(4.0);
            TV u = e + TV.Create(2.0);
            TV numerator = TV.SelectLessThan(parts.X, zero,
                TV.MultiplyAdd(u, delta, TV.MultiplyAdd(u, TV.Create(2.0), cross)),
                TV.MultiplyAdd(d - parts.Numerator, d, cross * (e * e)));
            TV denominator = TV.SelectLessThan(parts.X, zero, TV.MultiplyAdd(delta, delta + four, four), d * d);
            TV derivative = numerator / denominator * parts.Mantissa;
            return TV.SelectGreaterThan(x, parts.Bounded, one, TV.ScaleB(derivative, parts.Exponent));
        }
    }

    /// <summary>dx = mish′(x)·dy.</summary>
    internal readonly struct MishBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(MishDerivativeOperator).Invoke(x);
    }
}
