using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes the hard shrinkage <c>x</c> for |x| &gt; λ, 0 otherwise, elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <param name="lambd">λ (PyTorch's <c>lambd</c>, default 0.5), finite and non-negative.</param>
        /// <remarks>Exact; NaN → NaN, ±∞ → ±∞, +0 on [−λ, λ] (decided against λ itself, not λ rounded to the element type).</remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambd"/> is negative, infinite or NaN.</exception>
        public static void HardShrink<T>(ReadOnlySpan<T> x, Span<T> destination, double lambd = 0.5) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, new HardShrinkOperator(lambd));

        /// <summary>Computes the hard shrinkage in place.</summary>
        /// <param name="values">The input, overwritten by the result.</param>
        /// <param name="lambd">λ, finite and non-negative.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambd"/> is negative, infinite or NaN.</exception>
        public static void HardShrink<T>(Span<T> values, double lambd = 0.5) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, new HardShrinkOperator(lambd));

        /// <summary>Computes the derivative: 1 for |x| &gt; λ, 0 on [−λ, λ], NaN for NaN.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="lambd">λ, finite and non-negative.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambd"/> is negative, infinite or NaN.</exception>
        public static void HardShrinkDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, double lambd = 0.5) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, new ShrinkDerivativeOperator(lambd));

        /// <summary>Computes <c>dx = f′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="lambd">λ, finite and non-negative.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambd"/> is negative, infinite or NaN.</exception>
        public static void HardShrinkBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, double lambd = 0.5)
            where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, new ShrinkBackwardOperator(lambd));
    }

    /// <summary>The hard shrinkage; registry name <c>hardshrink</c> (alias <c>hard_shrink</c>).</summary>
    public sealed class HardShrinkActivation : PointwiseActivation
    {
        /// <summary>Creates the hard shrinkage.</summary>
        /// <param name="lambd">λ, finite and non-negative.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambd"/> is negative, infinite or NaN.</exception>
        public HardShrinkActivation(double lambd = 0.5) : base(FormatName("hardshrink", ("lambd", lambd, 0.5)))
        {
            ShrinkThreshold.Validate(lambd);
            Lambd = lambd;
        }

        /// <summary>λ.</summary>
        public double Lambd { get; }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.HardShrink(x, y, Lambd);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.HardShrinkDerivative(x, dydx, Lambd);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.HardShrinkBackward(x, dy, dx, Lambd);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>x where |x| &gt; λ, else x − x: +0 for finite x, NaN for NaN (∞ is past λ and kept).</summary>
    internal readonly struct HardShrinkOperator(double lambd) : IUnaryOperator
    {
        private readonly Parameter _comparison = new ShrinkThreshold(lambd).Comparison;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            TV.SelectGreaterThan(TV.Abs(x), _comparison.As<TV>(), x, x - x);
    }
}
