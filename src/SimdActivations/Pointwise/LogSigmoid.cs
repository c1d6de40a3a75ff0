using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>Computes <c>log σ(x) = min(x, 0) − log(1 + e^−|x|)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives log σ(x); it may be <paramref name="x"/> itself.</param>
        /// <remarks>Stable everywhere: log σ(−∞) = −∞, log σ(+∞) = −0, tiny negative results for large x (−e^−x)
        /// rather than 0. NaN → NaN.</remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void LogSigmoid<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(LogSigmoidOperator));

        /// <summary>Computes log σ(x) in place.</summary>
        /// <param name="values">The input, overwritten by log σ(x).</param>
        public static void LogSigmoid<T>(Span<T> values) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(values, values, default(LogSigmoidOperator));

        /// <summary>Computes <c>(log σ)′(x) = σ(−x)</c> elementwise.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives σ(−x); it may be <paramref name="x"/> itself.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void LogSigmoidDerivative<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T> =>
            Elementwise.Unary(x, destination, default(LogSigmoidDerivativeOperator));

        /// <summary>Computes <c>dx = σ(−x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void LogSigmoidBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Elementwise.Binary(x, dy, dx, default(LogSigmoidBackwardOperator));
    }

    /// <summary>The log-sigmoid <c>log σ(x)</c>; registry name <c>logsigmoid</c> (alias <c>log_sigmoid</c>).</summary>
    public sealed class LogSigmoidActivation : PointwiseActivation
    {
        /// <summary>Creates the log-sigmoid activation.</summary>
        public LogSigmoidActivation() : base("logsigmoid")
        {
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.LogSigmoid(x, y);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.LogSigmoidDerivative(x, dydx);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.LogSigmoidBackward(x, dy, dx);
    }
}

namespace SimdActivations.Kernels
{
    /// <summary>
    /// log σ(x) = −(log1p(e) − min(x, 0)), e = e^−|x|. Both terms have the same sign, so nothing cancels; written
    /// as a negated difference so that x → +∞ gives −0 (the function is negative everywhere). e from the table
    /// exponential where the CPU permutes (NaN reaches the result through min(x, 0)).
    /// </summary>
    internal readonly struct LogSigmoidOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>
        {
            TV e = VectorMath.ExpMinusAbsTabulated(x);
            return -(VectorMath.Log1pUnit(e) - TV.ClampAbove(x, TV.Create(0.0)));
        }
    }

    /// <summary>(log σ)′(x) = σ(−x), the sigmoid's kernel (<see cref="SigmoidOperator"/>) on −x.</summary>
    internal readonly struct LogSigmoidDerivativeOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => default(SigmoidOperator).Invoke(-x);
    }

    /// <summary>dx = σ(−x)·dy.</summary>
    internal readonly struct LogSigmoidBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => dy * default(LogSigmoidDerivativeOperator).Invoke(x);
    }
}
