using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes SiLU / Swish <c>y = x·σ(βx)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives y; it may be <paramref name="x"/> itself.</param>
        /// <param name="beta">β (PyTorch's SiLU is β = 1; Swish learns β, see <see cref="SiluBetaGradient"/>); |β| ≤ 10⁴.</param>
        /// <remarks>
        /// silu(−∞) = −0, silu(+∞) = +∞, NaN → NaN. For β ≠ 1 the product βx is carried with its rounding error
        /// (an FMA), so large negative βx keeps full accuracy.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is NaN or |β| &gt; 10⁴.</exception>
        public static void Silu<T>(ReadOnlySpan<T> x, Span<T> destination, double beta = 1.0) where T : IFloatingPointIeee754<T>
        {
            SiluParameters.Validate(beta);
            if (beta == 1.0)
            {
                Elementwise.Unary(x, destination, default(SiluOperator));
            }
            else
            {
                Elementwise.Unary(x, destination, new SwishOperator(beta));
            }
        }

        /// <summary>Computes SiLU / Swish in place.</summary>
        /// <param name="values">The input, overwritten by <c>x·σ(βx)</c>.</param>
        /// <param name="beta">β; |β| ≤ 10⁴.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is NaN or |β| &gt; 10⁴.</exception>
        public static void Silu<T>(Span<T> values, double beta = 1.0) where T : IFloatingPointIeee754<T> => Silu(values, values, beta);

        /// <summary>Computes <c>dy/dx = σ(βx)·(1 + βx·σ(−βx))</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="beta">β; |β| ≤ 10⁴.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is NaN or |β| &gt; 10⁴.</exception>
        public static void SiluDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, double beta = 1.0) where T : IFloatingPointIeee754<T>
        {
            SiluParameters.Validate(beta);
            if (beta == 1.0)
            {
                Elementwise.Unary(x, destination, default(SiluDerivativeOperator));
            }
            else
            {
                Elementwise.Unary(x, destination, new SwishDerivativeOperator(beta));
            }
        }

        /// <summary>Computes <c>dx = dy·σ(βx)·(1 + βx·σ(−βx))</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="beta">β; |β| ≤ 10⁴.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is NaN or |β| &gt; 10⁴.</exception>
        public static void SiluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, double beta = 1.0) where T : IFloatingPointIeee754<T>
        {
            SiluParameters.Validate(beta);
            if (beta == 1.0)
            {
                Elementwise.Binary(x, dy, dx, default(SiluBackwardOperator));
            }
            else
            {
                Elementwise.Binary(x, dy, dx, new SwishBackwardOperator(beta));
            }
        }

        /// <summary>
        /// Computes the gradient of the loss with respect to β: <c>Σᵢ dy[i]·∂y[i]/∂β = Σᵢ dy[i]·x[i]²·σ(βx[i])·σ(−βx[i])</c>.
        /// </summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="beta">β; |β| ≤ 10⁴.</param>
        /// <returns>The sum, accumulated in lane precision across vector lanes.</returns>
        /// <exception cref="ArgumentException">The lengths disagree.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is NaN or |β| &gt; 10⁴.</exception>
        public static T SiluBetaGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, double beta = 1.0) where T : IFloatingPointIeee754<T>
        {
            SiluParameters.Validate(beta);
            return ReductionLoop.Sum(x, dy, new SwishBetaGradientOperator(beta));
        }
    }

    /// <summary>SiLU / Swish <c>x·σ(βx)</c> with a learnable β; registry name <c>silu</c> (aliases <c>swish</c>,
    /// <c>silu_beta</c>).</summary>
    public sealed class SiluActivation : PointwiseActivation, ILearnableActivation
    {
        /// <summary>Creates SiLU (β = 1) or Swish with the given β.</summary>
        /// <param name="beta">β; |β| ≤ 10⁴.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is NaN or |β| &gt; 10⁴.</exception>
        public SiluActivation(double beta = 1.0) : base(FormatName("silu", ("beta", beta, 1.0)))
        {
            SiluParameters.Validate(beta);
            Beta = beta;
        }

        /// <summary>β.</summary>
        public double Beta { get; }

        /// <inheritdoc/>
        public IReadOnlyList<double> Parameters => [Beta];

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Silu(x, y, Beta);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.SiluDerivative(x, dydx, Beta);

        /// <inheritdoc/>
        public void AccumulateParameterGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> gradient) where T : IFloatingPointIeee754<T>
        {
            if (gradient.Length < 1)
            {
                ThrowHelper.ThrowDestinationTooShort(nameof(gradient));
            }

            gradient[0] += Activations.SiluBetaGradient(x, dy, Beta);
        }

        /// <inheritdoc/>
        public ILearnableActivation WithParameters(ReadOnlySpan<double> parameters)
        {
            if (parameters.Length != 1)
            {
                throw new ArgumentException("SiLU has one parameter, beta.", nameof(parameters));
            }

            return new SiluActivation(parameters[0]);
        }

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.SiluBackward(x, dy, dx, Beta);
    }
}

