using System.Numerics;
using System.Runtime.CompilerServices;
using SimdActivations.Kernels;

namespace SimdActivations
{
    public static partial class Activations
    {
        /// <summary>
        /// Computes the parametric rectifier <c>x for x &gt; 0, α·x otherwise</c> elementwise, with one learnable α or
        /// one per channel.
        /// </summary>
        /// <param name="x">The input: row-major, with <c>weight.Length</c> channels in the last axis.</param>
        /// <param name="destination">Receives the result; it may be <paramref name="x"/> itself.</param>
        /// <param name="weight">α: one value shared by every element, or one per channel (element i uses
        /// <c>weight[i mod weight.Length]</c>).</param>
        /// <remarks>α·x is rounded once in <typeparamref name="T"/> (correctly rounded). NaN → NaN.</remarks>
        /// <exception cref="ArgumentException"><paramref name="weight"/> is empty or its length does not divide the input
        /// length; <paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void Prelu<T>(ReadOnlySpan<T> x, Span<T> destination, ReadOnlySpan<T> weight) where T : IFloatingPointIeee754<T>
        {
            if (weight.Length == 1)
            {
                Elementwise.Unary(x, destination, new PreluSharedOperator(PreluParameters.Of(weight[0])));
            }
            else
            {
                RowBroadcast.Binary(x, weight, destination, default(PreluOperator), nameof(weight), nameof(destination));
            }
        }

        /// <summary>Computes the parametric rectifier in place.</summary>
        /// <param name="values">The input (channels in the last axis), overwritten by the result.</param>
        /// <param name="weight">α: one value, or one per channel.</param>
        /// <exception cref="ArgumentException"><paramref name="weight"/> is empty or its length does not divide the input length.</exception>
        public static void Prelu<T>(Span<T> values, ReadOnlySpan<T> weight) where T : IFloatingPointIeee754<T> => Prelu(values, values, weight);

        /// <summary>Computes the derivative in x: 1 for x &gt; 0, α for x ≤ 0 (α at the kink), NaN for NaN.</summary>
        /// <param name="x">The input (channels in the last axis).</param>
        /// <param name="destination">Receives the derivative; it may be <paramref name="x"/> itself.</param>
        /// <param name="weight">α: one value, or one per channel.</param>
        /// <exception cref="ArgumentException"><paramref name="weight"/> is empty or its length does not divide the input
        /// length; <paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
        public static void PreluDerivative<T>(ReadOnlySpan<T> x, Span<T> destination, ReadOnlySpan<T> weight) where T : IFloatingPointIeee754<T>
        {
            if (weight.Length == 1)
            {
                Elementwise.Unary(x, destination, new PreluSharedDerivativeOperator(PreluParameters.Of(weight[0])));
            }
            else
            {
                RowBroadcast.Binary(x, weight, destination, default(PreluDerivativeOperator), nameof(weight), nameof(destination));
            }
        }

        /// <summary>Computes <c>dx = f′(x)·dy</c> in one pass.</summary>
        /// <param name="x">The forward input (channels in the last axis).</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="dx">Receives the gradient with respect to <paramref name="x"/>; it may be <paramref name="x"/> or <paramref name="dy"/>.</param>
        /// <param name="weight">α: one value, or one per channel.</param>
        /// <exception cref="ArgumentException">The lengths disagree, <paramref name="weight"/> is empty or its length does not
        /// divide the input length, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
        public static void PreluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, ReadOnlySpan<T> weight) where T : IFloatingPointIeee754<T>
        {
            if (weight.Length == 1)
            {
                Elementwise.Binary(x, dy, dx, new PreluSharedBackwardOperator(PreluParameters.Of(weight[0])));
            }
            else
            {
                RowBroadcast.Ternary(x, dy, weight, dx, default(PreluBackwardOperator), nameof(weight), nameof(dx));
            }
        }

