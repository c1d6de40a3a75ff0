using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes the hard sigmoid <c>clamp(slope·x + offset, 0, 1)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <param name="slope">The slope, finite and positive (PyTorch: 1/6; the seed article's variant: 0.2).</param>
        /// <param name="offset">The offset, finite (PyTorch and the seed article: 0.5).</param>
        /// <remarks>
        /// Computed as <c>(x − x₀)/w</c> with w = 1/slope and x₀ = −offset·w (the lower corner), so the defaults give
        /// exactly PyTorch's <c>(x + 3)/6</c>; in double precision for float inputs (correctly rounded float results),
        /// within 1 ULP for double; nothing cancels near the lower corner. NaN → NaN.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> or <paramref name="offset"/> is not allowed.</exception>
        public static void HardSigmoid<T>(ReadOnlySpan<T> x, Span<T> destination, double slope = 1.0 / 6.0, double offset = 0.5)
            where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, new HardSigmoidOperator(slope, offset));

        /// <summary>Computes the hard sigmoid in place.</summary>
        /// <param name="values">The input, overwritten by the result.</param>
        /// <param name="slope">The slope, finite and positive.</param>
        /// <param name="offset">The offset, finite.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> or <paramref name="offset"/> is not allowed.</exception>
        public static void HardSigmoid<T>(Span<T> values, double slope = 1.0 / 6.0, double offset = 0.5) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, new HardSigmoidOperator(slope, offset));

        /// <summary>Computes the derivative: <c>slope</c> where 0 &lt; slope·x + offset &lt; 1 strictly, else 0 (0 at both corners).</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="slope">The slope, finite and positive.</param>
        /// <param name="offset">The offset, finite.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> or <paramref name="offset"/> is not allowed.</exception>
        public static void HardSigmoidDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, double slope = 1.0 / 6.0, double offset = 0.5)
            where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, new HardSigmoidDerivativeOperator(slope, offset));

        /// <summary>Computes <c>dx = f′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="slope">The slope, finite and positive.</param>
        /// <param name="offset">The offset, finite.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> or <paramref name="offset"/> is not allowed.</exception>
        public static void HardSigmoidBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, double slope = 1.0 / 6.0, double offset = 0.5)
            where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, new HardSigmoidBackwardOperator(slope, offset));
    }

    /// <summary>The hard sigmoid <c>clamp(slope·x + offset, 0, 1)</c>; registry name <c>hardsigmoid</c> (alias
    /// <c>hard_sigmoid</c>).</summary>
    public sealed class HardSigmoidActivation : PointwiseActivation
    {
        /// <summary>Creates the hard sigmoid (PyTorch's by default; <c>slope: 0.2</c> gives the seed article's).</summary>
        /// <param name="slope">The slope, finite and positive.</param>
        /// <param name="offset">The offset, finite.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> or <paramref name="offset"/> is not allowed.</exception>
        public HardSigmoidActivation(double slope = 1.0 / 6.0, double offset = 0.5)
            : base(FormatName("hardsigmoid", ("slope", slope, 1.0 / 6.0), ("offset", offset, 0.5)))
        {
            _ = new HardSigmoidOperator(slope, offset);
            Slope = slope;
            Offset = offset;
        }

        /// <summary>The slope.</summary>
        public double Slope { get; }

        /// <summary>The offset.</summary>
        public double Offset { get; }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.HardSigmoid(x, y, Slope, Offset);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.HardSigmoidDerivative(x, dydx, Slope, Offset);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.HardSigmoidBackward(x, dy, dx, Slope, Offset);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>
    /// clamp((x − x₀)/w, 0, 1), w = 1/slope and x₀ = −offset·w rounded to double once: for PyTorch's slope (the
    /// double nearest 1/6) that is exactly (x + 3)/6, with its corners exactly at ±3, and for the seed article's 0.2
    /// it is (x + 2.5)/5. Evaluated in double precision (see <see cref="IFloatVector{TSelf}.InDoublePrecision"/>),
    /// where x − x₀ is exact for float x. The input is clamped to the corners first (x₀ and x₀ + w), so the quotient
    /// lands in [0, 1] up to one rounding of x₀ + w, which the clamp at 1 removes; both clamps keep NaN and cost one
    /// instruction each, and adding +0 turns the −0 that −0 − 0 gives into PyTorch's +0. A true division (see
    /// <see cref="HardSwishMiddle"/>).
    /// </summary>
    internal readonly struct HardSigmoidLine : IUnaryOperator
    {
        private readonly Parameter _width;
        private readonly Parameter _corner;
        private readonly Parameter _upperCorner;

        public HardSigmoidLine(double slope, double offset)
        {
            if (!double.IsFinite(slope) || slope <= 0)
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(slope), slope, "finite and positive");
            }

            if (!double.IsFinite(offset))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(offset), offset, "finite");
            }

            double width = 1.0 / slope;
            _width = new(width);
            _corner = new(-(offset * width));
            _upperCorner = new(-(offset * width) + width);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV inside = TV.ClampAbove(TV.ClampBelow(x, _corner.As<TV>()), _upperCorner.As<TV>());
            TV line = (inside - _corner.As<TV>()) / _width.As<TV>();
            return TV.ClampAbove(line, TV.Create(1.0)) + TV.Create(0.0);
        }
    }

    /// <summary>clamp(slope·(x − x₀), 0, 1), NaN → NaN.</summary>
    internal readonly struct HardSigmoidOperator(double slope, double offset) : IUnaryOperator
    {
        private readonly HardSigmoidLine _line = new(slope, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => TV.InDoublePrecision(x, _line);
    }

    /// <summary>slope strictly between the corners (decided on the rounded line value, as the forward does), else 0.</summary>
    internal readonly struct HardSigmoidDerivativeOperator(double slope, double offset) : IUnaryOperator
    {
        private readonly HardSigmoidLine _line = new(slope, offset);
        private readonly Parameter _slope = new(slope);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV y = TV.InDoublePrecision(x, _line);
            TV inside = TV.GreaterThan(y, TV.Create(0.0)) & TV.LessThan(y, TV.Create(1.0));
            TV derivative = inside & _slope.As<TV>();
            return TV.Select(TV.IsNaN(x), x, derivative);
        }
    }

    /// <summary>dx = f′(x)·dy.</summary>
    internal readonly struct HardSigmoidBackwardOperator(double slope, double offset) : IBinaryOperator
    {
        private readonly HardSigmoidDerivativeOperator _derivative = new(slope, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * _derivative.Invoke(x);
    }
}
