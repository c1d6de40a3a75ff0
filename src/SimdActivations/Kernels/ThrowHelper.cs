using System.Diagnostics.CodeAnalysis;

namespace SimdActivations.Kernels;

/// <summary>Argument validation shared by every public entry point; throws live here so callers stay small.</summary>
internal static class ThrowHelper
{
    /// <summary>Rejects a destination shorter than the input or overlapping it other than exactly.</summary>
    public static void ValidateDestination<T>(ReadOnlySpan<T> input, Span<T> destination, string destinationName)
    {
        if (destination.Length < input.Length)
        {
            ThrowDestinationTooShort(destinationName);
        }

        if (input.Overlaps(destination, out int offset) && offset != 0)
        {
            ThrowOverlap(destinationName);
        }
    }

    /// <summary>Rejects an input whose length differs from the first input's.</summary>
    public static void ValidateSameLength<TA, TB>(ReadOnlySpan<TA> first, ReadOnlySpan<TB> other, string otherName)
    {
        if (first.Length != other.Length)
        {
            ThrowLengthMismatch(otherName);
        }
    }

    [DoesNotReturn]
    public static void ThrowDestinationTooShort(string name) =>
        throw new ArgumentException("Destination is too short: it must be at least as long as the input.", name);

    [DoesNotReturn]
    public static void ThrowOverlap(string name) =>
        throw new ArgumentException("The destination overlaps an input without being exactly the same memory; use separate buffers or exact in-place.", name);

    [DoesNotReturn]
    public static void ThrowLengthMismatch(string name) =>
        throw new ArgumentException("The input spans must have the same length.", name);

    [DoesNotReturn]
    public static void ThrowColumnMismatch(string name) =>
        throw new ArgumentException("The per-channel operand must be non-empty and its length must divide the input length (channels in the last axis).", name);

    [DoesNotReturn]
    public static void ThrowParameterOutOfRange(string name, double value, string requirement) =>
        throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be {requirement}.");
}