        /// <summary>
        /// Computes the gradient of the loss with respect to α: <c>weightGradient[c] = Σ dy[i]·x[i]</c> over the elements
        /// of channel c with x[i] ≤ 0 (over all elements for a single α).
        /// </summary>
        /// <param name="x">The forward input (channels in the last axis).</param>
        /// <param name="dy">The gradient with respect to the output.</param>
        /// <param name="weightGradient">Receives one sum per channel (overwritten); its length is the number of channels.</param>
        /// <remarks>Accumulated in the element type (float for <see cref="Half"/>), vector lanes in parallel.</remarks>
        /// <exception cref="ArgumentException">The lengths of <paramref name="x"/> and <paramref name="dy"/> disagree, or
        /// <paramref name="weightGradient"/> is empty or its length does not divide theirs.</exception>
        public static void PreluWeightGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> weightGradient) where T : IFloatingPointIeee754<T> =>
            PreluParameters.WeightGradient(x, dy, weightGradient, accumulate: false, nameof(weightGradient));
    }

    /// <summary>
    /// The parametric rectifier <c>x for x &gt; 0, α·x otherwise</c> with learnable α, one shared or one per channel
    /// (channels in the last axis); registry name <c>prelu</c> (PyTorch's <c>nn.PReLU(num_parameters, init)</c>).
    /// </summary>
    /// <remarks>
    /// The weights are kept as doubles and rounded to the element type for each pass, as a layer holding its weights in
    /// that type would. <see cref="PointwiseActivation.Name"/> gives the configuration (<c>prelu(num_parameters=3)</c>),
    /// not the current weights.
    /// </remarks>
    public sealed class PReluActivation : PointwiseActivation, ILearnableActivation
    {
        private readonly double[] _weights;
        private readonly float[] _single;
        private readonly Half[] _half;

        /// <summary>Creates PReLU with <paramref name="numParameters"/> weights, all equal to <paramref name="init"/>.</summary>
        /// <param name="numParameters">1 (one shared α) or the number of channels.</param>
        /// <param name="init">The initial α, finite (PyTorch's default 0.25).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="numParameters"/> is below 1, or <paramref name="init"/> is not finite.</exception>
        public PReluActivation(int numParameters = 1, double init = 0.25)
            : this(PreluParameters.Uniform(numParameters, init), FormatName("prelu", ("num_parameters", numParameters, 1), ("init", init, 0.25)))
        {
        }

        /// <summary>Creates PReLU with the given weights (one per channel, or one).</summary>
        /// <param name="weights">The weights, finite; at least one.</param>
        /// <exception cref="ArgumentException"><paramref name="weights"/> is empty.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A weight is not finite.</exception>
        public PReluActivation(ReadOnlySpan<double> weights)
            : this(PreluParameters.Validated(weights), FormatName("prelu", ("num_parameters", weights.Length, 1)))
        {
        }

        private PReluActivation(double[] weights, string name) : base(name)
        {
            _weights = weights;
            _single = Array.ConvertAll(weights, w => (float)w);
            _half = Array.ConvertAll(weights, w => (Half)w);
            Parameters = Array.AsReadOnly((double[])weights.Clone());
        }

        /// <summary>The number of weights: 1, or the number of channels.</summary>
        public int NumParameters => _weights.Length;

        /// <inheritdoc/>
        public IReadOnlyList<double> Parameters { get; }

        /// <inheritdoc/>
        public void AccumulateParameterGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> gradient) where T : IFloatingPointIeee754<T>
        {
            if (gradient.Length < _weights.Length)
            {
                ThrowHelper.ThrowDestinationTooShort(nameof(gradient));
            }

            PreluParameters.WeightGradient(x, dy, gradient[.._weights.Length], accumulate: true, nameof(x));
        }

        /// <inheritdoc/>
        public ILearnableActivation WithParameters(ReadOnlySpan<double> parameters)
        {
            if (parameters.Length != _weights.Length)
            {
                throw new ArgumentException($"This PReLU has {_weights.Length} weight(s).", nameof(parameters));
            }

            return new PReluActivation(parameters);
        }

        private protected override void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y)
        {
            RowBroadcast.ValidateColumns(_weights, x.Length, nameof(x));
            if (IsNative<T>())
            {
                Activations.Prelu(x, y, Weights<T>());
            }
            else
            {
                PreluParameters.InDouble(x, x, y, _weights, default(PreluOperator));
            }
        }

        private protected override void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx)
        {
            RowBroadcast.ValidateColumns(_weights, x.Length, nameof(x));
            if (IsNative<T>())
            {
                Activations.PreluDerivative(x, dydx, Weights<T>());
            }
            else
            {
                PreluParameters.InDouble(x, x, dydx, _weights, default(PreluDerivativeOperator));
            }
        }

        private protected override void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        {
            RowBroadcast.ValidateColumns(_weights, x.Length, nameof(x));
            if (IsNative<T>())
            {
                Activations.PreluBackward(x, dy, dx, Weights<T>());
            }
            else
            {
                PreluParameters.InDouble(x, dy, dx, _weights, default(PreluBackwardOperator));
            }
        }

        private static bool IsNative<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);

        /// <summary>The weights as <typeparamref name="T"/> (float, double or Half only).</summary>
        private ReadOnlySpan<T> Weights<T>()
        {
            if (typeof(T) == typeof(float))
            {
                return View<float, T>(_single);
            }

            return typeof(T) == typeof(double) ? View<double, T>(_weights) : View<Half, T>(_half);
        }

        private static ReadOnlySpan<TTo> View<TFrom, TTo>(TFrom[] array) =>
            System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(
                ref Unsafe.As<TFrom, TTo>(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(array)), array.Length);
    }
}

