using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes <c>x &gt; threshold ? x : value</c> elementwise (PyTorch's <c>threshold</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <param name="threshold">The threshold, finite; compared exactly with each input (not after rounding it to
        /// <typeparamref name="T"/>).</param>
        /// <param name="value">The replacement for inputs at or below the threshold, not NaN.</param>
        /// <remarks>NaN → NaN (PyTorch returns <paramref name="value"/>, since NaN &gt; threshold is false).</remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is NaN or infinite, or <paramref name="value"/> is NaN.</exception>
        public static void Threshold<T>(ReadOnlySpan<T> x, Span<T> destination, double threshold, double value) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, new ThresholdOperator(threshold, value));

        /// <summary>Computes <c>x &gt; threshold ? x : value</c> in place.</summary>
        /// <param name="values">The input, overwritten by the result.</param>
        /// <param name="threshold">The threshold, finite.</param>
        /// <param name="value">The replacement, not NaN.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is NaN or infinite, or <paramref name="value"/> is NaN.</exception>
        public static void Threshold<T>(Span<T> values, double threshold, double value) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, new ThresholdOperator(threshold, value));

        /// <summary>Computes the derivative: 1 above the threshold, 0 at and below it, NaN for NaN.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="threshold">The threshold, finite.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is NaN or infinite.</exception>
        public static void ThresholdDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, double threshold) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, new ThresholdDerivativeOperator(threshold));

        /// <summary>Computes <c>dx = (x &gt; threshold ? dy : 0)</c> in one pass (as a product: 0·dy, NaN for NaN).</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="threshold">The threshold, finite.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is NaN or infinite.</exception>
        public static void ThresholdBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, double threshold) where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, new ThresholdBackwardOperator(threshold));
    }

    /// <summary><c>x &gt; threshold ? x : value</c>; registry name <c>threshold</c>.</summary>
    public sealed class ThresholdActivation : PointwiseActivation
    {
        /// <summary>Creates the threshold activation (the defaults 0, 0 make it ReLU).</summary>
        /// <param name="threshold">The threshold, finite.</param>
        /// <param name="value">The replacement, not NaN.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is NaN or infinite, or <paramref name="value"/> is NaN.</exception>
        public ThresholdActivation(double threshold = 0.0, double value = 0.0)
            : base(FormatName("threshold", ("threshold", threshold, 0.0), ("value", value, 0.0)))
        {
            _ = new ThresholdOperator(threshold, value);
            Threshold = threshold;
            Value = value;
        }

        /// <summary>The threshold.</summary>
        public double Threshold { get; }

        /// <summary>The replacement for inputs at or below the threshold.</summary>
        public double Value { get; }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Threshold(x, y, Threshold, Value);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.ThresholdDerivative(x, dydx, Threshold);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.ThresholdBackward(x, dy, dx, Threshold);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>
    /// x &gt; threshold decided exactly in each lane type: x &gt; t ⟺ x ≥ c, with c the smallest lane value above the
    /// exact double t (rounding t to float instead would misplace the step by up to half a float ULP), and
    /// ⟺ x &gt; b with b the largest lane value below c.
    /// </summary>
    internal readonly struct ThresholdCut
    {
        public ThresholdCut(double threshold)
        {
            if (!double.IsFinite(threshold))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(threshold), threshold, "finite");
            }

            float single = (float)threshold;
            float singleCut = (double)single > threshold ? single : MathF.BitIncrement(single);
            double doubleCut = Math.BitIncrement(threshold);
            Cut = new(doubleCut, singleCut);
            Below = new(Math.BitDecrement(doubleCut), MathF.BitDecrement(singleCut));
        }

        /// <summary>The smallest lane value above the threshold.</summary>
        public Parameter Cut { get; }

        /// <summary>The largest lane value at or below the threshold.</summary>
        public Parameter Below { get; }
    }

    /// <summary>x &lt; cut ? value : x, which NaN fails, so NaN comes out as x.</summary>
    internal readonly struct ThresholdOperator : IUnaryOperator
    {
        private readonly ThresholdCut _cut;
        private readonly Parameter _value;

        public ThresholdOperator(double threshold, double value)
        {
            _cut = new(threshold);
            if (double.IsNaN(value))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(value), value, "a number (not NaN)");
            }

            _value = new(value);
        }

        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => TV.SelectLessThan(x, _cut.Cut.As<TV>(), _value.As<TV>(), x);
    }

    /// <summary>x at or below the threshold → 0, above → 1, NaN (neither) → x.</summary>
    internal readonly struct ThresholdDerivativeOperator(double threshold) : IUnaryOperator
    {
        private readonly ThresholdCut _cut = new(threshold);

        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> =>
            TV.SelectLessThan(x, _cut.Cut.As<TV>(), TV.Create(0.0), TV.SelectGreaterThan(x, _cut.Below.As<TV>(), TV.Create(1.0), x));
    }

    /// <summary>dx = f′(x)·dy.</summary>
    internal readonly struct ThresholdBackwardOperator(double threshold) : IBinaryOperator
    {
        private readonly ThresholdDerivativeOperator _derivative = new(threshold);

        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * _derivative.Invoke(x);
    }
}
