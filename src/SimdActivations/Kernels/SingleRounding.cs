namespace SimdActivations.Kernels;

/// <summary>
/// Directed roundings of a double parameter to float, for comparison thresholds: a float x satisfies x &gt; v exactly
/// when x &gt; <see cref="Down"/>(v), and x &lt; v exactly when x &lt; <see cref="Up"/>(v). (Rounding v to nearest would
/// misjudge the float nearest v whenever it lies on the wrong side of v.)
/// </summary>
internal static class SingleRounding
{
    /// <summary>The largest float ≤ <paramref name="value"/> (−∞ below float's range; NaN stays NaN).</summary>
    public static float Down(double value)
    {
        float rounded = (float)value;
        return rounded > value ? MathF.BitDecrement(rounded) : rounded;
    }

    /// <summary>The smallest float ≥ <paramref name="value"/> (+∞ above float's range; NaN stays NaN).</summary>
    public static float Up(double value)
    {
        float rounded = (float)value;
        return rounded < value ? MathF.BitIncrement(rounded) : rounded;
    }
}
