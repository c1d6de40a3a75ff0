using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes the softsign <c>x / (1 + |x|)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <remarks>Odd (−0 → −0), ±∞ → ±1, NaN → NaN. Accuracy: see <c>Activation.Describe</c>.</remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void SoftSign<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(SoftSignOperator));

        /// <summary>Computes the softsign in place.</summary>
        /// <param name="values">The input, overwritten by x / (1 + |x|).</param>
        public static void SoftSign<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, default(SoftSignOperator));

        /// <summary>Computes the derivative <c>1 / (1 + |x|)²</c> elementwise (0 at ±∞, tiny rather than 0 for huge |x|).</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void SoftSignDerivative<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(SoftSignDerivativeOperator));

        /// <summary>Computes <c>dx = dy / (1 + |x|)²</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void SoftSignBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, default(SoftSignBackwardOperator));
    }

    /// <summary>The softsign <c>x / (1 + |x|)</c>; registry name <c>softsign</c> (alias <c>soft_sign</c>).</summary>
    public sealed class SoftSignActivation : PointwiseActivation
    {
        /// <summary>Creates the softsign activation.</summary>
        public SoftSignActivation() : base("softsign")
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.SoftSign(x, y);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.SoftSignDerivative(x, dydx);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.SoftSignBackward(x, dy, dx);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>
    /// x / (1 + |x|) with x first clamped to ±10³⁰, beyond which the result is ±1 in double already: keeps ∞/∞ from
    /// giving NaN. Two roundings (the sum and the quotient).
    /// </summary>
    internal readonly struct SoftSignOperator : IUnaryOperator
    {
        private const double Saturation = 1e30;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV bounded = TV.ClampAbove(TV.ClampBelow(x, TV.Create(-Saturation)), TV.Create(Saturation));
            return bounded / (TV.Create(1.0) + TV.Abs(bounded));
        }
    }

    /// <summary>
    /// 1/(1 + |x|)² as q·q with q = 1/(1 + |x|): three roundings, the first two counted twice by the square (3.5 ULP in
    /// float; in double precision it would be 0.5, at a third of the speed, below the fused backward's bar). q·q rather
    /// than 1/(d·d): the square of 1 + |x| overflows for |x| beyond 1.8e19 (float), where the result is still normal;
    /// here it underflows gradually instead, and ±∞ gives 0.
    /// </summary>
    internal readonly struct SoftSignDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV q = TV.Create(1.0) / (TV.Create(1.0) + TV.Abs(x));
            return q * q;
        }
    }

    /// <summary>dx = dy/(1 + |x|)².</summary>
    internal readonly struct SoftSignBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(SoftSignDerivativeOperator).Invoke(x);
    }
}
