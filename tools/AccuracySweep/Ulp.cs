namespace SimdActivations.AccuracySweep;

/// <summary>
/// Float ULP error against a double reference, by SLEEF's rules (DESIGN §6): both NaN → 0, one NaN → ∞; a reference
/// that is exactly zero or infinite, or overflows float, must be matched exactly with its sign; a zero result must
/// carry the reference's sign; otherwise |result − reference| over the reference's float ULP, where references
/// below the smallest normal use the smallest normal's ULP (2⁻¹⁴⁹).
/// </summary>
internal static class Ulp
{
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
            return result.Equals((double)rounded) ? 0 : double.PositiveInfinity;
        }

        if (result == 0 && double.IsNegative(result) != double.IsNegative(reference))
        {
            return double.PositiveInfinity;
        }

        if (double.IsInfinity(result))
        {
            return double.PositiveInfinity;
        }

        int exponent = Math.Max(Math.ILogB(reference), -126);
        return Math.Abs(result - reference) * Math.ScaleB(1.0, 23 - exponent);
    }
}
