using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes the hard swish <c>x·relu6(x + 3)/6</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <remarks>−0 for x ≤ −3 (and −∞), x for x ≥ 3, x·(x + 3)/6 between, computed in double precision for float
        /// inputs (correctly rounded float results). NaN → NaN.</remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void HardSwish<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(HardSwishOperator));

        /// <summary>Computes the hard swish in place.</summary>
        /// <param name="values">The input, overwritten by the result.</param>
        public static void HardSwish<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, default(HardSwishOperator));

        /// <summary>
        /// Computes the derivative: 0 for x ≤ −3, 1 for x ≥ 3, (2x + 3)/6 strictly between. At x = ±3 this returns the
        /// one-sided limits of the outer pieces (0 at −3, 1 at 3), so the derivative is 0 or 1 wherever the function
        /// is locally 0 or the identity; PyTorch returns the inner piece's −0.5 and 1.5 there.
        /// </summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void HardSwishDerivative<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(HardSwishDerivativeOperator));

        /// <summary>Computes <c>dx = f′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void HardSwishBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, default(HardSwishBackwardOperator));
    }

    /// <summary>The hard swish <c>x·relu6(x + 3)/6</c>; registry name <c>hardswish</c> (aliases <c>hard_swish</c>,
    /// <c>hard_silu</c>).</summary>
    public sealed class HardSwishActivation : PointwiseActivation
    {
        /// <summary>Creates the hard swish activation.</summary>
        public HardSwishActivation() : base("hardswish")
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.HardSwish(x, y);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.HardSwishDerivative(x, dydx);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.HardSwishBackward(x, dy, dx);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>x·(x + 3)/6: in double precision x + 3 and the product are exact for float x, so one division rounds.
    /// A true division: on Zen 4 it outran a reciprocal with a Markstein correction (the correction's two FMAs cost
    /// more than vdivpd's throughput), and it needs no hardware FMA, whose software fallback ruins SSE-only x86.</summary>
    internal readonly struct HardSwishMiddle : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            x * (x + TV.Create(3.0)) / TV.Create(6.0);
    }

    /// <summary>x ≥ 3 → x; x ≤ −3 → −0; else x·(x + 3)/6. The last test is x &lt; 3, which NaN fails, so NaN comes out as x.</summary>
    internal readonly struct HardSwishOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV middle = TV.InDoublePrecision(x, default(HardSwishMiddle));
            TV lower = TV.SelectGreaterThan(x, TV.Create(-3.0), middle, TV.Create(-0.0));
            return TV.SelectLessThan(x, TV.Create(3.0), lower, x);
        }
    }

    /// <summary>(2x + 3)/6: 2x is exact and 2x + 3 is exact near the zero at x = −1.5 (Sterbenz).</summary>
    internal readonly struct HardSwishSlope : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            (x + x + TV.Create(3.0)) / TV.Create(6.0);
    }

    /// <summary>x ≥ 3 → 1; x ≤ −3 → 0; else (2x + 3)/6; NaN → NaN.</summary>
    internal readonly struct HardSwishDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV middle = TV.InDoublePrecision(x, default(HardSwishSlope));
            TV upper = TV.SelectLessThan(x, TV.Create(3.0), middle, TV.Create(1.0));
            TV derivative = TV.SelectGreaterThan(x, TV.Create(-3.0), upper, TV.Create(0.0));
            return TV.Select(TV.IsNaN(x), x, derivative);
        }
    }

    /// <summary>dx = f′(x)·dy.</summary>
    internal readonly struct HardSwishBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(HardSwishDerivativeOperator).Invoke(x);
    }
}
