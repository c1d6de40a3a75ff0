using System.Globalization;
using System.Numerics;
using SimdActivations.Kernels;

namespace SimdActivations;

/// <summary>Base of the elementwise activations: the backward pass is <c>dx = f′(x)·dy</c>.</summary>
public abstract class PointwiseActivation : IPointwiseActivation
{
    private protected PointwiseActivation(string name) => Name = name;

    /// <inheritdoc/>
    public string Name { get; }

    // The public methods validate with their own parameter names (y, dydx, dx) before the static helpers, whose
    // parameters are called destination.

    /// <inheritdoc/>
    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        ThrowHelper.ValidateDestination(x, y, nameof(y));
        ForwardCore(x, y);
    }

    /// <inheritdoc/>
    public void Derivative<T>(ReadOnlySpan<T> x, Span<T> dydx) where T : IFloatingPointIeee754<T>
    {
        ThrowHelper.ValidateDestination(x, dydx, nameof(dydx));
        DerivativeCore(x, dydx);
    }

    /// <inheritdoc/>
    public void Derivative<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T>
    {
        ThrowHelper.ValidateSameLength(x, y, nameof(y));
        ThrowHelper.ValidateSameLength(x, dy, nameof(dy));
        ThrowHelper.ValidateDestination(x, dx, nameof(dx));
        ThrowHelper.ValidateDestination(y, dx, nameof(dx));
        ThrowHelper.ValidateDestination(dy, dx, nameof(dx));
        BackwardCore(x, y, dy, dx);
    }

    /// <summary>Computes <c>y = f(x)</c> (arguments already validated).</summary>
    private protected abstract void ForwardCore<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>;

    /// <summary>Computes <c>dydx = f′(x)</c> (arguments already validated).</summary>
    private protected abstract void DerivativeCore<T>(ReadOnlySpan<T> x, Span<T> dydx) where T : IFloatingPointIeee754<T>;

    /// <summary>Computes <c>dx = f′(x)·dy</c>; <paramref name="y"/> = f(x) may be used (arguments already validated).</summary>
    private protected abstract void BackwardCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public int OutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return inputLength;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Formats <c>name(key=value, ...)</c>, listing only the parameters that differ from their defaults.</summary>
    internal static string FormatName(string name, params ReadOnlySpan<(string Key, double Value, double Default)> parameters)
    {
        var text = new System.Text.StringBuilder(name);
        bool any = false;
        foreach (var (key, value, defaultValue) in parameters)
        {
            if (value.Equals(defaultValue))
            {
                continue;
            }

            text.Append(any ? ", " : "(").Append(key).Append('=').Append(value.ToString("R", CultureInfo.InvariantCulture));
            any = true;
        }

        return any ? text.Append(')').ToString() : name;
    }
}
