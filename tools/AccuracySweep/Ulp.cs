namespace SimdActivations.AccuracySweep;

/// <summary>
/// Float ULP error against a double reference, by SLEEF's rules (DESIGN §6): both NaN → 0, one NaN → ∞; a reference
/// that is exactly zero or infinite, or overflows float, must be matched exactly with its sign; a zero result must
/// carry the reference's sign; otherwise |result − reference| over the reference's float ULP, where references
/// below the smallest normal use the smallest normal's ULP (2⁻¹⁴⁹).
/// </summary>
internal static class Ulp
{
    /// <summary>Equal including the sign of zero (double.Equals treats −0 and +0 as equal).</summary>
    private static bool SameValue(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    public static double Single(double result, double reference)
    {
        if (double.IsNaN(reference))
        {
            return double.IsNaN(result) ? 0 : double.PositiveInfinity;
        }

        if (double.IsNaN(result))
        {
            return double.PositiveInfinity;
        }

        float rounded = (float)reference;
        if (reference == 0 || float.IsInfinity(rounded))
        {
            // A float result is its own float rounding; a double one (the double path checked against the tables)
            // must round to the same float: SELU's λ·3.2386e38 is finite in double and +∞ in float.
            return SameValue(float.IsInfinity(rounded) ? (float)result : result, rounded) ? 0 : double.PositiveInfinity;
        }

        if (result == 0 && double.IsNegative(result) != double.IsNegative(reference))
        {
            return double.PositiveInfinity;
        }

        if (double.IsInfinity(result))
        {
            return double.PositiveInfinity;
        }

        // The reference's binary exponent from its bits (a float-range double is normal), then 2^(23 − e) built
        // directly as a double: the sweep calls this 2·2³² times per activation.
        long exponent = Math.Max(((BitConverter.DoubleToInt64Bits(reference) >> 52) & 0x7FF) - 1023, -126);
        return Math.Abs(result - reference) * BitConverter.Int64BitsToDouble((1023 + 23 - exponent) << 52);
    }

    /// <summary>Double ULP error against a double-double reference, by the same rules.</summary>
    public static double Double(double result, DD reference)
    {
        double value = reference.Value;
        if (double.IsNaN(value))
        {
            return double.IsNaN(result) ? 0 : double.PositiveInfinity;
        }

        if (double.IsNaN(result))
        {
            return double.PositiveInfinity;
        }

        if (value == 0 || double.IsInfinity(value))
        {
            return SameValue(result, value) ? 0 : double.PositiveInfinity;
        }

        if (double.IsInfinity(result))
        {
            return double.PositiveInfinity;
        }

        // Divide by the ULP (2^(e − 52) ≥ 2^−1074 is representable; its inverse 2^1074 is not).
        int exponent = Math.Max(Math.ILogB(value), -1022);
        return Math.Abs((result - reference.Hi) - reference.Lo) / Math.ScaleB(1.0, exponent - 52);
    }
}
