namespace SimdActivations.AccuracySweep;

/// <summary>
/// Double-double arithmetic (an unevaluated sum hi + lo, about 106 bits), the reference for the double sweep:
/// Dekker/Knuth error-free transformations with FMA (T. J. Dekker, "A floating-point technique for extending the
/// available precision", 1971; the QD library of Hida, Li and Bailey for the exp and Newton schemes).
/// </summary>
internal readonly record struct DD(double Hi, double Lo)
{
    public static readonly DD One = new(1, 0);
    public static readonly DD Ln2 = new(0.6931471805599453, 2.3190468138462996e-17);

    public static implicit operator DD(double value) => new(value, 0);

    /// <summary>hi + lo, keeping the sign of a zero hi (−0 + 0 would be +0).</summary>
    public double Value => Lo == 0 ? Hi : Hi + Lo;

    private static DD TwoSum(double a, double b)
    {
        double s = a + b;
        double v = s - a;
        return new(s, (a - (s - v)) + (b - v));
    }

    private static DD QuickTwoSum(double a, double b)
    {
        double s = a + b;
        return new(s, b - (s - a));
    }

    public static DD operator +(DD a, DD b)
    {
        DD s = TwoSum(a.Hi, b.Hi);
        DD t = TwoSum(a.Lo, b.Lo);
        s = QuickTwoSum(s.Hi, s.Lo + t.Hi);
        return QuickTwoSum(s.Hi, s.Lo + t.Lo);
    }

    public static DD operator -(DD a) => new(-a.Hi, -a.Lo);

    public static DD operator -(DD a, DD b) => a + -b;

    public static DD operator *(DD a, DD b)
    {
        double p = a.Hi * b.Hi;
        double e = Math.FusedMultiplyAdd(a.Hi, b.Hi, -p);
        return QuickTwoSum(p, e + (a.Hi * b.Lo + a.Lo * b.Hi));
    }

    public static DD operator /(DD a, DD b)
    {
        // Long division in two steps, each quotient digit corrected with the exact remainder.
        double q1 = a.Hi / b.Hi;
        DD r = a - b * q1;
        double q2 = r.Hi / b.Hi;
        r -= b * q2;
        double q3 = r.Hi / b.Hi;
        return QuickTwoSum(q1, q2) + q3;
    }

    // 1/n as double-double, so the series multiplies instead of dividing.
    private static readonly DD[] InverseFactorialRatio = Enumerable.Range(0, 12).Select(n => n == 0 ? One : One / n).ToArray();

    public static DD Exp(DD x)
    {
        if (x.Hi > 709.8)
        {
            return double.PositiveInfinity;
        }

        if (x.Hi < -745.2)
        {
            return 0;
        }

        // x = k·ln2 + r; e^r = (e^(r/256))^256 with a Taylor series for the small argument.
        double k = Math.Round(x.Hi / Ln2.Hi);
        DD r = (x - Ln2 * k) * (1.0 / 256);
        DD term = r;
        DD sum = One + r;
        for (int n = 2; n <= 11; n++)
        {
            term = term * r * InverseFactorialRatio[n];
            sum += term;
        }

        for (int i = 0; i < 8; i++)
        {
            sum *= sum;
        }

        return ScaleB(sum, (int)k);
    }

    /// <summary>e^x − 1 without cancellation: the series below |x| = 1/2, Exp − 1 above.</summary>
    public static DD Expm1(DD x)
    {
        if (Math.Abs(x.Hi) >= 0.5)
        {
            return Exp(x) - One;
        }

        DD term = x;
        DD sum = x;
        for (int n = 2; n <= 30; n++)
        {
            term = term * x / n;
            sum += term;
            if (Math.Abs(term.Hi) < 1e-34 * Math.Abs(sum.Hi))
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>log(1 + x) for x &gt; −1 by Newton's method on Expm1 from the double estimate.</summary>
    public static DD Log1p(DD x)
    {
        // A double estimate good to a few ULP (log of the rounded 1 + x, corrected by the rounding), then Newton.
        double u = 1 + x.Hi;
        DD y = u == 1 ? x.Hi : Math.Log(u) * (x.Hi / (u - 1));
        for (int i = 0; i < 3; i++)
        {
            DD e = Expm1(y);
            y += (x - e) / (One + e);
        }

        return y;
    }

    public static DD ScaleB(DD x, int n) => new(Math.ScaleB(x.Hi, n), Math.ScaleB(x.Lo, n));

    public static DD Abs(DD x) => x.Hi < 0 ? -x : x;
}
