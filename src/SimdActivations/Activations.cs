namespace SimdActivations;

/// <summary>
/// Static span helpers for every activation: <c>X(x, destination)</c>, <c>X(values)</c> in place,
/// <c>XDerivative(x, destination)</c> (f′(x) elementwise) and <c>XBackward(x, dy, dx)</c> (dx = f′(x)·dy in one
/// pass), generic over <see cref="float"/>, <see cref="double"/>, <see cref="Half"/> and any other IEEE 754 type.
/// </summary>
/// <remarks>
/// Every method validates its arguments the same way: a destination shorter than the input throws
/// <see cref="ArgumentException"/>; a destination that overlaps an input other than exactly (same start) throws
/// <see cref="ArgumentException"/>; inputs of different lengths throw <see cref="ArgumentException"/>; invalid
/// parameters throw <see cref="ArgumentOutOfRangeException"/>; empty spans do nothing. No input value throws:
/// NaN gives NaN, and ±∞ gives the limit of the function.
/// </remarks>
public static partial class Activations
{
}
