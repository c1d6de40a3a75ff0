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
        /// exactly PyTorch's <c>(x + 3)/6</c>; rounded once for float inputs (carried exactly in float lanes where the
        /// CPU has FMA and the corners and width are floats, else in double precision), within 1 ULP for double;
        /// nothing cancels near the lower corner. NaN → NaN.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> or <paramref name="offset"/> is not allowed.</exception>
        public static void HardSigmoid<T>(ReadOnlySpan<T> x, Span<T> destination, double slope = 1.0 / 6.0, double offset = 0.5)
            where T : IFloatingPointIeee754<T>
        {
            if (FloatVector.HasHardwareFma && HardSigmoidSingleLine.Serves(slope, offset))
            {
                Elementwise.Unary(x, destination, new HardSigmoidOperator<HardSigmoidSingleLine>(new(slope, offset)));
            }
            else
            {
                Elementwise.Unary(x, destination, new HardSigmoidOperator<HardSigmoidWideLine>(new(slope, offset)));
            }
        }

        /// <summary>Computes the hard sigmoid in place.</summary>
        /// <param name="values">The input, overwritten by the result.</param>
        /// <param name="slope">The slope, finite and positive.</param>
        /// <param name="offset">The offset, finite.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> or <paramref name="offset"/> is not allowed.</exception>
        public static void HardSigmoid<T>(Span<T> values, double slope = 1.0 / 6.0, double offset = 0.5) where T : IFloatingPointIeee754<T> =>
            HardSigmoid<T>(values, values, slope, offset);

        /// <summary>Computes the derivative: <c>slope</c> where 0 &lt; slope·x + offset &lt; 1 strictly, else 0 (0 at both corners).</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="slope">The slope, finite and positive.</param>
        /// <param name="offset">The offset, finite.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> or <paramref name="offset"/> is not allowed.</exception>
        public static void HardSigmoidDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, double slope = 1.0 / 6.0, double offset = 0.5)
            where T : IFloatingPointIeee754<T>
        {
            if (FloatVector.HasHardwareFma && HardSigmoidSingleLine.Serves(slope, offset))
            {
                Elementwise.Unary(x, destination, new HardSigmoidDerivativeOperator<HardSigmoidSingleLine>(new(slope, offset), slope));
            }
            else
            {
                Elementwise.Unary(x, destination, new HardSigmoidDerivativeOperator<HardSigmoidWideLine>(new(slope, offset), slope));
            }
        }

        /// <summary>Computes <c>dx = f′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="slope">The slope, finite and positive.</param>
        /// <param name="offset">The offset, finite.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> or <paramref name="offset"/> is not allowed.</exception>
        public static void HardSigmoidBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, double slope = 1.0 / 6.0, double offset = 0.5)
            where T : IFloatingPointIeee754<T>
        {
            if (FloatVector.HasHardwareFma && HardSigmoidSingleLine.Serves(slope, offset))
            {
                Elementwise.Binary(x, dy, dx, new HardSigmoidBackwardOperator<HardSigmoidSingleLine>(new(new(slope, offset), slope)));
            }
            else
            {
                Elementwise.Binary(x, dy, dx, new HardSigmoidBackwardOperator<HardSigmoidWideLine>(new(new(slope, offset), slope)));
            }
        }
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
            _ = new HardSigmoidLine(slope, offset);
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
    /// it is (x + 2.5)/5. Float lanes take it in double precision (see
    /// <see cref="IFloatVector{TSelf}.InDoublePrecision"/>), where x − x₀ is exact for float x, or rounded once in float
    /// lanes (<see cref="HardSigmoidSingleLine"/>). The input is clamped to the corners first (x₀ and x₀ + w), so the quotient
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

    /// <summary>
    /// How the line's value is computed, chosen per call at the entry points: a type parameter, so that each
    /// instantiation imports one way only, and the entry points test <see cref="FloatVector.HasHardwareFma"/> first,
    /// a JIT constant that drops the other instantiation where it cannot serve (a run-time choice inside the operator,
    /// and then one at the entry points alone, left the JIT importing both: the scalar fallback ran at 0.21 and 0.35
    /// elements/ns against 0.70).
    /// </summary>
    internal interface IHardSigmoidLine
    {
        TV Value<TV>(TV x) where TV : struct, IFloatVector<TV>;
    }

    /// <summary>The line in double precision for float lanes (<see cref="IFloatVector{TSelf}.InDoublePrecision"/>).</summary>
    internal readonly struct HardSigmoidWideLine(double slope, double offset) : IHardSigmoidLine
    {
        private readonly HardSigmoidLine _line = new(slope, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Value<TV>(TV x) where TV : struct, IFloatVector<TV> => TV.InDoublePrecision(x, _line);
    }

    /// <summary>
    /// The line rounded once in float lanes, as <see cref="HardSwishSingle"/> rounds its quotient: d + e = x − x₀
    /// exactly (Fast2Sum: |x| ≤ |x₀| between the corners), q = d/w, d − w·q exact by an FMA, and
    /// q + (d − w·q + e)·(1/w) in one last FMA (correctly rounded but within about 2⁻²⁴ of an ULP of a midpoint).
    /// One float division where the double path widens both halves and divides each in double: 2.8 → 4.4
    /// elements/ns (16 Ki floats, alternating runs). Double lanes take the line as <see cref="HardSigmoidWideLine"/>.
    /// </summary>
    internal readonly struct HardSigmoidSingleLine : IHardSigmoidLine
    {
        private readonly HardSigmoidWideLine _wide;
        private readonly Parameter _width;
        private readonly Parameter _reciprocalWidth;
        private readonly Parameter _corner;
        private readonly Parameter _upperCorner;

        public HardSigmoidSingleLine(double slope, double offset)
        {
            _wide = new(slope, offset);
            double width = 1.0 / slope;
            double corner = -(offset * width);
            _width = new(width);
            _reciprocalWidth = new(1.0 / width);
            _corner = new(corner);
            _upperCorner = new(corner + width);
        }

        /// <summary>
        /// Whether it serves slope and offset: hardware FMA, corners and width that are floats, and no x between the
        /// corners larger in magnitude than the lower one (offset ≥ ½) — the defaults, ±3 and 6, and the seed
        /// article's ±2.5 and 5. False for parameters the constructors reject.
        /// </summary>
        public static bool Serves(double slope, double offset)
        {
            if (!FloatVector.HasHardwareFma || !double.IsFinite(slope) || slope <= 0 || !double.IsFinite(offset))
            {
                return false;
            }

            double width = 1.0 / slope;
            double corner = -(offset * width);
            double upperCorner = corner + width;
            return (float)width == width && (float)corner == corner && (float)upperCorner == upperCorner && Math.Abs(upperCorner) <= Math.Abs(corner);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Value<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            if (TV.IsDouble)
            {
                return _wide.Value(x);
            }

            TV corner = _corner.As<TV>();
            TV inside = TV.ClampAbove(TV.ClampBelow(x, corner), _upperCorner.As<TV>());
            TV d = inside - corner;
            TV e = inside - (d + corner);
            TV width = _width.As<TV>();
            TV q = d / width;
            TV remainder = TV.FusedMultiplyAdd(q, -width, d);
            TV line = TV.FusedMultiplyAdd(remainder + e, _reciprocalWidth.As<TV>(), q);
            return TV.ClampAbove(line, TV.Create(1.0)) + TV.Create(0.0);
        }
    }

    /// <summary>clamp(slope·(x − x₀), 0, 1), NaN → NaN.</summary>
    internal readonly struct HardSigmoidOperator<TLine>(TLine line) : IUnaryOperator
        where TLine : struct, IHardSigmoidLine
    {
        private readonly TLine _line = line;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => _line.Value(x);
    }

    /// <summary>slope strictly between the corners (decided on the rounded line value, as the forward does), else 0.</summary>
    internal readonly struct HardSigmoidDerivativeOperator<TLine>(TLine line, double slope) : IUnaryOperator
        where TLine : struct, IHardSigmoidLine
    {
        private readonly TLine _line = line;
        private readonly Parameter _slope = new(slope);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV y = _line.Value(x);
            TV inside = TV.GreaterThan(y, TV.Create(0.0)) & TV.LessThan(y, TV.Create(1.0));
            TV derivative = inside & _slope.As<TV>();
            return TV.Select(TV.IsNaN(x), x, derivative);
        }
    }

    /// <summary>dx = f′(x)·dy.</summary>
    internal readonly struct HardSigmoidBackwardOperator<TLine>(HardSigmoidDerivativeOperator<TLine> derivative) : IBinaryOperator
        where TLine : struct, IHardSigmoidLine
    {
        private readonly HardSigmoidDerivativeOperator<TLine> _derivative = derivative;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * _derivative.Invoke(x);
    }
}