namespace SimdActivations.Kernels
{
    internal static class SiluParameters
    {
        /// <summary>Past |β| = 10⁴, x·σ(βx) is x·H(x) to float precision except within 10⁻³ of 0 (use ReLU).</summary>
        public const double MaxBeta = 1e4;

        public static void Validate(double beta)
        {
            if (!(Math.Abs(beta) <= MaxBeta))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(beta), beta, "a number with |beta| ≤ 10⁴");
            }
        }
    }

    /// <summary>
    /// The pieces of x·σ(t) and its derivatives at t = βx, from one exponential: e^−|t| = (1 + q)·2ⁿ, the
    /// denominator d = 1 + e^−|t|, and k = (t &lt; 0 ? n : 0), so that σ(t) = ScaleB((t &lt; 0 ? 1 + q : 1)/d, k) and
    /// σ(−t) = (t &lt; 0 ? 1 : e^−|t|)/d, both without cancellation. A factor applied before the final ScaleB keeps
    /// subnormal results accurate. With <c>corrected</c>, βx is carried with its rounding error (an FMA) and the
    /// rounding of β to the lane type, which correct e^−|t| to first order: without them the relative error of σ(t)
    /// grows like |t|·2^−24 for large negative t.
    /// </summary>
    internal static class SwishMath
    {
        /// <summary>Beyond this magnitude x·σ(βx) is 0 or x for every β the tables cover; keeps βx and its error finite.</summary>
        public const double Limit = 1e30;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Parts<TV>(TV x, SwishBeta beta, bool corrected, out TV t, out TV k, out TV e, out TV denominator)
            where TV : struct, IFloatVector<TV> => Parts(x, beta, corrected, out t, out _, out k, out e, out denominator);

        /// <summary>As above, also giving the part of βx that t = fl(βx) misses (0 unless <c>corrected</c>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Parts<TV>(TV x, SwishBeta beta, bool corrected, out TV t, out TV tError, out TV k, out TV e, out TV denominator)
            where TV : struct, IFloatVector<TV>
        {
            if (corrected)
            {
                t = Argument(x, beta, out tError);
                return CorrectedParts(t, tError, out k, out e, out denominator);
            }

            t = x;
            tError = TV.Create(0.0);
            ExpParts<TV> parts = VectorMath.ExpMinusAbsParts(x);
            e = parts.Value;
            denominator = parts.OnePlusValue;
            k = TV.SelectLessThan(t, TV.Create(0.0), parts.Exponent, TV.Create(0.0));
            return parts.Fraction;
        }

        /// <summary>t = fl(βx) for x bounded so that |βx| ≤ 1000, and the part of βx that t misses.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Argument<TV>(TV x, SwishBeta beta, out TV error) where TV : struct, IFloatVector<TV>
        {
            TV b = beta.Rounded.As<TV>();
            TV limit = beta.XLimit.As<TV>();
            TV bounded = TV.ClampAbove(TV.ClampBelow(x, -limit), limit);
            TV t = b * bounded;
            error = TV.MultiplyAdd(beta.Low.As<TV>(), bounded, TV.FusedMultiplySubtract(b, bounded, t));
            return t;
        }

        /// <summary>
        /// The parts of σ(t + error) for an argument t computed with its error (|error| ≪ 1, e.g. the rounding error of
        /// βx): −|t + error| = −|t| − sign(t)·error, and the second term joins the exponential's reduced argument.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV CorrectedParts<TV>(TV t, TV error, out TV k, out TV e, out TV denominator)
            where TV : struct, IFloatVector<TV>
        {
            ExpParts<TV> parts = VectorMath.ExpMinusAbsParts(t, TV.FlipSignUnlessNegative(error, t));
            e = parts.Value;
            denominator = TV.Create(1.0) + e;
            k = TV.SelectLessThan(t, TV.Create(0.0), parts.Exponent, TV.Create(0.0));
            return parts.Fraction;
        }

        /// <summary>
        /// σ(t)·(1 + t·σ(−t)), the derivative of x·σ(βx) with respect to βx, as one quotient over (1 + e)², e = e^−|t|:
        /// e·(1 + t + e)/(1 + e)² for t &lt; 0 (e's mantissa 1 + q applied as a factor and 2ⁿ at the end) and
        /// (1 + e + t·e)/(1 + e)² for t ≥ 0, the square fused as 1 + e·(2 + e). Four roundings after the exponential, and
        /// none of them amplified outside the zero zone of 1 + t + e, where the product of σ(t) and a rounded σ(−t)
        /// (5.6 ULP at x = −3.73) rounded both sigmoids before the partial cancellation in 1 + t·σ(−t).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Derivative<TV>(TV x, SwishBeta beta, bool corrected) where TV : struct, IFloatVector<TV>
        {
            TV q = Parts(x, beta, corrected, out TV t, out TV tError, out TV k, out TV e, out TV denominator);
            TV one = TV.Create(1.0);
            // t bounded so that 1 + t stays finite (−∞ would give (−∞)·0 in the scaling) and t·e stays 0 at +∞.
            TV bounded = TV.ClampAbove(TV.ClampBelow(t, TV.Create(-Limit)), TV.Create(Limit));
            TV positive = TV.MultiplyAdd(bounded, e, denominator);
            TV small = e;
            if (corrected)
            {
                // βx = t + tError: the error term joins e (both small beside 1 + t, so one rounding of note remains).
                small += tError;
                positive = TV.MultiplyAdd(tError, e, positive);
            }

            TV sum = (one + bounded) + small;
            TV negative = TV.MultiplyAdd(q, sum, sum);
            TV square = TV.MultiplyAdd(e, TV.Create(2.0) + e, one);
            return TV.ScaleB(TV.SelectLessThan(t, TV.Create(0.0), negative, positive) / square, k);
        }
    }

    /// <summary>β in the lane precision and the part of β that rounding to it loses.</summary>
    internal readonly struct SwishBeta(double beta)
    {
        public Parameter Rounded { get; } = new(beta);

        public Parameter Low { get; } = Parameter.RoundingError(beta);

        /// <summary>Bounds x so that |βx| ≤ 1000: far enough that σ is 0 or 1 in double, small enough that βx's
        /// rounding error (the correction term) stays tiny.</summary>
        public Parameter XLimit { get; } = new(Math.Min(SwishMath.Limit, 1000 / Math.Abs(beta)));
    }

    /// <summary>
    /// silu(x) = x/(1 + e^−x) for both signs: where the CPU has the table exponential's permutes and FMA
    /// (<see cref="VectorMath.OnePlusExpOfNegatedTabulated{TV}"/>), 1 + e^−c with c = x clamped to ±200 is formed
    /// without rounding e^−c at its own size, so x/d carries one rounding of d and the division's: 1.998 ULP over every
    /// float (worst at x = −4.9·10⁻⁴, where d ≈ 2 rounds at ULP 2⁻²² and x/d sits at the top of its binade), where
    /// max(x, −0) + a·σ(a), a = −|x|, which multiplied by e^a's rounded mantissa, measured 3.08. Nineteen operations
    /// and a compare, against that form's twenty. Below c = −86, where 1 + e^−c would overflow (x &lt; −88.7) and its 1
    /// is lost anyway, the rare lanes take ScaleB(max(x, c)/m, −k) from e^−c = m·2^k: a branch the loop predicts, where
    /// keeping 2^k finite in every lane cost three operations more (6.5 against 7.4 elements/ns). For −∞ that is
    /// −200·2^−288 = −0; a NaN x gives NaN through x/d or the max. Elsewhere (double lanes, and CPUs without the table
    /// or FMA) x/(1 + e^−x) is ScaleB(x/d, m) with <see cref="VectorMath.LogisticDenominator{TV}(TV, out TV)"/>, x
    /// clamped below at −10³⁰ so that −∞ scales to −0.
    /// </summary>
    internal readonly struct SiluOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            if (VectorMath.TabulatesOnePlusExp<TV>())
            {
                TV c = TV.ClampMagnitude(x, TV.Create(200.0));
                TV y = x / VectorMath.OnePlusExpOfNegatedTabulated(c, out TV mantissa, out TV exponent);
                TV bound = TV.Create(-86.0);
                if (TV.AnyLessThan(c, bound))
                {
                    y = TV.SelectLessThan(c, bound, TV.ScaleB(TV.ClampBelow(x, c) / mantissa, -TV.Floor(exponent)), y);
                }

                return y;
            }

            TV denominator = VectorMath.LogisticDenominator(x, out TV m);
            return TV.ScaleB(TV.ClampBelow(x, TV.Create(-SwishMath.Limit)) / denominator, m);
        }
    }

    /// <summary>
    /// swish(x) = x·σ(βx) = ScaleB(x/d, m) with 1 + e^−βx = 2^−m·d (<see cref="VectorMath.LogisticDenominator{TV}(TV, TV, out TV)"/>, βx
    /// with its rounding error); x is clamped on the side where σ(βx) → 0, so ∞·0 gives ±0 (and x/d cannot overflow
    /// where d &lt; 1).
    /// </summary>
    internal readonly struct SwishOperator(double beta) : IUnaryOperator
    {
        private readonly SwishBeta _beta = new(beta);
        private readonly Parameter _lower = new(beta > 0 ? -SwishMath.Limit : double.NegativeInfinity);
        private readonly Parameter _upper = new(beta < 0 ? SwishMath.Limit : double.PositiveInfinity);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV t = SwishMath.Argument(x, _beta, out TV error);
            TV d = VectorMath.LogisticDenominator(t, error, out TV m);
            TV bounded = TV.ClampAbove(TV.ClampBelow(x, _lower.As<TV>()), _upper.As<TV>());
            return TV.ScaleB(bounded / d, m);
        }
    }

    /// <summary>silu′(x) = σ(x)·(1 + x·σ(−x)).</summary>
    internal readonly struct SiluDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => SwishMath.Derivative(x, default, corrected: false);
    }

    /// <summary>swish′(x) = σ(t)·(1 + t·σ(−t)), t = βx.</summary>
    internal readonly struct SwishDerivativeOperator(double beta) : IUnaryOperator
    {
        private readonly SwishBeta _beta = new(beta);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => SwishMath.Derivative(x, _beta, corrected: true);
    }

    /// <summary>dx = dy·silu′(x).</summary>
    internal readonly struct SiluBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * SwishMath.Derivative(x, default, corrected: false);
    }

    /// <summary>dx = dy·swish′(x).</summary>
    internal readonly struct SwishBackwardOperator(double beta) : IBinaryOperator
    {
        private readonly SwishBeta _beta = new(beta);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * SwishMath.Derivative(x, _beta, corrected: true);
    }

    /// <summary>dy·∂y/∂β = dy·x²·σ(t)·σ(−t) = dy·x·(x·e/(1 + e)²), the square fused as in σ′: x·(…) first, so a huge x
    /// meets a zero product before it can overflow.</summary>
    internal readonly struct SwishBetaGradientOperator(double beta) : IBinaryOperator
    {
        private readonly SwishBeta _beta = new(beta);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV>
        {
            _ = SwishMath.Parts(x, _beta, corrected: true, out _, out _, out TV e, out _);
            TV bounded = TV.ClampAbove(TV.ClampBelow(x, TV.Create(-SwishMath.Limit)), TV.Create(SwishMath.Limit));
            return dy * (bounded * (bounded * (e / SigmoidDerivativeOperator.SquaredOnePlus(e))));
        }
    }
}
