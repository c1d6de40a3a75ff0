using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes the scaled exponential linear unit <c>selu(x) = λ·(x for x &gt; 0, α·(eˣ − 1) otherwise)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives selu(x); it may be <paramref name="x"/> itself.</param>
        /// <remarks>
        /// PyTorch's constants to the digits it gives them: α = 1.6732632423543772848170429916717,
        /// λ = 1.0507009873554804934193349852946 (Klambauer et al., 2017); λ and λα enter each product with a correction
        /// for what rounding them to the lane type loses. eˣ − 1 comes from a vector expm1. selu(−∞) = −λα,
        /// selu(−0) = −0, selu(NaN) = NaN.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void Selu<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(SeluOperator));

        /// <summary>Computes selu(x) in place.</summary>
        /// <param name="values">The input, overwritten by selu(x).</param>
        public static void Selu<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, default(SeluOperator));

        /// <summary>Computes <c>selu′(x) = λ for x &gt; 0, λα·eˣ otherwise</c> (λα at 0) elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void SeluDerivative<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(SeluDerivativeOperator));

        /// <summary>Computes <c>dx = selu′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void SeluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, default(SeluBackwardOperator));
    }

    /// <summary>The scaled exponential linear unit <c>λ·elu(x, α)</c> with PyTorch's constants; registry name <c>selu</c>.</summary>
    public sealed class SeluActivation : PointwiseActivation
    {
        /// <summary>Creates the SELU activation.</summary>
        public SeluActivation() : base("selu")
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Selu(x, y);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.SeluDerivative(x, dydx);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.SeluBackward(x, dy, dx);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>
    /// λ = 1.0507009873554804934193349852946 and λα = 1.7580993408473768599402175208123 (α =
    /// 1.6732632423543772848170429916717), computed with mpmath from PyTorch's decimal constants: λ as the nearest
    /// double, λα as a head (the nearest double; for float lanes the float below it) and a tail holding the next bits.
    /// Compile-time constants, so that the loop takes them as broadcast operands instead of reloading fields.
    /// </summary>
    internal static class SeluConstants
    {
        public const double Scale = 1.0507009873554805;
        public const double ScaleLowDouble = 3.9874847667154144e-17;
        public const float ScaleHighSingle = 1.05070090f;       // λ rounded down, so that the tail is positive
        public const float ScaleLowSingle = 8.44166408e-08f;
        public const double ScaleTimesAlpha = 1.7580993408473768;
        public const double ScaleTimesAlphaLowDouble = 1.41535193800845e-17;
        public const float ScaleTimesAlphaHighSingle = 1.75809932f;
        public const float ScaleTimesAlphaLowSingle = 2.32967174e-08f;

        /// <summary>
        /// λ·v = head·v + tail·v, one rounding with FMA: λ rounded to float first would turn λ·3.2386e38 into +∞ where
        /// the true product rounds to float.MaxValue (found by the exhaustive sweep). Both heads are λ rounded down,
        /// so both tails are positive: +∞ gives ∞ + ∞ (not ∞ − ∞), and −0 gives −0 + −0 = −0.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV ScaleTimes<TV>(TV v) where TV : struct, IFloatVector<TV> =>
            TV.MultiplyAdd(TV.Create(Scale, ScaleHighSingle), v, TV.Create(ScaleLowDouble, ScaleLowSingle) * v);

        /// <summary>λα·v = head·v + tail·v, one rounding with FMA (see <see cref="SplitConstant"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV ScaleTimesAlphaTimes<TV>(TV v) where TV : struct, IFloatVector<TV> =>
            TV.MultiplyAdd(TV.Create(ScaleTimesAlpha, ScaleTimesAlphaHighSingle), v, TV.Create(ScaleTimesAlphaLowDouble, ScaleTimesAlphaLowSingle) * v);
    }

    /// <summary>
    /// x &lt; 0 ? λα·expm1(x) : λx (λ·−0 = −0), both with the constant split in two (λx is then correctly rounded
    /// but for inputs within 2⁻⁴⁸ of a rounding boundary).
    /// </summary>
    internal readonly struct SeluOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            TV.SelectLessThan(x, TV.Create(0.0), SeluConstants.ScaleTimesAlphaTimes(VectorMath.Expm1NoSignedZero(x)), SeluConstants.ScaleTimes(x));
    }

    /// <summary>x &gt; 0 ? λ : λα·eˣ.</summary>
    internal readonly struct SeluDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            TV.SelectGreaterThan(x, TV.Create(0.0), TV.Create(SeluConstants.Scale), SeluConstants.ScaleTimesAlphaTimes(VectorMath.Exp(x)));
    }

    /// <summary>dx = selu′(x)·dy.</summary>
    internal readonly struct SeluBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(SeluDerivativeOperator).Invoke(x);
    }
}
