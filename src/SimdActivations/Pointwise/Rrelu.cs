using System.Numerics;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>
        /// Computes the randomized rectifier in evaluation mode: <c>x for x &gt; 0, a·x otherwise</c> with the fixed slope
        /// a = (lower + upper)/2, elementwise.
        /// </summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <param name="lower">The smallest slope of training mode (PyTorch's default 1/8).</param>
        /// <param name="upper">The largest slope of training mode (PyTorch's default 1/3).</param>
        /// <remarks>The leaky rectifier with slope (lower + upper)/2, correctly rounded. Training mode, which draws a slope per
        /// element, is <see cref="RreluTraining{T}(ReadOnlySpan{T}, Span{T}, Span{T}, ulong, double, double)"/>.</remarks>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lower"/> or <paramref name="upper"/> is not finite, or lower &gt; upper.</exception>
        public static void Rrelu<T>(ReadOnlySpan<T> x, Span<T> destination, double lower = 1.0 / 8, double upper = 1.0 / 3) where T : IFloatingPointIeee754<T> =>
            LeakyRelu(x, destination, RreluParameters.EvaluationSlope(lower, upper));

        /// <summary>Computes the randomized rectifier in evaluation mode, in place.</summary>
        /// <param name="values">The input, overwritten by the result.</param>
        /// <param name="lower">The smallest slope of training mode.</param>
        /// <param name="upper">The largest slope of training mode.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lower"/> or <paramref name="upper"/> is not finite, or lower &gt; upper.</exception>
        public static void Rrelu<T>(Span<T> values, double lower = 1.0 / 8, double upper = 1.0 / 3) where T : IFloatingPointIeee754<T> =>
            Rrelu(values, values, lower, upper);

        /// <summary>Computes the evaluation-mode derivative: 1 for x &gt; 0, (lower + upper)/2 for x ≤ 0, NaN for NaN.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="lower">The smallest slope of training mode.</param>
        /// <param name="upper">The largest slope of training mode.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lower"/> or <paramref name="upper"/> is not finite, or lower &gt; upper.</exception>
        public static void RreluDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, double lower = 1.0 / 8, double upper = 1.0 / 3) where T : IFloatingPointIeee754<T> =>
            LeakyReluDerivative(x, destination, RreluParameters.EvaluationSlope(lower, upper));

        /// <summary>Computes <c>dx = f′(x)·dy</c> in evaluation mode, in one pass.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="lower">The smallest slope of training mode.</param>
        /// <param name="upper">The largest slope of training mode.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lower"/> or <paramref name="upper"/> is not finite, or lower &gt; upper.</exception>
        public static void RreluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, double lower = 1.0 / 8, double upper = 1.0 / 3) where T : IFloatingPointIeee754<T> =>
            LeakyReluBackward(x, dy, dx, RreluParameters.EvaluationSlope(lower, upper));

        /// <summary>
        /// Computes the randomized rectifier in training mode: draws one slope per element, uniform in [lower, upper],
        /// into <paramref name="slopes"/>, and computes <c>x for x &gt; 0, slope·x otherwise</c>.
        /// </summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <param name="slopes">Receives the slopes, for <see cref="RreluTrainingBackward{T}"/>; it must not overlap
        /// <paramref name="x"/> or <paramref name="destination"/>.</param>
        /// <param name="seed">The seed: the same seed gives the same slopes. Slope i is a function of (seed, i) alone
        /// (SplitMix64 of seed + (i + 1)·γ), so calls on consecutive chunks should use different seeds.</param>
        /// <param name="lower">The smallest slope (PyTorch's default 1/8).</param>
        /// <param name="upper">The largest slope (PyTorch's default 1/3).</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> or <paramref name="slopes"/> is too short, or overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lower"/> or <paramref name="upper"/> is not finite, or lower &gt; upper.</exception>
        public static void RreluTraining<T>(ReadOnlySpan<T> x, Span<T> destination, Span<T> slopes, ulong seed, double lower = 1.0 / 8, double upper = 1.0 / 3)
            where T : IFloatingPointIeee754<T>
        {
            RreluParameters.Validate(lower, upper);
            ThrowHelper.ValidateDestination(x, destination, nameof(destination));
            RreluParameters.ValidateSlopes(x, destination, slopes, nameof(slopes));
            RreluParameters.DrawSlopes(slopes[..x.Length], seed, lower, upper);
            Elementwise.Binary(x, slopes[..x.Length], destination, default(PreluOperator));
        }

        /// <summary>Computes the randomized rectifier in training mode with a seed drawn from <paramref name="random"/>.</summary>
        /// <param name="x">The input.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <param name="slopes">Receives the slopes; it must not overlap <paramref name="x"/> or <paramref name="destination"/>.</param>
        /// <param name="random">The source of the seed (one 64-bit draw per call).</param>
        /// <param name="lower">The smallest slope.</param>
        /// <param name="upper">The largest slope.</param>
        /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="destination"/> or <paramref name="slopes"/> is too short, or overlaps an input.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lower"/> or <paramref name="upper"/> is not finite, or lower &gt; upper.</exception>
        public static void RreluTraining<T>(ReadOnlySpan<T> x, Span<T> destination, Span<T> slopes, Random random, double lower = 1.0 / 8, double upper = 1.0 / 3)
            where T : IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(random);
            RreluTraining(x, destination, slopes, (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63), lower, upper);
        }

        /// <summary>Computes <c>dx = (x &gt; 0 ? 1 : slope)·dy</c> with the slopes that training mode drew.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="slopes">The slopes <see cref="RreluTraining{T}(ReadOnlySpan{T}, Span{T}, Span{T}, ulong, double, double)"/> wrote.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/>, <paramref name="dy"/> or <paramref name="slopes"/>.</param>
        /// <exception cref="ArgumentException">The lengths disagree, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void RreluTrainingBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, ReadOnlySpan<T> slopes, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Elementwise.Ternary(x, dy, slopes, dx, default(PreluBackwardOperator));
    }

    /// <summary>
    /// The randomized rectifier (Xu et al., 2015); registry name <c>rrelu</c>. As an <see cref="IActivation"/> it is the
    /// evaluation mode, slope (lower + upper)/2; training mode, which needs the drawn slopes between the forward and
    /// backward passes, is <see cref="ForwardTraining{T}"/> and <see cref="BackwardTraining{T}"/>.
    /// </summary>
    public sealed class RReluActivation : PointwiseActivation
    {
        /// <summary>Creates the randomized rectifier.</summary>
        /// <param name="lower">The smallest slope (PyTorch's default 1/8).</param>
        /// <param name="upper">The largest slope (PyTorch's default 1/3).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lower"/> or <paramref name="upper"/> is not finite, or lower &gt; upper.</exception>
        public RReluActivation(double lower = 1.0 / 8, double upper = 1.0 / 3)
            : base(FormatName("rrelu", ("lower", lower, 1.0 / 8), ("upper", upper, 1.0 / 3)))
        {
            RreluParameters.Validate(lower, upper);
            Lower = lower;
            Upper = upper;
        }

        /// <summary>The smallest slope.</summary>
        public double Lower { get; }

        /// <summary>The largest slope.</summary>
        public double Upper { get; }

        /// <summary>Training mode: draws the slopes and computes the forward pass (see
        /// <see cref="Activations.RreluTraining{T}(ReadOnlySpan{T}, Span{T}, Span{T}, ulong, double, double)"/>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="y">Receives the result.</param>
        /// <param name="slopes">Receives the slopes.</param>
        /// <param name="seed">The seed.</param>
        public void ForwardTraining<T>(ReadOnlySpan<T> x, Span<T> y, Span<T> slopes, ulong seed) where T : IFloatingPointIeee754<T> =>
            Activations.RreluTraining(x, y, slopes, seed, Lower, Upper);

        /// <summary>Training mode's backward pass with the slopes <see cref="ForwardTraining{T}"/> drew.</summary>
        /// <param name="x">The forward input.</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="slopes">The slopes.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>.</param>
        public void BackwardTraining<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, ReadOnlySpan<T> slopes, Span<T> dx) where T : IFloatingPointIeee754<T> =>
            Activations.RreluTrainingBackward(x, dy, slopes, dx);

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) => Activations.Rrelu(x, y, Lower, Upper);

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) => Activations.RreluDerivative(x, dydx, Lower, Upper);

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
            Activations.RreluBackward(x, dy, dx, Lower, Upper);
    }
}

