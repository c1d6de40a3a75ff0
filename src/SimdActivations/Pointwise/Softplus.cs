using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>
        /// Computes <c>softplus(x) = log(1 + e^(βx))/β</c>, and x itself where βx &gt; threshold (PyTorch's linear
        /// region), elementwise.
        /// </summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <param name="beta">β, finite and positive (PyTorch's default 1).</param>
        /// <param name="threshold">Where the linear region starts, in units of βx; not NaN (PyTorch's default 20).</param>
        /// <remarks>
        /// Stable everywhere: max(βx, 0) + log1p(e^−|βx|), so softplus(−100) is the correctly rounded tiny value
        /// (3.7e−44 in float) rather than 0, and large x never overflow (past βx = 40 the function is x to double
        /// precision, and x is returned whatever the threshold). For β ≠ 1, βx is carried with its rounding error.
        /// The linear region is decided on βx rounded to the element type, as PyTorch does. softplus(−∞) = +0,
        /// softplus(+∞) = +∞, softplus(NaN) = NaN.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not finite and positive, or <paramref name="threshold"/> is NaN.</exception>
        public static void Softplus<T>(ReadOnlySpan<T> x, Span<T> destination, double beta = 1.0, double threshold = 20.0) where T : IFloatingPointIeee754<T>
        {
            SoftplusParameters.Validate(beta, threshold);
            if (beta == 1.0)
            {
                Elementwise.Unary(x, destination, new SoftplusOperator(threshold));
            }
            else
            {
                Elementwise.Unary(x, destination, new SoftplusBetaOperator(beta, threshold));
            }
        }

        /// <summary>Computes softplus in place.</summary>
        /// <param name="values">The input, overwritten by the result.</param>
        /// <param name="beta">β, finite and positive.</param>
        /// <param name="threshold">Where the linear region starts, in units of βx; not NaN.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not finite and positive, or <paramref name="threshold"/> is NaN.</exception>
        public static void Softplus<T>(Span<T> values, double beta = 1.0, double threshold = 20.0) where T : IFloatingPointIeee754<T> =>
            Softplus(values, values, beta, threshold);

        /// <summary>Computes the derivative <c>σ(βx)</c>, and 1 in the linear region, elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="beta">β, finite and positive.</param>
        /// <param name="threshold">Where the linear region starts, in units of βx; not NaN.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not finite and positive, or <paramref name="threshold"/> is NaN.</exception>
        public static void SoftplusDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, double beta = 1.0, double threshold = 20.0) where T : IFloatingPointIeee754<T>
        {
            SoftplusParameters.Validate(beta, threshold);
            if (beta == 1.0)
            {
                Elementwise.Unary(x, destination, new SoftplusUnitDerivativeOperator(threshold));
            }
            else
            {
                Elementwise.Unary(x, destination, new SoftplusDerivativeOperator(beta, threshold));
            }
        }

        /// <summary>Computes <c>dx = softplus′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="beta">β, finite and positive.</param>
        /// <param name="threshold">Where the linear region starts, in units of βx; not NaN.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not finite and positive, or <paramref name="threshold"/> is NaN.</exception>
        public static void SoftplusBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, double beta = 1.0, double threshold = 20.0) where T : IFloatingPointIeee754<T>
        {
            SoftplusParameters.Validate(beta, threshold);
            if (beta == 1.0)
            {
                Elementwise.Binary(x, dy, dx, new SoftplusBackwardOperator<SoftplusUnitDerivativeOperator>(new(threshold)));
            }
            else
            {
                Elementwise.Binary(x, dy, dx, new SoftplusBackwardOperator<SoftplusDerivativeOperator>(new(beta, threshold)));
            }
        }
    }

    /// <summary>Softplus <c>log(1 + e^(βx))/β</c> with PyTorch's linear region; registry name <c>softplus</c>.</summary>
    public sealed class SoftplusActivation : PointwiseActivation
    {
        /// <summary>Creates softplus (PyTorch's defaults: β = 1, threshold = 20).</summary>
        /// <param name="beta">β, finite and positive.</param>
        /// <param name="threshold">Where the linear region starts, in units of βx; not NaN.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not finite and positive, or <paramref name="threshold"/> is NaN.</exception>
        public SoftplusActivation(double beta = 1.0, double threshold = 20.0)
            : base(FormatName("softplus", ("beta", beta, 1.0), ("threshold", threshold, 20.0)))
        {
            SoftplusParameters.Validate(beta, threshold);
            Beta = beta;
            Threshold = threshold;
        }

        /// <summary>β.</summary>
        public double Beta { get; }

        /// <summary>Where the linear region starts, in units of βx.</summary>
        public double Threshold { get; }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Softplus(x, y, Beta, Threshold);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.SoftplusDerivative(x, dydx, Beta, Threshold);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.SoftplusBackward(x, dy, dx, Beta, Threshold);
    }
}

namespace SimdActivations.Kernels
{
    internal static class SoftplusParameters
    {
        /// <summary>Past βx = 40 softplus is x to double precision (the correction e^−40 is 4e−18 of x).</summary>
        public const double LinearFrom = 40;

