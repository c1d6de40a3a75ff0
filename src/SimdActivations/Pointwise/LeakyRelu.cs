using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes the leaky rectifier <c>x for x &gt; 0, negative_slope·x otherwise</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <param name="negativeSlope">The slope for x ≤ 0, finite (PyTorch's default 0.01).</param>
        /// <remarks>
        /// The product is that of the exact double <paramref name="negativeSlope"/>, correctly rounded for float and
        /// double (float lanes multiply in double precision). NaN → NaN; −∞ → −∞ for a positive slope; a zero slope is
        /// ReLU (0 rather than 0·−∞ = NaN at −∞).
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="negativeSlope"/> is NaN or infinite.</exception>
        public static void LeakyRelu<T>(ReadOnlySpan<T> x, Span<T> destination, double negativeSlope = 0.01) where T : IFloatingPointIeee754<T>
        {
            LeakyReluParameters.Validate(negativeSlope);
            if (negativeSlope == 0)
            {
                Elementwise.Unary(x, destination, default(ReluOperator));
            }
            else
            {
                Elementwise.Unary(x, destination, new LeakyReluOperator(negativeSlope));
            }
        }

        /// <summary>Computes the leaky rectifier in place.</summary>
        /// <param name="values">The input, overwritten by the result.</param>
        /// <param name="negativeSlope">The slope for x ≤ 0, finite.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="negativeSlope"/> is NaN or infinite.</exception>
        public static void LeakyRelu<T>(Span<T> values, double negativeSlope = 0.01) where T : IFloatingPointIeee754<T> =>
            LeakyRelu(values, values, negativeSlope);

        /// <summary>Computes the derivative: 1 for x &gt; 0, negative_slope for x ≤ 0 (the slope at the kink), NaN for NaN.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="negativeSlope">The slope for x ≤ 0, finite.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="negativeSlope"/> is NaN or infinite.</exception>
        public static void LeakyReluDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, double negativeSlope = 0.01) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, new LeakyReluDerivativeOperator(negativeSlope));

        /// <summary>Computes <c>dx = f′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="negativeSlope">The slope for x ≤ 0, finite.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="negativeSlope"/> is NaN or infinite.</exception>
        public static void LeakyReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, double negativeSlope = 0.01) where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, new LeakyReluBackwardOperator(negativeSlope));
    }

    /// <summary>The leaky rectifier <c>x for x &gt; 0, negative_slope·x otherwise</c>; registry name <c>leaky_relu</c>
    /// (alias <c>leakyrelu</c>).</summary>
    public sealed class LeakyReluActivation : PointwiseActivation
    {
        /// <summary>Creates the leaky rectifier.</summary>
        /// <param name="negativeSlope">The slope for x ≤ 0, finite (PyTorch's default 0.01).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="negativeSlope"/> is NaN or infinite.</exception>
        public LeakyReluActivation(double negativeSlope = 0.01) : base(FormatName("leaky_relu", ("negative_slope", negativeSlope, 0.01)))
        {
            LeakyReluParameters.Validate(negativeSlope);
            NegativeSlope = negativeSlope;
        }

        /// <summary>The slope for x ≤ 0.</summary>
        public double NegativeSlope { get; }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.LeakyRelu(x, y, NegativeSlope);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.LeakyReluDerivative(x, dydx, NegativeSlope);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.LeakyReluBackward(x, dy, dx, NegativeSlope);
    }
}

namespace SimdActivations.Kernels
{
    internal static class LeakyReluParameters
    {
        public static void Validate(double negativeSlope)
        {
            if (!double.IsFinite(negativeSlope))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(negativeSlope), negativeSlope, "finite");
            }
        }
    }

    /// <summary>slope·x in double precision: for float x the product is exact in double, so rounding it to float is
    /// the only rounding.</summary>
    internal readonly struct SlopeTimes(double slope) : IUnaryOperator
    {
        private readonly Parameter _slope = new(slope);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => _slope.As<TV>() * x;
    }

    /// <summary>
    /// x &gt; 0 ? x : slope·x (NaN fails the test and stays NaN in the product). Float lanes with FMA take the slope
    /// as s + s_low, s the float nearest it towards zero and s_low the float nearest the rest (so both have the
    /// slope's sign, and so do x·s and x·s_low, even at x = ±0), and x·s + x·s_low in one FMA: x·s_low is within 2⁻²³
    /// of the result and its rounding 2⁻⁴⁷, so the FMA rounds within 2⁻⁴⁶ of the exact x·slope, about as close as
    /// the double product the other paths round to float (<see cref="SlopeTimes"/>): two operations where widening to
    /// double took about eight (14 elements/ns at 16 Ki on Zen 5, against ReLU's 22). Where x·s_low
    /// would be subnormal its rounding is no longer small beside the result's, so a vector holding any |x| below
    /// 2⁻¹⁰⁰/|slope| (zeros included) takes the double product instead (a compare and a predicted branch: 19
    /// elements/ns rather than 22 without them, which measured 0.84 ULP at x = −2.1·10⁻³⁶).
    /// </summary>
    internal readonly struct LeakyReluOperator : IUnaryOperator
    {
        private readonly SlopeTimes _line;
        private readonly Parameter _slope;
        private readonly Parameter _slopeLow;
        private readonly Parameter _tiny;

        public LeakyReluOperator(double negativeSlope)
        {
            LeakyReluParameters.Validate(negativeSlope);
            _line = new(negativeSlope);
            float high = MathF.Abs((float)negativeSlope) > Math.Abs(negativeSlope)
                ? MathF.BitDecrement(MathF.Abs((float)negativeSlope)) * MathF.Sign((float)negativeSlope)
                : (float)negativeSlope;
            _slope = new(negativeSlope, high);
            _slopeLow = new(0.0, MathF.CopySign((float)(negativeSlope - high), (float)negativeSlope));
            // Past 2¹⁰⁰ the slope's low part may not be a finite float: every vector then takes the double product.
            double magnitude = Math.Abs(negativeSlope);
            _tiny = new(0.0, magnitude == 0 ? 0f
                : magnitude > Math.ScaleB(1.0, 100) ? float.PositiveInfinity
                : (float)Math.Min(Math.ScaleB(1.0, -100) / magnitude, float.MaxValue));
        }

        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV line = !TV.IsDouble && FloatVector.HasHardwareFma && !TV.AnyLessThan(TV.Abs(x), _tiny.As<TV>())
                ? TV.MultiplyAdd(x, _slope.As<TV>(), x * _slopeLow.As<TV>())
                : TV.InDoublePrecision(x, _line);
            return TV.SelectGreaterThan(x, TV.Create(0.0), x, line);
        }
    }

    /// <summary>1 for x &gt; 0, the slope for x ≤ 0, NaN for NaN.</summary>
    internal readonly struct LeakyReluDerivativeOperator : IUnaryOperator
    {
        private readonly Parameter _slope;

        public LeakyReluDerivativeOperator(double negativeSlope)
        {
            LeakyReluParameters.Validate(negativeSlope);
            _slope = new(negativeSlope);
        }

        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => ReluMath.SelectPositive(x, TV.Create(1.0), _slope.As<TV>());
    }

    /// <summary>dx = f′(x)·dy.</summary>
    internal readonly struct LeakyReluBackwardOperator(double negativeSlope) : IBinaryOperator
    {
        private readonly LeakyReluDerivativeOperator _derivative = new(negativeSlope);

        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * _derivative.Invoke(x);
    }
}
