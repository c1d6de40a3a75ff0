using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes the logistic sigmoid <c>σ(x) = 1 / (1 + e^−x)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives σ(x); it may be <paramref name="x"/> itself.</param>
        /// <remarks>
        /// Stable for every input: computed from e = e^−|x| as 1/(1 + e) for x ≥ 0 and e/(1 + e) below, so
        /// σ(−100) is the correctly rounded tiny value (3.7e−44 in float) rather than 0. σ(−∞) = 0, σ(+∞) = 1,
        /// σ(NaN) = NaN. Accuracy: see <c>Activation.Describe</c>.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(SigmoidOperator));

        /// <summary>Computes σ(x) in place.</summary>
        /// <param name="values">The input, overwritten by σ(x).</param>
        public static void Sigmoid<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, default(SigmoidOperator));

        /// <summary>Computes <c>σ′(x) = σ(x)·σ(−x)</c> elementwise (no 1 − σ cancellation).</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives σ′(x); it may be <paramref name="x"/> itself.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void SigmoidDerivative<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(SigmoidDerivativeOperator));

        /// <summary>Computes <c>dx = σ′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void SigmoidBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, default(SigmoidBackwardOperator));
    }

    /// <summary>The logistic sigmoid <c>σ(x) = 1 / (1 + e^−x)</c>; registry name <c>sigmoid</c>.</summary>
    public sealed class SigmoidActivation : PointwiseActivation
    {
        /// <summary>Creates the sigmoid activation.</summary>
        public SigmoidActivation() : base("sigmoid")
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Sigmoid(x, y);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.SigmoidDerivative(x, dydx);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.SigmoidBackward(x, dy, dx);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>
    /// σ(x) = 1/(1 + e) for x ≥ 0 and e/(1 + e) for x &lt; 0, with e = e^−|x| (XNNPACK's f32-vsigmoid scheme: compute on
    /// −|x|, reflect by choosing the numerator N), formed as N − N·s with s = e/(1 + e): the roundings of 1 + e and of
    /// the quotient reach the result only through N·s (at most N/2, and never more than σ itself), where N/(1 + e)
    /// passes them on whole. With
    /// the table-driven exponential (<see cref="VectorMath.ExpMinusAbsTabulated{TV}"/>, whose two fewer multiplies pay
    /// for the extra FMA) 1.51 ULP over every float, where N/(1 + e) from the polynomial exponential measured 2.40 (at
    /// x = −4.157, e's and 1 + e's mantissas both just above a power of two and σ's just below one).
    /// </summary>
    internal readonly struct SigmoidOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            // On AVX-512, −|x| with its clamp is one vrangeps and the numerator's choice one vfixupimmps, which also
            // turns a NaN x into NaN (vrangeps alone would give the clamp).
            TV e = VectorMath.ExpMinusAbsTabulated(x);
            TV numerator = TV.SelectNegativeElseOne(x, e);
            return TV.MultiplyAddNegated(numerator, e / (TV.Create(1.0) + e), numerator);
        }
    }

    /// <summary>σ′(x) = σ(x)·σ(−x) = e/(1 + e)² with e = e^−|x| (even in x), from the table exponential where the CPU
    /// permutes (<see cref="VectorMath.ExpMinusAbsTabulatedKeepingNaN{TV}(TV)"/>: the backward 10% faster on Zen 5).</summary>
    internal readonly struct SigmoidDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV e = VectorMath.ExpMinusAbsTabulatedKeepingNaN(x);
            return e / SquaredOnePlus(e);
        }

        /// <summary>
        /// (1 + e)² as 1 + e·(2 + e) in one fused step: one rounding of the square, where (1 + e)·(1 + e) doubles the
        /// rounding of 1 + e (up to 2 ULP of σ′ where 1 + e sits just above 1) and adds its own. 2 + e's rounding
        /// reaches the result only scaled by e/(1 + e)² ≤ ¼. The same two operations as the plain square.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV SquaredOnePlus<TV>(TV e) where TV : struct, IFloatVector<TV> =>
            TV.MultiplyAdd(e, TV.Create(2.0) + e, TV.Create(1.0));
    }

    /// <summary>dx = σ′(x)·dy.</summary>
    internal readonly struct SigmoidBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV>
        {
            TV e = VectorMath.ExpMinusAbsTabulatedKeepingNaN(x);
            return dy * e / SigmoidDerivativeOperator.SquaredOnePlus(e);
        }
    }
}
