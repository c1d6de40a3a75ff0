using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes the rectifier <c>relu(x) = max(x, 0)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives max(x, 0); it may be <paramref name="x"/> itself.</param>
        /// <remarks>IEEE 754 maximum: relu(NaN) = NaN, relu(−0) = +0, relu(−∞) = +0, relu(+∞) = +∞; exact.</remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void Relu<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(ReluOperator));

        /// <summary>Computes relu(x) in place.</summary>
        /// <param name="values">The input, overwritten by max(x, 0).</param>
        public static void Relu<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, default(ReluOperator));

        /// <summary>Computes <c>relu′(x)</c>: 1 for x &gt; 0, 0 for x ≤ 0 (0 at the kink), NaN for NaN.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void ReluDerivative<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(ReluDerivativeOperator));

        /// <summary>Computes <c>dx = relu′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void ReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, default(ReluBackwardOperator));
    }

    /// <summary>The rectifier <c>max(x, 0)</c>; registry name <c>relu</c>.</summary>
    public sealed class ReluActivation : PointwiseActivation
    {
        /// <summary>Creates the ReLU activation.</summary>
        public ReluActivation() : base("relu")
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Relu(x, y);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.ReluDerivative(x, dydx);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.ReluBackward(x, dy, dx);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>Building blocks of the piecewise-linear activations, all with NaN in giving NaN out.</summary>
    internal static class ReluMath
    {
        /// <summary>
        /// The IEEE maximum max(x, 0) (NaN stays NaN, −0 gives +0) in two instructions: the clamp keeps NaN but passes
        /// −0 through (x86's <c>maxps</c> returns its second operand for equal zeros), and adding +0 turns −0 into +0
        /// while leaving every other value, NaN included, unchanged. <see cref="IFloatVector{TSelf}.Max"/> gives the
        /// same results in five (AVX-512: vrangeps and two vfixupimmps, plus zeroing).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV PositivePart<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV zero = TV.Create(0.0);
            return TV.ClampBelow(x, zero) + zero;
        }

        /// <summary>
        /// x &gt; 0 ? <paramref name="ifPositive"/> : x ≤ 0 ? <paramref name="ifNotPositive"/> : x (NaN). x ≤ 0 is
        /// tested as x &lt; the smallest positive subnormal, which NaN fails as well: two compare-and-blend pairs, where
        /// a separate NaN test would cost a mask conversion on AVX-512.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV SelectPositive<TV>(TV x, TV ifPositive, TV ifNotPositive) where TV : struct, IFloatVector<TV> =>
            TV.SelectGreaterThan(x, TV.Create(0.0), ifPositive,
                TV.SelectLessThan(x, TV.Create(double.Epsilon, float.Epsilon), ifNotPositive, x));
    }

    /// <summary>max(x, 0), IEEE semantics.</summary>
    internal readonly struct ReluOperator : IUnaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => ReluMath.PositivePart(x);
    }

    /// <summary>x &gt; 0 ? 1 : 0, NaN for NaN.</summary>
    internal readonly struct ReluDerivativeOperator : IUnaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            ReluMath.SelectPositive(x, TV.Create(1.0), TV.Create(0.0));
    }

    /// <summary>dx = relu′(x)·dy (so 0·dy keeps the sign rules of a product, and NaN in x or dy gives NaN).</summary>
    internal readonly struct ReluBackwardOperator : IBinaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(ReluDerivativeOperator).Invoke(x);
    }
}