        public static void Validate(double beta, double threshold)
        {
            if (!(double.IsFinite(beta) && beta > 0))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(beta), beta, "finite and positive");
            }

            if (double.IsNaN(threshold))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(threshold), threshold, "a number (not NaN)");
            }
        }

        /// <summary>The effective threshold: PyTorch's, or 40 where that is lower (same results, no overflow).</summary>
        public static Parameter Linear(double threshold) => new(Math.Min(threshold, LinearFrom));
    }

    /// <summary>
    /// βx = t + e exactly (t rounded, e its error: an FMA and the rounding of β to the lane type, as in
    /// <see cref="SwishBeta"/>) and e^−|t + e| ≈ e^−|t|·(1 − sign(t)·e). Without the correction the relative error of
    /// e^−|βx| grows like |βx|·2⁻²⁴: 40 ULP at βx = −80.
    /// </summary>
    internal readonly struct SoftplusArgument
    {
        private readonly Parameter _beta;
        private readonly Parameter _betaLow;
        private readonly Parameter _xLimit;

        public SoftplusArgument(double beta)
        {
            _beta = new(beta);
            _betaLow = Parameter.RoundingError(beta);

            // |βx| ≤ 1000 keeps t and its error finite; beyond, e^−|βx| is 0 in double.
            _xLimit = new(1000 / beta);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Exponential<TV>(TV x, out TV t, out TV error) where TV : struct, IFloatVector<TV>
        {
            TV limit = _xLimit.As<TV>();
            TV bounded = TV.ClampAbove(TV.ClampBelow(x, -limit), limit);
            TV b = _beta.As<TV>();
            t = b * bounded;
            error = TV.MultiplyAdd(_betaLow.As<TV>(), bounded, TV.MultiplySubtract(b, bounded, t));
            TV e = VectorMath.ExpMinusAbs(t);
            return TV.MultiplyAddNegated(e, error ^ TV.SignBit(t), e);
        }
    }

    /// <summary>softplus with β = 1: x past the threshold, else max(x, 0) + log1p(e^−|x|), two terms of one sign (e^−|x|
    /// from the table exponential where the CPU permutes; NaN reaches the result through the max).</summary>
    internal readonly struct SoftplusOperator(double threshold) : IUnaryOperator
    {
        private readonly Parameter _linear = SoftplusParameters.Linear(threshold);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV smooth = TV.ClampBelow(x, TV.Create(0.0)) + VectorMath.Log1pUnit(VectorMath.ExpMinusAbsTabulated(x));
            return TV.SelectGreaterThan(x, _linear.As<TV>(), x, smooth);
        }
    }

    /// <summary>softplus with β ≠ 1: x past the threshold, else (max(t, 0) + e·[t &gt; 0] + log1p(e^−|t + e|))/β.</summary>
    internal readonly struct SoftplusBetaOperator : IUnaryOperator
    {
        private readonly SoftplusArgument _argument;
        private readonly Parameter _beta;
        private readonly Parameter _linear;

        public SoftplusBetaOperator(double beta, double threshold)
        {
            SoftplusParameters.Validate(beta, threshold);
            _argument = new(beta);
            _beta = new(beta);
            _linear = SoftplusParameters.Linear(threshold);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV e = _argument.Exponential(x, out TV t, out TV error);
            TV log = VectorMath.Log1pUnit(e);
            TV zero = TV.Create(0.0);
            TV smooth = TV.SelectGreaterThan(t, zero, t + (log + error), log) / _beta.As<TV>();
            return TV.SelectGreaterThan(t, _linear.As<TV>(), x, smooth);
        }
    }

    /// <summary>σ(βx) = (βx &lt; 0 ? e : 1)/(1 + e), e = e^−|βx|; 1 in the linear region.</summary>
    internal readonly struct SoftplusDerivativeOperator : IUnaryOperator
    {
        private readonly SoftplusArgument _argument;
        private readonly Parameter _linear;

        public SoftplusDerivativeOperator(double beta, double threshold)
        {
            SoftplusParameters.Validate(beta, threshold);
            _argument = new(beta);
            _linear = SoftplusParameters.Linear(threshold);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV e = _argument.Exponential(x, out TV t, out _);
            TV one = TV.Create(1.0);
            TV sigmoid = TV.SelectLessThan(t, TV.Create(0.0), e, one) / (one + e);
            return TV.SelectGreaterThan(t, _linear.As<TV>(), one, sigmoid);
        }
    }

    /// <summary>σ(x) (the sigmoid operator) with β = 1; 1 in the linear region.</summary>
    internal readonly struct SoftplusUnitDerivativeOperator(double threshold) : IUnaryOperator
    {
        private readonly Parameter _linear = SoftplusParameters.Linear(threshold);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            TV.SelectGreaterThan(x, _linear.As<TV>(), TV.Create(1.0), default(SigmoidOperator).Invoke(x));
    }

    /// <summary>dx = softplus′(x)·dy.</summary>
    internal readonly struct SoftplusBackwardOperator<TDerivative>(TDerivative derivative) : IBinaryOperator
        where TDerivative : struct, IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * derivative.Invoke(x);
    }
}
