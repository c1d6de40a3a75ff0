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
        TanhActivation => Tanh,
        TanhShrinkActivation => TanhShrink,
        SoftSignActivation => SoftSign,
        HardTanhActivation hard => x => HardTanh(x, hard.MinVal, hard.MaxVal),
        SoftShrinkActivation soft => x => SoftShrink(x, soft.Lambd),
        HardShrinkActivation hard => x => HardShrink(x, hard.Lambd),
        _ => null,
    };

    /// <summary>tanh |x| = −expm1(−2|x|)/(2 + expm1(−2|x|)), odd; tanh′ = 1 − tanh² as 4e/(1 + e)², e = e^−2|x|.</summary>
    private static (DD, DD) Tanh(double x)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        if (x == 0)
        {
            return (x, 1.0);
        }

        DD m = DD.Expm1(-2 * Math.Abs(x));
        DD t = -m / (m + 2);
        DD e = m + 1;
        DD d = DD.One + e;
        return (x < 0 ? -t : t, e * 4 / (d * d));
    }

    /// <summary>x − tanh x by its series where that cancels (|x| &lt; 1/2), by subtraction above.</summary>
    private static (DD, DD) TanhShrink(double x)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        (DD t, DD dt) = Tanh(x);
        DD derivative = DD.One - dt;
        if (Math.Abs(x) >= 0.5)
        {
            return ((DD)x - t, derivative);
        }

        // x − tanh x = Σ_{n≥2} −(2^{2n}(2^{2n} − 1)B_{2n}/(2n)!) x^{2n−1}: x³/3 − 2x⁵/15 + 17x⁷/315 − …; the
        // coefficients follow from tan's series with alternating signs, generated here by the recurrence of
        // tanh' = 1 − tanh² on the Taylor coefficients.
        var coefficients = TanhSeries.Value;
        DD xd = x, x2 = xd * xd, power = xd * x2, sum = 0.0;
        for (int n = 1; n < coefficients.Length; n++)
        {
            sum -= coefficients[n] * power;
            power *= x2;
        }

        // 1 − tanh′ = tanh²: exact enough from the series as well.
        return (sum, t * t);
    }

    /// <summary>Taylor coefficients a_k of tanh x = Σ a_k x^{2k+1}, from tanh′ = 1 − tanh² (a₀ = 1).</summary>
    private static readonly Lazy<DD[]> TanhSeries = new(() =>
    {
        const int terms = 40;
        var a = new DD[terms];
        a[0] = 1.0;
        for (int k = 1; k < terms; k++)
        {
            // (2k + 1)·a_k = −Σ_{i+j=k−1} a_i a_j
            DD convolution = 0.0;
            for (int i = 0; i <= k - 1; i++)
            {
                convolution += a[i] * a[k - 1 - i];
            }

            a[k] = -convolution / (2 * k + 1);
        }

        return a;
    });

    private static (DD, DD) SoftSign(double x)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        DD d = DD.One + Math.Abs(x);
        return ((DD)x / d, DD.One / (d * d));
    }

    private static (DD, DD) HardTanh(double x, double minVal, double maxVal)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        return x <= minVal ? (minVal, 0.0) : x >= maxVal ? (maxVal, 0.0) : (x, 1.0);
    }

    private static (DD, DD) SoftShrink(double x, double lambd)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        return x > lambd ? ((DD)x - lambd, 1.0) : x < -lambd ? ((DD)x + lambd, 1.0) : (0.0, 0.0);
    }

    private static (DD, DD) HardShrink(double x, double lambd)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        return Math.Abs(x) > lambd ? (x, 1.0) : (0.0, 0.0);
    }

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
