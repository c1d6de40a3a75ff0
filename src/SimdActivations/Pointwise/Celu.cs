using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes the continuously differentiable ELU <c>celu(x) = max(0, x) + min(0, α·(e^(x/α) − 1))</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives celu(x); it may be <paramref name="x"/> itself.</param>
        /// <param name="alpha">α, nonzero, 10⁻³⁰ ≤ |α| ≤ 10³⁰ (PyTorch's default 1).</param>
        /// <remarks>
        /// Computed as x for x &gt; 0 and α·expm1(x/α) otherwise (the two forms agree for every α ≠ 0), with x/α carried
        /// with its rounding error so that the quotient costs no accuracy. celu(−∞) = −α for α &gt; 0, celu(−0) = −0
        /// (PyTorch's elu-based kernel gives the same), celu(NaN) = NaN.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is 0, NaN, or outside 10⁻³⁰ ≤ |α| ≤ 10³⁰.</exception>
        public static void Celu<T>(ReadOnlySpan<T> x, Span<T> destination, double alpha = 1.0) where T : IFloatingPointIeee754<T>
        {
            CeluParameters.Validate(alpha);
            if (alpha == 1.0)
            {
                Elementwise.Unary(x, destination, default(EluUnitOperator));
            }
            else
            {
                Elementwise.Unary(x, destination, new CeluOperator(alpha));
            }
        }

        /// <summary>Computes celu(x) in place.</summary>
        /// <param name="values">The input, overwritten by celu(x).</param>
        /// <param name="alpha">α, nonzero, 10⁻³⁰ ≤ |α| ≤ 10³⁰.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is 0, NaN, or outside 10⁻³⁰ ≤ |α| ≤ 10³⁰.</exception>
        public static void Celu<T>(Span<T> values, double alpha = 1.0) where T : IFloatingPointIeee754<T> => Celu(values, values, alpha);

        /// <summary>Computes <c>celu′(x) = 1 for x &gt; 0, e^(x/α) otherwise</c> (1 at 0) elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="alpha">α, nonzero, 10⁻³⁰ ≤ |α| ≤ 10³⁰.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is 0, NaN, or outside 10⁻³⁰ ≤ |α| ≤ 10³⁰.</exception>
        public static void CeluDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, double alpha = 1.0) where T : IFloatingPointIeee754<T>
        {
            CeluParameters.Validate(alpha);
            if (alpha == 1.0)
            {
                Elementwise.Unary(x, destination, default(EluUnitDerivativeOperator));
            }
            else
            {
                Elementwise.Unary(x, destination, new CeluDerivativeOperator(alpha));
            }
        }

        /// <summary>Computes <c>dx = celu′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="alpha">α, nonzero, 10⁻³⁰ ≤ |α| ≤ 10³⁰.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is 0, NaN, or outside 10⁻³⁰ ≤ |α| ≤ 10³⁰.</exception>
        public static void CeluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, double alpha = 1.0) where T : IFloatingPointIeee754<T>
        {
            CeluParameters.Validate(alpha);
            if (alpha == 1.0)
            {
                Elementwise.Binary(x, dy, dx, default(EluUnitBackwardOperator));
            }
            else
            {
                Elementwise.Binary(x, dy, dx, new CeluBackwardOperator(alpha));
            }
        }
    }

    /// <summary>The continuously differentiable ELU <c>max(0, x) + min(0, α·(e^(x/α) − 1))</c>; registry name <c>celu</c>.</summary>
    public sealed class CeluActivation : PointwiseActivation
    {
        /// <summary>Creates CELU with the given α (PyTorch's default 1).</summary>
        /// <param name="alpha">α, nonzero, 10⁻³⁰ ≤ |α| ≤ 10³⁰.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is 0, NaN, or outside 10⁻³⁰ ≤ |α| ≤ 10³⁰.</exception>
        public CeluActivation(double alpha = 1.0) : base(FormatName("celu", ("alpha", alpha, 1.0)))
        {
            CeluParameters.Validate(alpha);
            Alpha = alpha;
        }

        /// <summary>α.</summary>
        public double Alpha { get; }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Celu(x, y, Alpha);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.CeluDerivative(x, dydx, Alpha);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.CeluBackward(x, dy, dx, Alpha);
    }
}

