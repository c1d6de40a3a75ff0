using System.Numerics;

namespace SimdActivations;

/// <summary>
/// A neural-network activation: a forward pass and its chain-rule backward pass over spans.
/// </summary>
/// <remarks>
/// Instances are immutable and thread-safe. <c>T</c> is <see cref="float"/> or <see cref="double"/> (vectorized),
/// <see cref="Half"/> (computed in <see cref="float"/>), or any other IEEE 754 type (computed in
/// <see cref="double"/>, element by element). Obtain instances from <c>Activation.Parse</c> or
/// construct them directly (e.g. <c>SiluActivation</c>).
/// </remarks>
public interface IActivation
{
    /// <summary>The registry name with the parameters, e.g. <c>hardsigmoid(slope=0.2, offset=0.5)</c>.</summary>
    string Name { get; }

    /// <summary>Computes the forward pass <c>y = f(x)</c>.</summary>
    /// <param name="x">The input.</param>
    /// <param name="y">The output, of length <see cref="OutputLength(int)"/> of <paramref name="x"/>'s length or longer;
    /// it may be <paramref name="x"/> itself (in place) where the lengths agree, but must not partially overlap it.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> is too short or partially overlaps <paramref name="x"/>.</exception>
    void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>;

    /// <summary>Computes the backward pass <c>dx = J(x)ᵀ·dy</c>, where J is the Jacobian of the forward pass at x.</summary>
    /// <param name="x">The forward input.</param>
    /// <param name="y">The forward output <c>f(x)</c>, which an implementation may use instead of recomputing it.</param>
    /// <param name="dy">The gradient of the loss with respect to <paramref name="y"/>.</param>
    /// <param name="dx">Receives the gradient of the loss with respect to <paramref name="x"/>; it may be exactly
    /// <paramref name="x"/> or <paramref name="dy"/> (in place).</param>
    /// <exception cref="ArgumentException">The lengths disagree, <paramref name="dx"/> is too short, or it partially
    /// overlaps an input.</exception>
    void Derivative<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T>;

    /// <summary>The output length for an input of <paramref name="inputLength"/> elements (the identity for
    /// elementwise activations).</summary>
    /// <param name="inputLength">The input length.</param>
    int OutputLength(int inputLength);
}

/// <summary>An elementwise activation, whose Jacobian is diagonal: it also gives <c>f′(x)</c> itself.</summary>
public interface IPointwiseActivation : IActivation
{
    /// <summary>Computes the elementwise derivative <c>dydx = f′(x)</c>.</summary>
    /// <param name="x">The input.</param>
    /// <param name="dydx">The output; it may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException"><paramref name="dydx"/> is too short or partially overlaps <paramref name="x"/>.</exception>
    void Derivative<T>(ReadOnlySpan<T> x, Span<T> dydx) where T : IFloatingPointIeee754<T>;
}

/// <summary>An activation with learnable parameters (Swish's β, PReLU's α).</summary>
public interface ILearnableActivation : IActivation
{
    /// <summary>The current parameter values, in a fixed order.</summary>
    IReadOnlyList<double> Parameters { get; }

    /// <summary>Accumulates <c>gradient[k] += Σᵢ dy[i]·∂y[i]/∂θₖ</c> over the batch.</summary>
    /// <param name="x">The forward input.</param>
    /// <param name="dy">The gradient of the loss with respect to the output.</param>
    /// <param name="gradient">The accumulated parameter gradient, one element per parameter.</param>
    /// <exception cref="ArgumentException">The lengths disagree or <paramref name="gradient"/> is too short.</exception>
    void AccumulateParameterGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> gradient) where T : IFloatingPointIeee754<T>;

    /// <summary>A new instance with the same configuration and the given parameter values.</summary>
    /// <param name="parameters">The new values, as many as <see cref="Parameters"/> has.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is not allowed.</exception>
    ILearnableActivation WithParameters(ReadOnlySpan<double> parameters);
}
