using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes the exponential linear unit <c>elu(x) = x for x &gt; 0, α·(eˣ − 1) otherwise</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives elu(x); it may be <paramref name="x"/> itself.</param>
        /// <param name="alpha">α, finite (PyTorch's default 1; the seed article's variant uses 0.3).</param>
        /// <remarks>
        /// eˣ − 1 comes from a vector expm1, not from eˣ − 1, which would lose every digit near 0: elu(−1e−5) is
        /// −9.99995e−6 to the last bit. elu(−∞) = −α, elu(+∞) = +∞, elu(−0) = −0 (for α &gt; 0), elu(NaN) = NaN.
        /// Accuracy: see <c>Activation.Describe("elu")</c>.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is NaN or infinite.</exception>
        public static void Elu<T>(ReadOnlySpan<T> x, Span<T> destination, double alpha = 1.0) where T : IFloatingPointIeee754<T>
        {
            if (alpha == 1.0)
            {
                Elementwise.Unary(x, destination, default(EluUnitOperator));
            }
            else
            {
                Elementwise.Unary(x, destination, new EluOperator(alpha));
            }
        }

        /// <summary>Computes elu(x) in place.</summary>
        /// <param name="values">The input, overwritten by elu(x).</param>
        /// <param name="alpha">α, finite.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is NaN or infinite.</exception>
        public static void Elu<T>(Span<T> values, double alpha = 1.0) where T : IFloatingPointIeee754<T> => Elu(values, values, alpha);

        /// <summary>Computes <c>elu′(x) = 1 for x &gt; 0, α·eˣ otherwise</c> (α at 0) elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="alpha">α, finite.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is NaN or infinite.</exception>
        public static void EluDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, double alpha = 1.0) where T : IFloatingPointIeee754<T>
        {
            if (alpha == 1.0)
            {
                Elementwise.Unary(x, destination, default(EluUnitDerivativeOperator));
            }
            else
            {
                Elementwise.Unary(x, destination, new EluDerivativeOperator(alpha));
            }
        }

        /// <summary>Computes <c>dx = elu′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="alpha">α, finite.</param>
        /// <remarks>
        /// Recomputes α·eˣ from x rather than taking it as y + α from the forward output (PyTorch's shortcut): y + α
        /// cancels for large negative x, where it would leave no correct digit of the gradient.
        /// </remarks>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is NaN or infinite.</exception>
        public static void EluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, double alpha = 1.0) where T : IFloatingPointIeee754<T>
        {
            if (alpha == 1.0)
            {
                Elementwise.Binary(x, dy, dx, default(EluUnitBackwardOperator));
            }
            else
            {
                Elementwise.Binary(x, dy, dx, new EluBackwardOperator(alpha));
            }
        }
    }

    /// <summary>The exponential linear unit <c>x for x &gt; 0, α·(eˣ − 1) otherwise</c>; registry name <c>elu</c>.</summary>
    public sealed class EluActivation : PointwiseActivation
    {
        /// <summary>Creates ELU with the given α (PyTorch's default 1).</summary>
        /// <param name="alpha">α, finite.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is NaN or infinite.</exception>
        public EluActivation(double alpha = 1.0) : base(FormatName("elu", ("alpha", alpha, 1.0)))
        {
            _ = new EluOperator(alpha);
            Alpha = alpha;
        }

        /// <summary>α.</summary>
        public double Alpha { get; }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Elu(x, y, Alpha);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.EluDerivative(x, dydx, Alpha);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.EluBackward(x, dy, dx, Alpha);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>
    /// A double constant c applied to a lane as c_hi·v + c_lo·v with one rounding where the CPU has FMA (within about
    /// half an ULP of c·v). For float lanes c_lo carries what rounding c to float loses (up to 1 ULP of every product
    /// otherwise); for double lanes it is zero, or for constants given with more digits than a double holds (SELU's)
    /// the next 53 bits. c_hi is c rounded toward zero, so c_lo has c's sign: both products then have the same sign,
    /// and a product that underflows keeps the sign of c·v even when the sum is not fused.
    /// </summary>
    internal readonly struct SplitConstant
    {
        private readonly Parameter _high;
        private readonly Parameter _low;

        public SplitConstant(double value, double lowBits = 0.0)
        {
            float high = (float)value;
            if (Math.Abs((double)high) > Math.Abs(value))
            {
                high = value > 0 ? MathF.BitDecrement(high) : MathF.BitIncrement(high);
            }

            // value − high is exact in double: high has 24 bits and lies within an ULP of value.
            float low = (float)(value - high + lowBits);
            _high = new(value, high);
            _low = new(CopySignOfZero(lowBits, value), CopySignOfZero(low, value));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Times<TV>(TV v) where TV : struct, IFloatVector<TV> => TV.MultiplyAdd(_high.As<TV>(), v, _low.As<TV>() * v);

        private static double CopySignOfZero(double low, double value) => low == 0 ? Math.CopySign(0.0, value) : low;

        private static float CopySignOfZero(float low, double value) => low == 0 ? MathF.CopySign(0f, (float)value) : low;
    }

    internal static class EluParameters
    {
        public static void Validate(double alpha)
        {
            if (!double.IsFinite(alpha))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(alpha), alpha, "finite");
            }
        }
    }

    /// <summary>x &lt; 0 ? α·expm1(x) : x; NaN and −0 fail the comparison and come out as themselves. Only x &lt; 0 reaches
    /// expm1's result, so its upper clamp and its −0 fix are not needed.</summary>
    internal readonly struct EluOperator : IUnaryOperator
    {
        private readonly SplitConstant _alpha;

        public EluOperator(double alpha)
        {
            EluParameters.Validate(alpha);
            _alpha = new(alpha);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            TV.SelectLessThan(x, TV.Create(0.0), _alpha.Times(VectorMath.Expm1NoSignedZero(x)), x);
    }

    /// <summary>ELU with α = 1 (PyTorch's default): x &lt; 0 ? expm1(x) : x, without the product.</summary>
    internal readonly struct EluUnitOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            TV.SelectLessThan(x, TV.Create(0.0), VectorMath.Expm1NoSignedZero(x), x);
    }

    /// <summary>x &gt; 0 ? 1 : α·eˣ (α at 0, the left piece's limit, as PyTorch).</summary>
    internal readonly struct EluDerivativeOperator : IUnaryOperator
    {
        private readonly SplitConstant _alpha;

        public EluDerivativeOperator(double alpha)
        {
            EluParameters.Validate(alpha);
            _alpha = new(alpha);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            TV.SelectGreaterThan(x, TV.Create(0.0), TV.Create(1.0), _alpha.Times(VectorMath.Exp(x)));
    }

    /// <summary>x &gt; 0 ? 1 : eˣ (α = 1).</summary>
    internal readonly struct EluUnitDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            TV.SelectGreaterThan(x, TV.Create(0.0), TV.Create(1.0), VectorMath.Exp(x));
    }

    /// <summary>dx = elu′(x)·dy (α = 1).</summary>
    internal readonly struct EluUnitBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(EluUnitDerivativeOperator).Invoke(x);
    }

    /// <summary>dx = elu′(x)·dy.</summary>
    internal readonly struct EluBackwardOperator(double alpha) : IBinaryOperator
    {
        private readonly EluDerivativeOperator _derivative = new(alpha);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * _derivative.Invoke(x);
    }
}