namespace SimdActivations.Kernels
{
    internal static class PreluParameters
    {
        /// <summary>α in both lane precisions, from an element of any type.</summary>
        public static Parameter Of<T>(T alpha) where T : IFloatingPointIeee754<T> =>
            new(double.CreateTruncating(alpha), float.CreateTruncating(alpha));

        public static double[] Uniform(int numParameters, double init)
        {
            if (numParameters < 1)
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(numParameters), numParameters, "at least 1");
            }

            if (!double.IsFinite(init))
            {
                ThrowHelper.ThrowParameterOutOfRange(nameof(init), init, "finite");
            }

            double[] weights = new double[numParameters];
            Array.Fill(weights, init);
            return weights;
        }

        public static double[] Validated(ReadOnlySpan<double> weights)
        {
            if (weights.Length == 0)
            {
                throw new ArgumentException("PReLU needs at least one weight.", nameof(weights));
            }

            foreach (double w in weights)
            {
                if (!double.IsFinite(w))
                {
                    ThrowHelper.ThrowParameterOutOfRange(nameof(weights), w, "finite");
                }
            }

            return weights.ToArray();
        }

        public static void WeightGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> weightGradient, bool accumulate, string name)
            where T : IFloatingPointIeee754<T>
        {
            if (weightGradient.Length == 1)
            {
                T sum = ReductionLoop.Sum(x, dy, default(PreluWeightGradientOperator));
                weightGradient[0] = accumulate ? weightGradient[0] + sum : sum;
            }
            else
            {
                RowBroadcast.ColumnSums(x, dy, weightGradient, default(PreluWeightGradientOperator), accumulate, name);
            }
        }

        /// <summary>Element types other than float, double and Half: the operator on doubles, element by element.</summary>
        public static void InDouble<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, double[] weights, TOp op)
            where T : IFloatingPointIeee754<T>
            where TOp : struct, ITernaryOperator
        {
            for (int i = 0; i < x.Length; i++)
            {
                destination[i] = T.CreateTruncating(op.Invoke(Elementwise.InDouble(x[i]), Elementwise.InDouble(y[i]), new FloatScalar<double>(weights[i % weights.Length])).Value);
            }
        }
    }

    /// <summary>x &gt; 0 ? x : α·x (NaN fails the test and stays NaN in the product).</summary>
    internal readonly struct PreluOperator : IBinaryOperator, ITernaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV alpha) where TV : struct, IFloatVector<TV> => TV.SelectGreaterThan(x, TV.Create(0.0), x, alpha * x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV ignored, TV alpha) where TV : struct, IFloatVector<TV> => Invoke(x, alpha);
    }

    /// <summary>1 for x &gt; 0, α for x ≤ 0, NaN for NaN.</summary>
    internal readonly struct PreluDerivativeOperator : IBinaryOperator, ITernaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV alpha) where TV : struct, IFloatVector<TV> => ReluMath.SelectPositive(x, TV.Create(1.0), alpha);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV ignored, TV alpha) where TV : struct, IFloatVector<TV> => Invoke(x, alpha);
    }

    /// <summary>dx = f′(x)·dy, with α broadcast per channel.</summary>
    internal readonly struct PreluBackwardOperator : ITernaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy, TV alpha) where TV : struct, IFloatVector<TV> => dy * ReluMath.SelectPositive(x, TV.Create(1.0), alpha);
    }

    /// <summary>∂y/∂α·dy = x·dy for x ≤ 0, else 0 (NaN x gives NaN).</summary>
    internal readonly struct PreluWeightGradientOperator : IBinaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => TV.SelectGreaterThan(x, TV.Create(0.0), TV.Create(0.0), x * dy);
    }

    /// <summary>x &gt; 0 ? x : α·x with one α for every element.</summary>
    internal readonly struct PreluSharedOperator(Parameter alpha) : IUnaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => default(PreluOperator).Invoke(x, alpha.As<TV>());
    }

    /// <summary>The derivative with one α.</summary>
    internal readonly struct PreluSharedDerivativeOperator(Parameter alpha) : IUnaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV> => default(PreluDerivativeOperator).Invoke(x, alpha.As<TV>());
    }

    /// <summary>dx = f′(x)·dy with one α.</summary>
    internal readonly struct PreluSharedBackwardOperator(Parameter alpha) : IBinaryOperator
    {
        public static bool IsLightweight => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TV>(TV x, TV dy) where TV : struct, IFloatVector<TV> => default(PreluBackwardOperator).Invoke(x, dy, alpha.As<TV>());
    }
}
