using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    /// <summary>Which GELU to compute (PyTorch's <c>approximate</c> argument).</summary>
    public enum GeluApproximation
    {
        /// <summary>The exact <c>x·Φ(x)</c> (<c>approximate='none'</c>).</summary>
        None,

        /// <summary>Hendrycks and Gimpel's <c>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715x³)))</c> (<c>approximate='tanh'</c>).</summary>
        Tanh,
    }

    public static partial class Activations
    {
        /// <summary>Computes the Gaussian error linear unit <c>gelu(x) = x·Φ(x) = 0.5·x·erfc(−x/√2)</c> elementwise, or its
        /// tanh approximation.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives gelu(x); it may be <paramref name="x"/> itself.</param>
        /// <param name="approximate"><see cref="GeluApproximation.None"/> (PyTorch's default) or <see cref="GeluApproximation.Tanh"/>.</param>
        /// <remarks>
        /// Exact form: from the Gaussian tail Φ(−|x|), accurate in relative terms down to the last subnormal, as
        /// x·Φ(−|x|) for x ≤ 0 and x − x·Φ(−x) above, so no 1 + erf cancellation: PyTorch's 0.5·x·(1 + erf(x/√2)) is
        /// thousands of ULP off near x = −3.4 and 0 beyond x ≈ −5.5. Tanh form: x·σ(2u), u = √(2/π)·(x + 0.044715x³),
        /// the same function without 1 + tanh cancellation, with 2u carried with its rounding error. Both give
        /// gelu(−∞) = −0, gelu(+∞) = +∞, gelu(MaxValue) = MaxValue, gelu(−0) = −0, gelu(NaN) = NaN.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="approximate"/> is not a defined value.</exception>
        public static void Gelu<T>(ReadOnlySpan<T> x, Span<T> destination, GeluApproximation approximate = GeluApproximation.None)
            where T : IFloatingPointIeee754<T>
        {
            if (GeluParameters.IsTanh(approximate))
            {
                Elementwise.Unary(x, destination, default(GeluTanhOperator));
            }
            else if (typeof(T) != typeof(double) && NormalTailTable.IsAccelerated)
            {
                // Float and Half lanes, every width: see NormalTailTable.IsAccelerated. Chosen here, where the lane
                // type is a constant, so that each loop inlines one kernel only.
                Elementwise.Unary(x, destination, default(GeluOperator<TabulatedNormalTail>));
            }
            else
            {
                Elementwise.Unary(x, destination, default(GeluOperator<RationalNormalTail>));
            }
        }

        /// <summary>Computes gelu(x) in place.</summary>
        /// <param name="values">The input, overwritten by gelu(x).</param>
        /// <param name="approximate"><see cref="GeluApproximation.None"/> or <see cref="GeluApproximation.Tanh"/>.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="approximate"/> is not a defined value.</exception>
        public static void Gelu<T>(Span<T> values, GeluApproximation approximate = GeluApproximation.None) where T : IFloatingPointIeee754<T> =>
            Gelu(values, values, approximate);

        /// <summary>Computes <c>gelu′(x) = Φ(x) + x·φ(x)</c> (or the tanh form's derivative) elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="approximate"><see cref="GeluApproximation.None"/> or <see cref="GeluApproximation.Tanh"/>.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="approximate"/> is not a defined value.</exception>
        public static void GeluDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, GeluApproximation approximate = GeluApproximation.None)
            where T : IFloatingPointIeee754<T>
        {
            if (GeluParameters.IsTanh(approximate))
            {
                Elementwise.Unary(x, destination, default(GeluTanhDerivativeOperator));
            }
            else if (typeof(T) != typeof(double) && NormalTailTable.IsAccelerated)
            {
                Elementwise.Unary(x, destination, default(GeluDerivativeOperator<TabulatedNormalTail>));
            }
            else
            {
                Elementwise.Unary(x, destination, default(GeluDerivativeOperator<RationalNormalTail>));
            }
        }

        /// <summary>Computes <c>dx = gelu′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="approximate"><see cref="GeluApproximation.None"/> or <see cref="GeluApproximation.Tanh"/>.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="approximate"/> is not a defined value.</exception>
        public static void GeluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, GeluApproximation approximate = GeluApproximation.None)
            where T : IFloatingPointIeee754<T>
        {
            if (GeluParameters.IsTanh(approximate))
            {
                Elementwise.Binary(x, dy, dx, default(GeluTanhBackwardOperator));
            }
            else if (typeof(T) != typeof(double) && NormalTailTable.IsAccelerated)
            {
                Elementwise.Binary(x, dy, dx, default(GeluBackwardOperator<TabulatedNormalTail>));
            }
            else
            {
                Elementwise.Binary(x, dy, dx, default(GeluBackwardOperator<RationalNormalTail>));
            }
        }
    }

    /// <summary>The Gaussian error linear unit <c>x·Φ(x)</c> or its tanh approximation; registry name <c>gelu</c>
    /// (<c>gelu(approximate=tanh)</c> for the approximation).</summary>
    public sealed class GeluActivation : PointwiseActivation
    {
        /// <summary>Creates GELU.</summary>
        /// <param name="approximate"><see cref="GeluApproximation.None"/> (exact, PyTorch's default) or <see cref="GeluApproximation.Tanh"/>.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="approximate"/> is not a defined value.</exception>
        public GeluActivation(GeluApproximation approximate = GeluApproximation.None)
            : base(GeluParameters.IsTanh(approximate) ? "gelu(approximate=tanh)" : "gelu")
        {
            Approximate = approximate;
        }

        /// <summary>The form computed.</summary>
        public GeluApproximation Approximate { get; }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Gelu(x, y, Approximate);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.GeluDerivative(x, dydx, Approximate);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.GeluBackward(x, dy, dx, Approximate);
    }
}

