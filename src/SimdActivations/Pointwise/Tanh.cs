using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes the hyperbolic tangent <c>tanh(x) = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives tanh(x); it may be <paramref name="x"/> itself.</param>
        /// <remarks>
        /// Odd by construction: tanh(±0) = ±0, tanh(x) = x for tiny and subnormal x, ±1 at ±∞ and for |x| beyond
        /// about 9 (float) or 19 (double), NaN → NaN. An odd minimax polynomial below |x| = 0.35 (double: 0.55), the
        /// exponential form (d − 2)/d with d = e^{2|x|} + 1 above it; nothing cancels. Accuracy: see <c>Activation.Describe</c>.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(TanhOperator));

        /// <summary>Computes tanh(x) in place.</summary>
        /// <param name="values">The input, overwritten by tanh(x).</param>
        public static void Tanh<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, default(TanhOperator));

        /// <summary>Computes <c>tanh′(x) = 1 − tanh²(x) = 4e/(1 + e)²</c>, e = e^−2|x|, elementwise (no cancellation for large |x|).</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives tanh′(x); it may be <paramref name="x"/> itself.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void TanhDerivative<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(TanhDerivativeOperator));

        /// <summary>Computes <c>dx = tanh′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void TanhBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, default(TanhBackwardOperator));
    }

    /// <summary>The hyperbolic tangent; registry name <c>tanh</c>.</summary>
    /// <remarks>Its <see cref="IActivation.Derivative{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    /// takes 1 − y² from the forward output y where |y| &lt; 1/2 (y must be tanh(x)), and 4e/(1 + e)² from x elsewhere,
    /// where 1 − y² would cancel.</remarks>
    public sealed class TanhActivation : PointwiseActivation
    {
        /// <summary>Creates the tanh activation.</summary>
        public TanhActivation() : base("tanh")
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Tanh(x, y);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.TanhDerivative(x, dydx);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Elementwise.Ternary(x, y, dy, dx, default(TanhBackwardFromOutputOperator));
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>tanh(x) (see <see cref="VectorMath.Tanh{TV}"/>).</summary>
    internal readonly struct TanhOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => VectorMath.Tanh(x);
    }

    /// <summary>tanh′(x) = sech²(x) = 4e/(1 + e)², e = e^−2|x| (even in x).</summary>
    internal readonly struct TanhDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => VectorMath.SechSquared(x);
    }

    /// <summary>dx = tanh′(x)·dy.</summary>
    internal readonly struct TanhBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * VectorMath.SechSquared(x);
    }

    /// <summary>
    /// dx = (1 − y²)·dy from the forward output y = tanh(x) where |y| &lt; 1/2 (there 1 − y² loses at most 2/3 of y's
    /// relative error and nothing to cancellation), else sech²(x)·dy from x (1 − y² would cancel as |y| → 1).
    /// </summary>
    internal readonly struct TanhBackwardFromOutputOperator : ITernaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV y, TV dy) where TV : struct, IFloatVector<TV>
        {
            TV fromOutput = TV.MultiplyAddNegated(y, y, TV.Create(1.0));
            TV fromInput = VectorMath.SechSquared(x);
            return dy * TV.SelectLessThan(TV.Abs(y), TV.Create(0.5), fromOutput, fromInput);
        }
    }
}