namespace SimdActivations.Kernels
{
    internal static class CeluParameters
    {
        public static void Validate(double alpha)
        {
            // 1/α must stay a normal float, and α·expm1 finite.
            if (!(Math.Abs(alpha) >= 1e-30 && Math.Abs(alpha) <= 1e30))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(alpha), alpha, "nonzero with 1e-30 ≤ |alpha| ≤ 1e30");
            }
        }
    }

    /// <summary>
    /// u = x/α as u_h + u_l: u_h = x·(1/α)_h and u_l = its rounding error (an FMA) plus x·(1/α)_l, so that e^u and
    /// e^u − 1 can be corrected to first order (e^(u_h + u_l) ≈ e^(u_h)·(1 + u_l)) instead of inheriting the quotient's
    /// rounding, which would add up to half an ULP.
    /// </summary>
    internal readonly struct CeluQuotient
    {
        private readonly Parameter _inverse;
        private readonly Parameter _inverseLow;
        private readonly Parameter _lowest;

        public CeluQuotient(double alpha)
        {
            CeluParameters.Validate(alpha);
            double inverse = 1.0 / alpha;
            _inverse = new(inverse);
            _inverseLow = Parameter.RoundingError(inverse);
            _lowest = new(-1e4 * Math.Abs(alpha));
        }

        /// <summary>x/α for x ≥ −10⁴·|α| (below, e^(x/α) is 0 or ∞ in both lane types; the bound keeps −∞ out of the
        /// error term, where it would give ∞ − ∞). Larger x are the caller's business.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Of<TV>(TV x, out TV low) where TV : struct, IFloatVector<TV>
        {
            x = TV.ClampBelow(x, _lowest.As<TV>());
            TV inverse = _inverse.As<TV>();
            TV u = x * inverse;
            low = TV.MultiplyAdd(x, _inverseLow.As<TV>(), TV.MultiplySubtract(x, inverse, u));
            return u;
        }
    }

    /// <summary>x &lt; 0 ? α·(expm1(u_h) + e^u_h·u_l) : x, u = x/α.</summary>
    internal readonly struct CeluOperator(double alpha) : IUnaryOperator
    {
        private readonly CeluQuotient _quotient = new(alpha);
        private readonly SplitConstant _alpha = new(alpha);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV u = _quotient.Of(x, out TV low);
            // Only x < 0 is kept, and its zero sign is restored below; the clamp is for α < 0 (x/α > 0).
            TV e = VectorMath.Expm1NoSignedZero(TV.ClampAbove(u, TV.Create(TV.IsDouble ? VectorMath.Expm1UpperDouble : VectorMath.Expm1UpperSingle)));

            // x ≥ 0 (−0 included) and NaN come out as x.
            // e + 1 = e^u; capped so that an infinite e (α < 0, x → −∞) stays infinite instead of meeting ∞·low − ∞.
            TV finiteLimit = TV.Create(double.MaxValue, float.MaxValue);
            TV corrected = TV.MultiplyAdd(TV.ClampAbove(e + TV.Create(1.0), finiteLimit), low, e);
            // For x < 0 CELU is negative whatever α's sign; the OR keeps that for results that underflow to zero.
            return TV.SelectLessThan(x, TV.Create(0.0), _alpha.Times(corrected) | TV.Create(-0.0), x);
        }
    }

    /// <summary>x &gt; 0 ? 1 : e^u_h·(1 + u_l), u = x/α.</summary>
    internal readonly struct CeluDerivativeOperator(double alpha) : IUnaryOperator
    {
        private readonly CeluQuotient _quotient = new(alpha);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV u = _quotient.Of(x, out TV low);
            TV e = VectorMath.Exp(u);
            TV finiteLimit = TV.Create(double.MaxValue, float.MaxValue);
            return TV.SelectGreaterThan(x, TV.Create(0.0), TV.Create(1.0), TV.MultiplyAdd(TV.ClampAbove(e, finiteLimit), low, e));
        }
    }

    /// <summary>dx = celu′(x)·dy.</summary>
    internal readonly struct CeluBackwardOperator(double alpha) : IBinaryOperator
    {
        private readonly CeluDerivativeOperator _derivative = new(alpha);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * _derivative.Invoke(x);
    }
}
