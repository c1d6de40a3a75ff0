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
    /// mish(x) = x·T with T = tanh(softplus(x)) = V/S from e = e^−|x| = m·2ᵏ, the quotient's rounding corrected before
    /// the product. For x &lt; 0, T = e(e + 2)/(e² + 2e + 2) = 2ᵏ·V/S with V = m(e + 2) and S = V·2ᵏ + 2; for x ≥ 0
    /// (numerator and denominator divided by e^2x), T = V/S with V = 1 + 2e and S = V + 2e·e. V and S are one FMA each,
    /// and the same FMA with its result subtracted from the addend gives that rounding's error exactly (the subtractions
    /// are exact: 2m ≤ V ≤ 3m and 2 ≤ S ≤ 5 below 0, 1 ≤ V ≤ 3 and V ≤ S ≤ 2V above), so t = V/S is corrected by
    /// g = t·(S + S_low + V_low·2ᵏ) − (V + V_low), k = 0 above (t·S − V exact in one FMA): T = t − g/S, and
    /// x·t − x·g/S is rounded once, then scaled by 2ᵏ (so the subnormal tail is rounded twice, only there). What is left
    /// is the exponential's rounding and the last one: 1.49 ULP over every float, where F − F·h (F = x·m rounded, h = 1 − T
    /// with three roundings) measured 2.71 in ten operations fewer (this form is 30% slower on Zen 5). Without FMA the
    /// error terms are only approximate (2.73 ULP; a software FMA there made the loop fifteen times slower).
    /// </summary>
    internal readonly struct MishOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            // a = max(−|x|, bound): x itself for moderate x < 0, and −∞ kept out of the products below.
            TV a = VectorMath.ClampedMinusAbs(x);
            TV e = VectorMath.ExpTabulatedParts(a, out TV m, out TV k);
            TV zero = TV.Create(0.0);
            TV one = TV.Create(1.0);
            TV two = TV.Create(2.0);

            // One compare-and-blend per choice: the JIT keeps AVX-512's one comparison in a mask register.
            TV vFactor = TV.SelectLessThan(x, zero, m, two);
            TV vAddend = TV.SelectLessThan(x, zero, m + m, one);
            TV v = TV.MultiplyAdd(vFactor, e, vAddend);
            TV vLow = TV.MultiplyAdd(vFactor, e, vAddend - v);
            TV exponent = TV.SelectLessThan(x, zero, k, zero);
            TV scale = TV.ScaleB(one, exponent);
            TV factor = TV.SelectLessThan(x, zero, v, e + e);
            TV addend = TV.SelectLessThan(x, zero, two, v);
            TV multiplier = TV.SelectLessThan(x, zero, scale, e);
            TV s = TV.MultiplyAdd(factor, multiplier, addend);
            TV sLow = TV.MultiplyAdd(factor, multiplier, addend - s);
            TV t = v / s;
            TV g = TV.MultiplyAdd(t, TV.MultiplyAdd(vLow, scale, sLow), TV.MultiplySubtract(t, s, v)) - vLow;

            // x bounded below 0 (a) and capped at the largest finite value in the correction, where g = 0 at +∞
            // (∞·0 would be NaN); NaN comes through x ≥ 0's side. CopySign keeps mish(−0) = −0.
            TV y = TV.SelectLessThan(x, zero, a, x);
            TV correction = TV.ClampAbove(y, TV.Create(double.MaxValue, float.MaxValue)) * (g / s);
            TV product = TV.MultiplySubtract(y, t, correction);
            return TV.CopySign(TV.ScaleB(product, exponent), y);
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
    /// three times at 2.8 times N's size at the edge of the zero zone, while D·D doubled D's rounding (6.98 ULP there).
    /// One division, whose rounding is corrected before the product with M (q = N/D², then M·q − M·(q·D² − N)/D² rounded
    /// once, q·D² − N exact in one FMA): 4.21 → 3.70 ULP over every float for three operations.
    /// </summary>
    internal readonly struct MishDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            // a = max(−|x|, bound), the bound where e^−|x| is 0 in the lane type: x itself for moderate x < 0.
            TV a = VectorMath.ClampedMinusAbs(x);
            TV e = VectorMath.ExpTabulatedParts(a, out TV m, out TV k);
            TV one = TV.Create(1.0);
            TV four = TV.Create(4.0);
            TV zero = TV.Create(0.0);

            // x bounded (a below 0, capped above): at ±∞ the x terms meet a vanishing e³ or M instead of giving ∞·0.
            TV bounded = TV.SelectLessThan(x, zero, a, TV.ClampAbove(x, -a));
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
            TV q = n / square;
            TV residual = TV.MultiplySubtract(q, square, n);
            TV mantissa = TV.SelectLessThan(x, zero, m, one);
            return TV.ScaleB(TV.MultiplySubtract(mantissa, q, mantissa * (residual / square)), TV.SelectLessThan(x, zero, k, zero));
        }
    }

    /// <summary>dx = mish′(x)·dy.</summary>
    internal readonly struct MishBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(MishDerivativeOperator).Invoke(x);
    }
}
