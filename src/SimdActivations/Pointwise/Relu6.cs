using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes <c>relu6(x) = min(max(x, 0), 6)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <remarks>IEEE semantics: relu6(NaN) = NaN, relu6(−0) = +0, relu6(+∞) = 6; exact.</remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void Relu6<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(Relu6Operator));

        /// <summary>Computes relu6(x) in place.</summary>
        /// <param name="values">The input, overwritten by the result.</param>
        public static void Relu6<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, default(Relu6Operator));

        /// <summary>Computes <c>relu6′(x)</c>: 1 for 0 &lt; x &lt; 6, 0 elsewhere (0 at both kinks), NaN for NaN.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void Relu6Derivative<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(Relu6DerivativeOperator));

        /// <summary>Computes <c>dx = relu6′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void Relu6Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, default(Relu6BackwardOperator));
    }

    /// <summary>ReLU capped at 6, <c>min(max(x, 0), 6)</c>; registry name <c>relu6</c>.</summary>
    public sealed class Relu6Activation : PointwiseActivation
    {
        /// <summary>Creates the ReLU6 activation.</summary>
        public Relu6Activation() : base("relu6")
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Relu6(x, y);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.Relu6Derivative(x, dydx);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.Relu6Backward(x, dy, dx);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>min(max(x, 0), 6): the clamp from above keeps the NaN that the IEEE maximum let through.</summary>
    internal readonly struct Relu6Operator : IUnaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => TV.ClampAbove(ReluMath.PositivePart(x), TV.Create(6.0));
    }

    /// <summary>1 strictly inside (0, 6), 0 outside and at both kinks (PyTorch's hardtanh backward), NaN for NaN.</summary>
    internal readonly struct Relu6DerivativeOperator : IUnaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV zero = TV.Create(0.0);
            return ReluMath.SelectPositive(x, TV.SelectLessThan(x, TV.Create(6.0), TV.Create(1.0), zero), zero);
        }
    }

    /// <summary>dx = relu6′(x)·dy.</summary>
    internal readonly struct Relu6BackwardOperator : IBinaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(Relu6DerivativeOperator).Invoke(x);
    }
}
