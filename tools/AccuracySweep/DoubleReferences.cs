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
        ReluActivation => x => Piecewise(x, x > 0 ? (x, 1.0) : (0.0, 0.0)),
        Relu6Activation => x => Piecewise(x, x <= 0 ? (0.0, 0.0) : x >= 6 ? (6.0, 0.0) : (x, 1.0)),
        LeakyReluActivation leaky => x => Piecewise(x, x > 0 ? (x, 1.0) : ((DD)x * leaky.NegativeSlope, leaky.NegativeSlope)),
        ThresholdActivation threshold => x => Piecewise(x, x > threshold.Threshold ? (x, 1.0) : (threshold.Value, 0.0)),
        EluActivation elu => x => Elu(x, elu.Alpha, 1.0),
        CeluActivation celu => x => Elu(x, celu.Alpha, celu.Alpha),
        SeluActivation => Selu,
        SoftplusActivation softplus => x => Softplus(x, softplus.Beta, softplus.Threshold),
        MishActivation => Mish,
        GeluActivation { Approximate: GeluApproximation.None } => Gelu,
        GeluActivation => GeluTanh,
        _ => null,
    };

    private static (DD, DD) Piecewise(double x, (DD F, DD DF) value) => double.IsFinite(x) ? value : (double.NaN, double.NaN);

    /// <summary>ELU (scale 1) and CELU (scale α): x for x &gt; 0, else α·expm1(x/scale); f′ = e^(x/scale)·α/scale.</summary>
    private static (DD, DD) Elu(double x, double alpha, double scale)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        if (x > 0)
        {
            return (x, 1.0);
        }

        DD t = (DD)x / scale;
        return (DD.Expm1(t) * alpha, DD.Exp(t) * alpha / scale);
    }

    /// <summary>SELU with PyTorch's constants, carried to double-double (Klambauer et al., 2017).</summary>
    private static (DD, DD) Selu(double x)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        DD lambda = new(1.0507009873554805, 3.9874847667154144e-17);
        DD alpha = new(1.6732632423543772, 1.0657222547717531e-16);
        if (double.IsInfinity(lambda.Hi * x))
        {
            // λ·x overflows (the double-double product would turn ∞ − ∞ into NaN).
            return (double.PositiveInfinity, lambda);
        }

        return x > 0 ? (lambda * x, lambda) : (lambda * alpha * DD.Expm1(x), lambda * alpha * DD.Exp(x));
    }

    /// <summary>log(1 + e^βx)/β, linear above the threshold (PyTorch's switch); f′ = σ(βx) below it.</summary>
    private static (DD, DD) Softplus(double x, double beta, double threshold)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        if (beta * x > threshold)
        {
            // Also where β·x overflows, which the double-double product would turn into NaN.
            return (x, 1.0);
        }

        DD t = (DD)beta * x;

        if (t.Hi < -600)
        {
            // log1p(e^t) = σ(t) = e^t to far below a double-double ULP; scaled out of the subnormals (β ≠ 1 divides
            // a subnormal e^t, which the unscaled reference would round to few bits or to 0).
            DD scaled = DD.Exp(t + DD.Ln2 * TailScale);
            return (ScaleBack(scaled / beta, TailScale), ScaleBack(scaled, TailScale));
        }

        DD e = DD.Exp(-DD.Abs(t));
        DD softplus = (DD.Log1p(e) + (t.Hi > 0 ? t : 0.0)) / beta;
        return (softplus, t.Hi < 0 ? e / (DD.One + e) : DD.One / (DD.One + e));
    }

    /// <summary>x·tanh(softplus x); f′ = tanh(sp) + x·sech²(sp)·σ(x).</summary>
    private static (DD, DD) Mish(double x)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        // With u = e^x: tanh(log(1 + u)) = ((1 + u)² − 1)/((1 + u)² + 1) = u(u + 2)/(u(u + 2) + 2).
        if (x > 40)
        {
            return (x, 1.0);
        }

        DD u = DD.Exp(x);
        DD n = u * (u + 2);
        DD tanh = n / (n + 2);
        DD sech2 = DD.One - tanh * tanh;
        if (x < -20)
        {
            // 1 − tanh² cancels nowhere here but tanh itself is tiny: sech² = 4(n + 1)/(n + 2)².
            DD d = n + 2;
            sech2 = (n + 1) * 4 / (d * d);
        }

        DD sigma = u / (DD.One + u);
        return (tanh * x, tanh + sech2 * sigma * x);
    }

    /// <summary>x·Φ(x) = ½x·erfc(−x/√2); f′ = Φ(x) + x·φ(x).</summary>
    private static (DD, DD) Gelu(double x)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        if (Math.Abs(x) > 40)
        {
            // Φ(x) is 1 or 0 to far beyond double precision (φ(40) ≈ 1e−348); x² would overflow further out.
            return x > 0 ? (x, 1.0) : (-0.0, -0.0);
        }

        // Below x = −30 both results head into the subnormals, where e^(−x²/2) itself would keep few bits: compute
        // them scaled by 2^Scale and scale back once at the end.
        int scale = x < -30 ? TailScale : 0;
        DD z = (DD)(-x) * InverseSqrt2;
        DD phi = DD.Exp(-((DD)x * x) * 0.5 + DD.Ln2 * scale) * InverseSqrt2Pi;
        DD cdf = Erfc(z, scale) * 0.5;
        return (ScaleBack(cdf * x, scale), ScaleBack(cdf + phi * x, scale));
    }

    private const int TailScale = 600;

    /// <summary>½x(1 + tanh u), u = √(2/π)(x + 0.044715x³), as x·σ(2u) (no cancellation).</summary>
    private static (DD, DD) GeluTanh(double x)
    {
        if (!double.IsFinite(x))
        {
            return (double.NaN, double.NaN);
        }

        if (Math.Abs(x) > 40)
        {
            // σ(2u) is 1 or below e^−4500 here; x³ would overflow further out.
            return x > 0 ? (x, 1.0) : (-0.0, -0.0);
        }

        DD xd = x;
        DD u = Sqrt2OverPi * (xd + xd * xd * xd * GeluCubic);
        DD du = Sqrt2OverPi * (DD.One + xd * xd * GeluCubic * 3);
        (DD s, DD c, int scale) = TailSigmoids(u * 2);
        return (ScaleBack(s * x, scale), ScaleBack(s + xd * s * c * du * 2, scale));
    }

    /// <summary>erfc by its Maclaurin series for |z| ≤ 3 and Lentz's continued fraction beyond (A&amp;S 7.1.5, 7.1.14);
    /// times 2^<paramref name="scale"/>, which only the continued fraction (z &gt; 3) takes.</summary>
    private static DD Erfc(DD z, int scale = 0)
    {
        if (z.Hi < -6)
        {
            return 2.0;
        }

        if (Math.Abs(z.Hi) <= 3)
        {
            // erf z = (2/√π) Σ (−1)ⁿ z^(2n+1)/(n!(2n+1))
            DD z2 = z * z, term = z, sum = z;
            for (int n = 1; n < 200; n++)
            {
                term = -term * z2 / n;
                DD contribution = term / (2 * n + 1);
                sum += contribution;
                if (Math.Abs(contribution.Hi) < 1e-34 * Math.Abs(sum.Hi))
                {
                    break;
                }
            }

            return DD.One - sum * TwoOverSqrtPi;
        }

        if (z.Hi < 0)
        {
            return (DD)2.0 - Erfc(-z);
        }

        // erfc z = e^(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + …))))), evaluated backwards.
        DD fraction = z;
        for (int k = 400; k >= 1; k--)
        {
            fraction = z + (DD)(k * 0.5) / fraction;
        }

        return DD.Exp(-(z * z) + DD.Ln2 * scale) / fraction * InverseSqrtPi;
    }

    private static readonly DD InverseSqrt2 = new(0.7071067811865476, -4.833646656726457e-17);
    private static readonly DD InverseSqrtPi = new(0.5641895835477563, 7.66772980658294e-18);
    private static readonly DD TwoOverSqrtPi = new(1.1283791670955126, 1.533545961316588e-17);
    private static readonly DD InverseSqrt2Pi = new(0.3989422804014327, -2.49232720227773e-17);
    // The decimal 0.044715 as double-double: the double alone is 2.2e−18 off, which moves e^(2u) by ~240 ULP near
    // x = −21, where 2u ≈ −708.
    private static readonly DD GeluCubic = new(0.044715, 2.1960211427085595e-18);
    private static readonly DD Sqrt2OverPi = new(0.7978845608028654, -4.98465440455546e-17);

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
        if (Math.Abs(x) > 350)
        {
            // sech² = 4e^−2|x| to far below a double-double ULP, heading into (and through) the subnormals: scaled.
            return (x < 0 ? -t : t, ScaleBack(DD.Exp(-2 * Math.Min(Math.Abs(x), 1000) + DD.Ln2 * TailScale) * 4, TailScale));
        }

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
        DD r = DD.One / d;
        return ((DD)x / d, r * r); // (1/d)², not 1/d²: d² overflows from |x| = 1.3e154, where 1/d² is still normal
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

    /// <summary>
    /// <see cref="Sigmoids"/> for results proportional to σ(t): below t = −600, σ(t) = e^t to far below a double-double
    /// ULP and e^t heads into the subnormals, where it would keep few bits, so σ comes back scaled by 2^Scale ≈ 2^−100/e^t
    /// (σ(−t) = 1) and the caller scales its results back once.
    /// </summary>
    private static (DD S, DD C, int Scale) TailSigmoids(DD t)
    {
        if (t.Hi >= -600)
        {
            (DD s, DD c) = Sigmoids(t);
            return (s, c, 0);
        }

        // Scaled to about 2^−100, so the result stays normal however far out t is.
        int scale = (int)(-t.Hi / DD.Ln2.Hi) - 100;
        return (DD.Exp(t + DD.Ln2 * scale), DD.One, scale);
    }

    /// <summary>v·2^−scale, a result that underflows to zero keeping v's sign (double-double addition would give +0).</summary>
    private static DD ScaleBack(DD v, int scale)
    {
        DD result = DD.ScaleB(v, -scale);
        return result.Hi == 0 ? Math.CopySign(0.0, v.Hi) : result;
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
        (DD s, DD c, int scale) = TailSigmoids(t);
        return (ScaleBack(s * x, scale), ScaleBack(s * (DD.One + t * c), scale));
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
