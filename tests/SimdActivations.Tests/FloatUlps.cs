namespace SimdActivations.Tests;

/// <summary>Errors of float results in ULPs of a double reference, for the tests that sweep runs of consecutive floats.</summary>
internal static class FloatUlps
{
    /// <summary>
    /// The largest error of <paramref name="computed"/> in float ULPs of <paramref name="reference"/>(x) (the smallest
    /// normal's ULP below it), and in <paramref name="at"/> the input where it occurs.
    /// </summary>
    public static double Worst(float[] input, float[] computed, Func<double, double> reference, out float at)
    {
        double worst = 0;
        at = 0;
        for (int i = 0; i < input.Length; i++)
        {
            double ulps = Error(computed[i], reference(input[i]));
            if (ulps > worst)
            {
                (worst, at) = (ulps, input[i]);
            }
        }

        return worst;
    }

    /// <summary>The largest error of <paramref name="computed"/> in float ULPs of the references, element by element.</summary>
    public static double Worst(float[] computed, IEnumerable<double> reference)
    {
        double worst = 0;
        int i = 0;
        foreach (double r in reference)
        {
            worst = Math.Max(worst, Error(computed[i++], r));
        }

        return worst;
    }

    private static double Error(float computed, double reference) =>
        Math.Abs(computed - reference) / Math.ScaleB(1.0, Math.Max(Math.ILogB(reference), -126) - 23);
}
