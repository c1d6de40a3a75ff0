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
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public MishParts(TV x)
        {
            // a = max(−|x|, bound): equal to x below 0 down to the bound where e^−|x| is 0 in the lane type, which keeps
            // −∞ out of the products (the exponential's own argument, so it costs nothing). e^a from the table where the
            // CPU permutes: mish′ 4.33 → 4.21 ULP over every float, the forward unchanged at 2.71 and 11% faster on Zen 5.
            TV a = VectorMath.ClampedMinusAbs(x);
            E = VectorMath.ExpTabulatedParts(a, out TV m, out TV exponent);
            TV zero = TV.Create(0.0);
            TV two = TV.Create(2.0);
            TV twoE = E + E;
            TV square = twoE * E;
            // One compare-and-blend per choice keeps AVX-512's comparison in a mask register (a shared mask vector
            // would cost two conversions).
            Numerator = TV.SelectLessThan(x, zero, TV.MultiplyAdd(E, E, E), square);
            Denominator = TV.SelectLessThan(x, zero, TV.MultiplyAdd(E, E, twoE) + two, TV.MultiplyAdd(E, two, TV.Create(1.0)) + square);
            Mantissa = TV.SelectLessThan(x, zero, m, TV.Create(1.0));
            Exponent = TV.SelectLessThan(x, zero, exponent, zero);
            Factor = TV.SelectLessThan(x, zero, a * m, x);
            NegativeBounded = a;
        }

        /// <summary>max(−|x|, −bound), the bound where e^−|x| is 0 in the lane type: x itself for moderate x &lt; 0.</summary>
        public TV NegativeBounded { get; }

        /// <summary>e^−|x|, rounded.</summary>
        public TV E { get; }

        /// <summary>h = Numerator/Denominator.</summary>
        public TV Numerator { get; }

        public TV Denominator { get; }

        /// <summary>m for x &lt; 0, 1 above: the leading factor e = Mantissa·2^Exponent (1 for x ≥ 0).</summary>
        public TV Mantissa { get; }

        public TV Exponent { get; }

        /// <summary>F = x·m below 0 (x bounded where e^−|x| vanishes, so −∞ gives a finite F and a zero result), x
        /// above: mish = ScaleB(F − F·h, Exponent).</summary>
        public TV Factor { get; }
    }

    /// <summary>mish(x) = ScaleB(F − F·h, k), F = x·m (x &lt; 0) or x.</summary>
    internal readonly struct MishOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            MishParts<TV> parts = new(x);
            TV h = parts.Numerator / parts.Denominator;
            TV factor = parts.Factor;

            // F·h with F capped at the largest finite value: h = 0 where F = +∞, and ∞ − 0 stays ∞ (∞·0 would be NaN).
            // mish has x's sign; CopySign restores it where F − F·h loses it (x = −0 gives −0 + 0 = +0).
            TV finite = TV.ClampAbove(factor, TV.Create(double.MaxValue, float.MaxValue));
            return TV.CopySign(TV.ScaleB(TV.MultiplyAddNegated(h, finite, factor), parts.Exponent), factor);
        }
    }

    /// <summary>
    /// mish′(x) = tanh + x·sech²·σ(x) over one denominator, with e = e^−|x| and M the x &lt; 0 case's leading factor e
    /// (kept as m·2ⁿ and applied by one scaling at the end): mish′ = M·N/D². For x &lt; 0 (tanh = e(e + 2)/D,
    /// sech² = 4(1 + e)²/D², σ = e/(1 + e)), D = 2 + 2e + e² and N = (e + 2)·D + 4x(1 + e) = (4 + 4x) + (6 + 4x)e + 4e² +
    /// e³; for x ≥ 0 (tanh = (1 + 2e)/D, sech² = 4e²(1 + e)²/D², σ = 1/(1 + e)), D = 1 + 2e + 2e² and
    /// N = (1 + 2e)·D + 4x·e²(1 + e) = 1 + 4e + (6 + 4x)e² + (4 + 4x)e³. N and D² (4 + 8e + 8e² + 4e³ + e⁴, or the
    /// same coefficients reversed) are polynomials in e whose coefficients x's sign selects, evaluated by Horner's rule,
    /// each rounded once at its own size: below 0, N vanishes at the derivative's zero x₀ = −1.19, and (e + 2)·D rounded
    /// three times at 2.8 times N's size at the edge of the zero zone, while D·D doubled D's rounding (6.98 ULP there;
    /// now 4.21 over every float, at x = −0.179, with the table exponential). One division.
    /// </summary>
    internal readonly struct MishDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            MishParts<TV> parts = new(x);
            TV one = TV.Create(1.0);
            TV two = TV.Create(2.0);
            TV four = TV.Create(4.0);
            TV zero = TV.Create(0.0);
            TV e = parts.E;

            // x bounded (the exponential's −|x| below 0, capped above): at ±∞ the x terms meet a vanishing e³ or M
            // instead of giving ∞·0.
            TV bounded = TV.SelectLessThan(x, zero, parts.NegativeBounded, TV.ClampAbove(x, -parts.NegativeBounded));
            TV fourPlus = TV.MultiplyAdd(bounded, four, four);
            TV sixPlus = TV.MultiplyAdd(bounded, four, TV.Create(6.0));
            TV n = TV.MultiplyAdd(e, TV.SelectLessThan(x, zero, one, fourPlus), TV.SelectLessThan(x, zero, four, sixPlus));
            n = TV.MultiplyAdd(e, n, TV.SelectLessThan(x, zero, sixPlus, four));
            n = TV.MultiplyAdd(e, n, TV.SelectLessThan(x, zero, fourPlus, one));
            TV eight = TV.Create(8.0);
            TV square = TV.MultiplyAdd(e, TV.SelectLessThan(x, zero, one, four), TV.SelectLessThan(x, zero, four, eight));
            square = TV.MultiplyAdd(e, square, eight);
            square = TV.MultiplyAdd(e, square, TV.SelectLessThan(x, zero, eight, four));
            square = TV.MultiplyAdd(e, square, TV.SelectLessThan(x, zero, four, one));
            return TV.ScaleB(n / square * parts.Mantissa, parts.Exponent);
        }
    }

    /// <summary>dx = mish′(x)·dy.</summary>
    internal readonly struct MishBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(MishDerivativeOperator).Invoke(x);
    }
}