namespace SimdActivations.Kernels
{
    internal static class GeluParameters
    {
        public static bool IsTanh(GeluApproximation approximate)
        {
            if (approximate is not (GeluApproximation.None or GeluApproximation.Tanh))
            {
                throw new ArgumentOutOfRangeException(nameof(approximate), approximate, "'approximate' must be None or Tanh.");
            }

            return approximate == GeluApproximation.Tanh;
        }
    }

    /// <summary>
    /// x·Φ(x) from v = x·Φ(−|x|) (the tail, in parts, scaled once): v for x ≤ 0, x − v for x &gt; 0 (Φ(x) = 1 − Φ(−x),
    /// v ≤ x/2, so the difference loses nothing). x is clamped where the tail underflows (and for +∞, x − 0 = x).
    /// </summary>
    internal readonly struct GeluOperator<TTail> : IUnaryOperator where TTail : struct, INormalTail
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV limit = TV.Create(TV.IsDouble ? VectorMath.NormalTailLimitDouble : VectorMath.NormalTailLimitSingle);
            TV bounded = TV.ClampAbove(TV.ClampBelow(x, -limit), limit);
            // x·Φ(−|x|) has x's sign; the OR keeps it when the product underflows (x = −1e−45 gives −0, not +0).
            TV v = TTail.Times(bounded) | TV.SignBit(bounded);
            return TV.SelectGreaterThan(x, TV.Create(0.0), x - v, v);
        }
    }

    /// <summary>
    /// GELU's two uses of the Gaussian tail, for |x| up to <see cref="VectorMath.NormalTailLimitSingle"/> (float lanes)
    /// or <see cref="VectorMath.NormalTailLimitDouble"/> (double lanes): x·Φ(−|x|) for the forward, and e^(−x²/2)·H(|x|),
    /// H = F − |x|/√(2π) (see <see cref="VectorMath.NormalTailDifference{TV}"/>), for the derivative.
    /// </summary>
    internal interface INormalTail
    {
        static abstract TV Times<TV>(TV x) where TV : struct, IFloatVector<TV>;

        static abstract TV ScaledDifference<TV>(TV x) where TV : struct, IFloatVector<TV>;
    }

    /// <summary>By the rational variable t = c/(c + a) (<see cref="VectorMath.NormalTail{TV}"/>): every lane type and
    /// CPU.</summary>
    internal readonly struct RationalNormalTail : INormalTail
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Times<TV>(TV x) where TV : struct, IFloatVector<TV> => VectorMath.NormalTail(x).Times(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV ScaledDifference<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV h = VectorMath.NormalTailDifference(x, out TV fraction, out TV exponent);
            return TV.ScaleB(TV.MultiplyAdd(h, fraction, h), exponent);
        }
    }

    /// <summary>
    /// By the tables of <see cref="NormalTailTable"/> for float lanes, where <see cref="NormalTailTable.IsAccelerated"/>
    /// (the dispatch in <see cref="Activations"/> sends only float and Half here). Double lanes take
    /// <see cref="RationalNormalTail"/> out of line, so that float loops do not inline it as dead code: with both
    /// kernels inlined (chosen by a branch inside the operator), GELU's loop ran out of inlining budget and left the
    /// rest of the operator in calls (0.4 elements/ns).
    /// </summary>
    internal readonly struct TabulatedNormalTail : INormalTail
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Times<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            TV.IsDouble ? TimesOutOfLine(x) : VectorMath.TimesNormalTailTabulated(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV ScaledDifference<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            TV.IsDouble ? ScaledDifferenceOutOfLine(x) : VectorMath.ScaledNormalTailDifferenceTabulated(x);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static TV TimesOutOfLine<TV>(TV x) where TV : struct, IFloatVector<TV> => RationalNormalTail.Times(x);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static TV ScaledDifferenceOutOfLine<TV>(TV x) where TV : struct, IFloatVector<TV> => RationalNormalTail.ScaledDifference(x);
    }

    /// <summary>
    /// gelu′(x) = Φ(x) + x·φ(x) with Φ(−a) = E·F(a), φ = E/√(2π), E = e^(−a²/2), a = |x|: E·H(a), H = F − a/√(2π), for
    /// x ≤ 0 and 1 − E·H(a) above. H changes sign at the derivative's zero near x = −0.75: float lanes take H as
    /// (a₀ − a)·M, M from its own fit through that root (<see cref="VectorMath.NormalTailDifference{TV}"/>, or the
    /// tables of <see cref="VectorMath.ScaledNormalTailDifferenceTabulated{TV}"/>), double lanes likewise with their own
    /// fit (see <typeparamref name="TTail"/>).
    /// </summary>
    internal readonly struct GeluDerivativeOperator<TTail> : IUnaryOperator where TTail : struct, INormalTail
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV limit = TV.Create(TV.IsDouble ? VectorMath.NormalTailLimitDouble : VectorMath.NormalTailLimitSingle);
            TV bounded = TV.ClampAbove(TV.ClampBelow(x, -limit), limit);
            TV v = TTail.ScaledDifference(bounded);

            // NaN comes out as x itself rather than as whatever NaN the arithmetic made of it.
            return ReluMath.SelectPositive(x, TV.Create(1.0) - v, v);
        }
    }

    /// <summary>dx = gelu′(x)·dy.</summary>
    internal readonly struct GeluBackwardOperator<TTail> : IBinaryOperator where TTail : struct, INormalTail
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(GeluDerivativeOperator<TTail>).Invoke(x);
    }

    /// <summary>
    /// The argument of the tanh form's sigmoid, t = 2u = c₁·x + c₂·x³ (c₁ = 2√(2/π), c₂ = 0.044715·c₁), with its
    /// error. In the negative tail σ(t) ≈ eᵗ, whose relative error is the absolute error of t: rounding t to float
    /// (|t| up to 100 where x·σ(t) is still representable) would cost up to 2⁻¹⁷, 100 ULP. Here w = c₁ + c₂x² is
    /// computed as w_h = fma(c₂, x², c₁_h) with c₁_h = c₁ rounded to a multiple of the smallest quantum w_h can have
    /// within the bound (2⁻¹⁹ for float, 2⁻⁴⁶ for double), so w_h − c₁_h is exact and fma(c₂, x², −(w_h − c₁_h)) is
    /// w_h's rounding error; with the errors of x² (an FMA), of c₁_h and of c₂ in the lane type, and of x·w_h (an
    /// FMA), t + error is c₁x + c₂x³ to about 2⁻⁴⁰ relative, and the error stays below 2⁻¹⁵, so the first-order
    /// correction e^(t + error) ≈ eᵗ·(1 + error) is exact to a hundredth of an ULP.
    /// </summary>
    internal static class GeluTanhMath
    {
        // Past |x| = 20 (float) or 30 (double) σ(t) is 0 or 1 in the lane type; the bound keeps t and its error finite.
        private const double LimitSingle = 20.0;
        private const double LimitDouble = 30.0;

        private const double C1HighDouble = 1.595769121605727;      // 112292269084889·2⁻⁴⁶
        private const double C1LowDouble = 3.675065195634423e-15;   // c1 − C1HighDouble
        private const float C1HighSingle = 1.59576988f;             // 836643·2⁻¹⁹
        private const float C1LowSingle = -7.60596418e-07f;         // c1 − C1HighSingle
        private const double C2 = 0.07135481627260025;
        private const double C2LowDouble = -6.175149918155315e-19;  // c2 − (double)c2
        private const float C2LowSingle = 2.39883247e-09f;          // c2 − (float)c2

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Bounded<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV limit = TV.Create(TV.IsDouble ? LimitDouble : LimitSingle);
            return TV.ClampAbove(TV.ClampBelow(x, -limit), limit);
        }

        /// <summary>t (rounded) and its error, for x already bounded.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Argument<TV>(TV x, out TV error) where TV : struct, IFloatVector<TV> => Argument(x, out error, out _, out _);

        /// <summary>
        /// t (rounded) and its error, and c₂x² = <paramref name="cubic"/> + <paramref name="cubicLow"/> (w_h − c₁_h,
        /// exact, and the part it misses), for x already bounded.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Argument<TV>(TV x, out TV error, out TV cubic, out TV cubicLow) where TV : struct, IFloatVector<TV>
        {
            TV c2 = TV.Create(C2);
            TV square = x * x;
            TV squareLow = TV.FusedMultiplySubtract(x, x, square);
            TV c1High = TV.Create(C1HighDouble, C1HighSingle);
            TV w = TV.MultiplyAdd(c2, square, c1High);
            cubic = w - c1High;
            cubicLow = TV.FusedMultiplySubtract(c2, square, cubic);
            cubicLow = TV.MultiplyAdd(c2, squareLow, cubicLow);
            cubicLow = TV.MultiplyAdd(TV.Create(C2LowDouble, C2LowSingle), square, cubicLow);
            TV t = x * w;
            error = TV.MultiplyAdd(x, cubicLow + TV.Create(C1LowDouble, C1LowSingle), TV.FusedMultiplySubtract(x, w, t));
            return t;
        }
    }

    /// <summary>
    /// x·σ(t) = ScaleB(x/d, m) with 1 + e^−(t + error) = 2^−m·d (<see cref="VectorMath.LogisticDenominator{TV}(TV, TV, out TV)"/>): two
    /// roundings after the exponential's polynomial, 1.88 ULP over every float (2.93 for x·e/(1 + e) from e = e^−|t|,
    /// where e, 1 + e, x + x·q and the quotient each rounded), at the same speed.
    /// </summary>
    internal readonly struct GeluTanhOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV bounded = GeluTanhMath.Bounded(x);
            TV t = GeluTanhMath.Argument(bounded, out TV error);
            TV d = VectorMath.LogisticDenominator(t, error, out TV m);

            // Below the bound σ(t) is 0 and the factor only carries the sign; above it σ(t) = 1 and x itself is returned.
            TV factor = TV.ClampBelow(x, bounded);
            return TV.ScaleB(factor / d, m);
        }
    }

    /// <summary>
    /// d/dx x·σ(t) = σ(t)·(1 + s·σ(−t)), s = x·t′, as one quotient over (1 + e)², e = e^−|t| = M·2ⁿ (the table
    /// exponential, <see cref="VectorMath.ExpMinusAbsTabulatedParts{TV}"/>), the way <see cref="SwishMath.Derivative{TV}"/>
    /// does it: M·(1 + s + e)/(1 + e)² scaled by 2ⁿ at the end for t &lt; 0, and (1 + e + s·e)/(1 + e)² for t ≥ 0. Float
    /// lanes take M·(1 + s + e) as M·((1 + t) + A) + M·e, fused: left of the zero zone e is small beside 1 + s and so
    /// is M·e's rounding beside the result, right of it 1 + t + A is small beside e, where rounding the sum 1 + s + e
    /// first (just above 1 near x = −0.34) cost up to 4.2 ULP. 3.83 ULP over every float, at x = −2.59 (a product of two
    /// rounded sigmoids lost 8.7 near the zone, where 1 + s + e cancels partly).
    /// </summary>
    internal readonly struct GeluTanhDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV bounded = GeluTanhMath.Bounded(x);
            TV t = GeluTanhMath.Argument(bounded, out TV error, out TV cubic, out TV cubicLow);
            TV e = VectorMath.ExpMinusAbsTabulatedParts(t, TV.FlipSignUnlessNegative(error, t), out TV mantissa, out TV n);
            TV k = TV.SelectLessThan(t, TV.Create(0.0), n, TV.Create(0.0));
            TV one = TV.Create(1.0);
            TV denominator = one + e;
            // s = x·t′ = c₁x + 3c₂x³ = (t + error) + 2x·c₂x² = t + A, and 1 + s + e = (1 + t) + A + e, with 1 + t exact
            // where it matters (−2 ≤ t ≤ −½ around the zero zone). A needs c₂x² whole: with the rounded c₂x² alone, s
            // was off by up to 2x·2⁻²⁴, which the zone's edge (f′ = 1/8 at x = −0.5125) turned into 4 of the 5.3 ULP
            // measured there.
            TV twoX = bounded + bounded;
            TV a = TV.MultiplyAdd(twoX, cubic, TV.MultiplyAdd(twoX, cubicLow, error));
            TV slope = t + a;
            TV onePlusT = one + t;
            TV negative;
            if (TV.IsDouble)
            {
                // Double lanes carry the sum's rounding error into M·sum, which the quotient's mantissa can double
                // where the sum's is small (4.02 → 3.32 ULP on 3·10⁶ random doubles, measured with the old slope).
                TV rest = e + a;
                TV sum = onePlusT + rest;
                TV low = VectorMath.TwoSumError(onePlusT, rest, sum);
                negative = TV.MultiplyAdd(mantissa, sum, low * mantissa);
            }
            else
            {
                negative = TV.MultiplyAdd(mantissa, onePlusT + a, mantissa * e);
            }

            TV positive = TV.MultiplyAdd(slope, e, denominator);
            TV square = TV.MultiplyAdd(e, TV.Create(2.0) + e, one);
            return TV.ScaleB(TV.SelectLessThan(t, TV.Create(0.0), negative, positive) / square, k);
        }
    }

    /// <summary>dx = gelu′(x)·dy (tanh form).</summary>
    internal readonly struct GeluTanhBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(GeluTanhDerivativeOperator).Invoke(x);
    }
}
