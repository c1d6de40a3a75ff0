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
        /// <remarks>−0 for x ≤ −3 (and −∞), x for x ≥ 3, x·(x + 3)/6 between, rounded once for float inputs (carried
        /// exactly in float lanes where the CPU has FMA, else in double precision). NaN → NaN.</remarks>
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

    /// <summary>
    /// x·(x + 3)/6 rounded once in float lanes, for −3 &lt; x &lt; 3 (elsewhere a value the caller's selects discard),
    /// where the CPU has FMA: x + 3 = s + e exactly (Fast2Sum, |x| &lt; 3), x·(x + 3) = p + l to about 2⁻⁴⁸ of itself
    /// (x·s − p exact by an FMA, plus x·e), q = p/6 rounded, its remainder p − 6q exact by an FMA, and
    /// q + (remainder + l)/6 in one last FMA: correctly rounded but where the quotient lies within about 2⁻²⁴ of its
    /// ULP from a rounding midpoint. The remainder and l are carried negated, so that −0 gives −0. One float division
    /// where the double path (<see cref="HardSwishMiddle"/>) widens both halves and divides each in double.
    /// </summary>
    internal static class HardSwishSingle
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Middle<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV three = TV.Create(3.0);
            TV s = x + three;
            TV e = x - (s - three);
            TV p = x * s;
            TV minusLow = TV.MultiplyAddNegated(x, e, TV.MultiplyAddNegated(x, s, p));
            TV q = p / TV.Create(6.0);
            TV minusRemainder = TV.FusedMultiplySubtract(q, TV.Create(6.0), p);
            return TV.MultiplyAddNegated(minusRemainder + minusLow, TV.Create(1.0 / 6), q);
        }

        /// <summary>
        /// (2x + 3)/6 rounded once, likewise: 2x + 3 = s + e exactly (TwoSum), q = s/6 and q + (s − 6q + e)/6. The
        /// derivative's zero, at x = −1.5, gives +0 as the double path does.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Slope<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV twice = x + x;
            TV three = TV.Create(3.0);
            TV s = twice + three;
            TV e = VectorMath.TwoSumError(twice, three, s);
            TV q = s / TV.Create(6.0);
            TV remainder = TV.FusedMultiplyAdd(q, TV.Create(-6.0), s);
            return TV.FusedMultiplyAdd(remainder + e, TV.Create(1.0 / 6), q);
        }
    }

    /// <summary>x ≥ 3 → x; x ≤ −3 → −0; else x·(x + 3)/6. The last test is x &lt; 3, which NaN fails, so NaN comes out as x.</summary>
    internal readonly struct HardSwishOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV middle = !TV.IsDouble && FloatVector.HasHardwareFma ? HardSwishSingle.Middle(x) : TV.InDoublePrecision(x, default(HardSwishMiddle));
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
            TV middle = !TV.IsDouble && FloatVector.HasHardwareFma ? HardSwishSingle.Slope(x) : TV.InDoublePrecision(x, default(HardSwishSlope));
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
