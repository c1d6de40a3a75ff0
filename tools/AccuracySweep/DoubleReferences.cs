namespace SimdActivations.AccuracySweep;

/// <summary>
/// Double-double references (f, f′) for the double sweep, written independently of the library's kernels (plain
/// textbook formulas evaluated in ~106-bit arithmetic). Activations without an entry are covered by the mpmath
/// tables only, which the sweep reports.
/// </summary>
internal static class DoubleReferences
{
    public static Func<double, (DD F, DD DF)>? For(IPointwiseActivation activation) => activation switch
    {
        SigmoidActivation => Sigmoid,
        LogSigmoidActivation => LogSigmoid,
        SiluActivation silu => x => Silu(x, silu.Beta),
        HardSigmoidActivation hard => x => HardSigmoid(x, hard.Slope, hard.Offset),
        HardSwishActivation => HardSwish,
        _ => null,
    };

    /// <summary>σ(t) and σ(−t) from e = e^−|t|, no cancellation.</summary>
    private static (DD S, DD C) Sigmoids(DD t)
    {
        DD e = DD.Exp(-DD.Abs(t));
        DD d = DD.One + e;
        return t.Hi < 0 ? (e / d, DD.One / d) : (DD.One / d, e / d);
    }

    private static (DD, DD) Sigmoid(double x)
    {
        if (double.IsNaN(x))
        {
            return (double.NaN, double.NaN);
        }

        (DD s, DD c) = Sigmoids(x);
        return (s, s * c);
    }

    private static (DD, DD) LogSigmoid(double x)
    {
        if (double.IsNaN(x))
        {
            return (double.NaN, double.NaN);
        }

        DD e = DD.Exp(-Math.Abs(x));
        DD f = -(DD.Log1p(e) - Math.Min(x, 0));
        return (f, x < 0 ? DD.One / (DD.One + e) : e / (DD.One + e));
    }

    private static (DD, DD) Silu(double x, double beta)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        // Past |βx| = 800, σ(βx) is 0 or 1 to far below a double ULP: x·σ is x or a signed zero.
        if (Math.Abs(beta * x) > 800)
        {
            bool on = beta * x > 0;
            return on ? (x, 1.0) : (x < 0 ? -0.0 : 0.0, x * beta < 0 && x < 0 ? -0.0 : 0.0);
        }

        DD t = (DD)beta * x;
        (DD s, DD c) = Sigmoids(t);
        return (s * x, s * (DD.One + t * c));
    }

    private static (DD, DD) HardSigmoid(double x, double slope, double offset)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        double width = 1.0 / slope;
        double corner = -(offset * width);
        DD y = ((DD)x - corner) / width;
        if (y.Hi <= 0)
        {
            return (0.0, 0.0);
        }

        return y.Hi >= 1 ? (1.0, 0.0) : (y, slope);
    }

    private static (DD, DD) HardSwish(double x)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        if (x >= 3)
        {
            return (x, 1.0);
        }

        if (x <= -3)
        {
            return (-0.0, 0.0);
        }

        DD xd = x;
        return (xd * (xd + 3) / 6, ((DD)(2 * x) + 3) / 6);
    }
}
