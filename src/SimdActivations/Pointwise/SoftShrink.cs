using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes the soft shrinkage <c>x − λ</c> for x &gt; λ, <c>x + λ</c> for x &lt; −λ, 0 otherwise, elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <param name="lambd">λ (PyTorch's <c>lambd</c>, default 0.5), finite and non-negative.</param>
        /// <remarks>Correctly rounded for any λ (when λ is not a float, float inputs are computed in double precision); NaN → NaN,
        /// ±∞ → ±∞, +0 on [−λ, λ].</remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambd"/> is negative, infinite or NaN.</exception>
        public static void SoftShrink<T>(ReadOnlySpan<T> x, Span<T> destination, double lambd = 0.5) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, new SoftShrinkOperator(lambd));

        /// <summary>Computes the soft shrinkage in place.</summary>
        /// <param name="values">The input, overwritten by the result.</param>
        /// <param name="lambd">λ, finite and non-negative.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambd"/> is negative, infinite or NaN.</exception>
        public static void SoftShrink<T>(Span<T> values, double lambd = 0.5) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, new SoftShrinkOperator(lambd));

        /// <summary>Computes the derivative: 1 for |x| &gt; λ, 0 on [−λ, λ], NaN for NaN.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="lambd">λ, finite and non-negative.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambd"/> is negative, infinite or NaN.</exception>
        public static void SoftShrinkDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, double lambd = 0.5) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, new ShrinkDerivativeOperator(lambd));

        /// <summary>Computes <c>dx = f′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="lambd">λ, finite and non-negative.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambd"/> is negative, infinite or NaN.</exception>
        public static void SoftShrinkBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, double lambd = 0.5)
            where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, new ShrinkBackwardOperator(lambd));
    }

    /// <summary>The soft shrinkage; registry name <c>softshrink</c> (alias <c>soft_shrink</c>).</summary>
    public sealed class SoftShrinkActivation : PointwiseActivation
    {
        /// <summary>Creates the soft shrinkage.</summary>
        /// <param name="lambd">λ, finite and non-negative.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambd"/> is negative, infinite or NaN.</exception>
        public SoftShrinkActivation(double lambd = 0.5) : base(FormatName("softshrink", ("lambd", lambd, 0.5)))
        {
            ShrinkThreshold.Validate(lambd);
            Lambd = lambd;
        }

        /// <summary>λ.</summary>
        public double Lambd { get; }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.SoftShrink(x, y, Lambd);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.SoftShrinkDerivative(x, dydx, Lambd);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.SoftShrinkBackward(x, dy, dx, Lambd);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>λ of the shrinkage functions: the value, and for float comparisons λ rounded down (see <see cref="SingleRounding"/>).</summary>
    internal readonly struct ShrinkThreshold
    {
        public ShrinkThreshold(double lambd)
        {
            Validate(lambd);
            Value = new(lambd);
            Comparison = new(lambd, SingleRounding.Down(lambd));
        }

        /// <summary>λ itself (rounded to nearest for float lanes).</summary>
        public Parameter Value { get; }

        /// <summary>|x| &gt; <see cref="Comparison"/> exactly when |x| &gt; λ.</summary>
        public Parameter Comparison { get; }

        public static void Validate(double lambd)
        {
            if (!(lambd >= 0) || double.IsPositiveInfinity(lambd))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(lambd), lambd, "finite and non-negative");
            }
        }
    }

    /// <summary>
    /// x − clamp(x, −λ, λ): x − λ above λ, x + λ below −λ, x − x = +0 between, NaN for NaN (the clamps keep it).
    /// When λ is a float (0.5, 1, 0.25, ...) the float subtraction is already rounded once; otherwise float lanes run in
    /// double precision, where it is exact or rounded far below float's precision, so float results are correctly
    /// rounded for any double λ.
    /// </summary>
    internal readonly struct SoftShrinkOperator(double lambd) : IUnaryOperator
    {
        private readonly SoftShrinkCore _core = new(new ShrinkThreshold(lambd).Value);
        private readonly bool _singleExact = (float)lambd == lambd;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            _singleExact ? _core.Invoke(x) : TV.InDoublePrecision(x, _core);
    }

    internal readonly struct SoftShrinkCore(Parameter lambd) : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV threshold = lambd.As<TV>();
            return x - TV.ClampAbove(TV.ClampBelow(x, -threshold), threshold);
        }
    }

    /// <summary>
    /// The shrinkage functions' derivative: 1 for |x| &gt; λ, else x − x, which is +0 for finite x and NaN for NaN
    /// (an infinite x is past λ). Soft and hard shrinkage share it.
    /// </summary>
    internal readonly struct ShrinkDerivativeOperator(double lambd) : IUnaryOperator
    {
        private readonly Parameter _comparison = new ShrinkThreshold(lambd).Comparison;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            TV.SelectGreaterThan(TV.Abs(x), _comparison.As<TV>(), TV.Create(1.0), x - x);
    }

    /// <summary>dx = f′(x)·dy for either shrinkage.</summary>
    internal readonly struct ShrinkBackwardOperator(double lambd) : IBinaryOperator
    {
        private readonly ShrinkDerivativeOperator _derivative = new(lambd);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * _derivative.Invoke(x);
    }
}