namespace SimdActivations.Kernels
{
    internal static class RreluParameters
    {
        public static void Validate(double lower, double upper)
        {
            if (!double.IsFinite(lower))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(lower), lower, "finite");
            }

            if (!double.IsFinite(upper))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(upper), upper, "finite");
            }

            if (lower > upper)
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(lower), lower, $"at most upper ({upper.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");
            }
        }

        /// <summary>(lower + upper)/2 in double, PyTorch's evaluation slope.</summary>
        public static double EvaluationSlope(double lower, double upper)
        {
            Validate(lower, upper);
            return (lower + upper) / 2;
        }

        public static void ValidateSlopes<T>(ReadOnlySpan<T> x, Span<T> destination, Span<T> slopes, string name)
        {
            if (slopes.Length < x.Length)
            {
                ThrowHelper.ThrowDestinationTooShort(name);
            }

            ReadOnlySpan<T> used = slopes[..x.Length];
            if (used.Overlaps(x) || used.Overlaps(destination[..x.Length]))
            {
                ThrowHelper.ThrowOverlap(name);
            }
        }

        /// <summary>
        /// slopes[i] = lower + (upper − lower)·u_i, u_i in [0, 1) from the top 53 bits of SplitMix64 (Steele, Lea and Flood,
        /// "Fast splittable pseudorandom number generators", OOPSLA 2014: the state seed + (i + 1)·γ, γ the odd integer
        /// nearest 2⁶⁴/φ, through Stafford's Mix13 finalizer). Counter-based, so a slope depends only on the seed and its
        /// index. The double result lies in [lower, upper], and rounding to the element type keeps it there.
        /// </summary>
        public static void DrawSlopes<T>(Span<T> slopes, ulong seed, double lower, double upper) where T : IFloatingPointIeee754<T>
        {
            const ulong Gamma = 0x9E3779B97F4A7C15;
            double width = upper - lower;
            ulong state = seed;
            for (int i = 0; i < slopes.Length; i++)
            {
                state += Gamma;
                ulong z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
                z ^= z >> 31;
                double u = (z >> 11) * (1.0 / (1UL << 53));
                slopes[i] = T.CreateTruncating(Math.Min(lower + width * u, upper));
            }
        }
    }
}
