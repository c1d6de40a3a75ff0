using System.Runtime.CompilerServices;

namespace SimdActivations.Kernels;

internal static partial class VectorMath
{
    // Past these |x| the Gaussian density times |x| is below half the smallest subnormal (float: 15·φ(15) ≈ 3e−49;
    // double: 40·φ(40) ≈ 1e−347), so callers may clamp there. The fits cover a ≤ 14.5 (float), where the results
    // already underflow, and a ≤ 40 (double).
    public const double NormalTailLimitSingle = 15.0;
    public const double NormalTailLimitDouble = 40.0;

    /// <summary>
    /// The Gaussian tail Φ(−|x|) = ½·erfc(|x|/√2), accurate in relative terms all the way down (no 1 − erf
    /// cancellation), in parts that the caller multiplies out and scales once (see <see cref="NormalTailParts{TV}"/>).
    /// For |x| up to <see cref="NormalTailLimitSingle"/> (float) or <see cref="NormalTailLimitDouble"/> (double);
    /// NaN propagates.
    /// </summary>
    /// <remarks>
    /// Φ(−a) = e^(−a²/2)·F(a) with F(a) = e^(a²/2)·Φ(−a) (Mills' ratio over √(2π)) = t·G(t), t = c/(c + a): F behaves
    /// like 1/a, G is a smooth function of t on (0, 1] (the substitution of Weideman's erfcx, SIAM J. Numer. Anal. 31,
    /// 1994). G is the relative-error minimax fit of <c>tools/minimax/remez.py normal-tail-single</c> (c = 4, 12
    /// terms, coefficients rounded one at a time with the rest refitted: 5.8e−10) or <c>normal-tail-double</c> (c = 5,
    /// in t − 5/9, 24 terms: 8.8e−17). The exponential is taken of a²/2 split exactly into a rounded part and its error
    /// (an FMA), the error folded into the fraction. Measured on the reference tables (GELU): ≤ 1.75 ULP float,
    /// ≤ 2.3 ULP double for x·Φ(x).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NormalTailParts<TV> NormalTail<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        TV one = TV.Create(1.0);
        TV a = TV.Abs(x);
        TV c = TV.Create(TV.IsDouble ? 5.0 : 4.0);
        TV d = c + a;
        TV t = c / d;
        TV g;
        if (TV.IsDouble)
        {
            TV z = t - TV.Create(0.55555555555555558);
            g = TV.Create(0.0006201383571041011);
            g = TV.MultiplyAdd(g, z, TV.Create(-0.00015610677520356157));
            g = TV.MultiplyAdd(g, z, TV.Create(-0.0015996335277726021));
            g = TV.MultiplyAdd(g, z, TV.Create(0.0006780933285952926));
            g = TV.MultiplyAdd(g, z, TV.Create(0.0025956230858148084));
            g = TV.MultiplyAdd(g, z, TV.Create(-0.0016716417930454151));
            g = TV.MultiplyAdd(g, z, TV.Create(-0.003876500928490221));
            g = TV.MultiplyAdd(g, z, TV.Create(0.003228942564691154));
            g = TV.MultiplyAdd(g, z, TV.Create(0.006368677805249728));
            g = TV.MultiplyAdd(g, z, TV.Create(-0.005355992955508229));
            g = TV.MultiplyAdd(g, z, TV.Create(-0.012361854301343287));
            g = TV.MultiplyAdd(g, z, TV.Create(0.006671200347992315));
            g = TV.MultiplyAdd(g, z, TV.Create(0.02739784335010546));
            g = TV.MultiplyAdd(g, z, TV.Create(0.002678108754198453));
            g = TV.MultiplyAdd(g, z, TV.Create(-0.058631376096119056));
            g = TV.MultiplyAdd(g, z, TV.Create(-0.06980275688180826));
            g = TV.MultiplyAdd(g, z, TV.Create(0.052093959213196574));
            g = TV.MultiplyAdd(g, z, TV.Create(0.2916245961887774));
            g = TV.MultiplyAdd(g, z, TV.Create(0.5355911352256357));
            g = TV.MultiplyAdd(g, z, TV.Create(0.6636946176364592));
            g = TV.MultiplyAdd(g, z, TV.Create(0.6335909448371181));
            g = TV.MultiplyAdd(g, z, TV.Create(0.4904296714446136));
            g = TV.MultiplyAdd(g, z, TV.Create(0.31520921722574075));
            g = TV.MultiplyAdd(g, z, TV.Create(0.1699391543435441));
        }
        else
        {
            g = TV.Create(-0.00817083288f);
            g = TV.MultiplyAdd(g, t, TV.Create(0.0413939022f));
            g = TV.MultiplyAdd(g, t, TV.Create(-0.0666381866f));
            g = TV.MultiplyAdd(g, t, TV.Create(0.0119364606f));
            g = TV.MultiplyAdd(g, t, TV.Create(0.0475273579f));
            g = TV.MultiplyAdd(g, t, TV.Create(-0.0312583596f));
            g = TV.MultiplyAdd(g, t, TV.Create(0.0788016766f));
            g = TV.MultiplyAdd(g, t, TV.Create(0.0492780842f));
            g = TV.MultiplyAdd(g, t, TV.Create(0.0846965984f));
            g = TV.MultiplyAdd(g, t, TV.Create(0.0929093882f));
            g = TV.MultiplyAdd(g, t, TV.Create(0.0997905731f));
            g = TV.MultiplyAdd(g, t, TV.Create(0.0997333378f));
        }

        // The polynomial saw t, the rounded c/(c + a), so g·t is F(a') at a' = c/t − c, not F(a): near a = 0 F's
        // sensitivity to t is 3, which would turn t's two roundings into 3 ULP. a − a' is computed closely enough
        // (d − c is exact, ρ = c − t·d is the division's remainder, a' = (d − c) + ρ/t), and F(a) ≈ F(a') + F′·(a − a')
        // with F′(a) = a·F(a) − 1/√(2π), the differential equation of Mills' ratio.
        TV remainder = TV.FusedMultiplyAdd(-t, d, c);
        TV shift = TV.MultiplyAdd(-remainder, d * TV.Create(TV.IsDouble ? 0.2 : 0.25), a - (d - c));
        TV slope = TV.MultiplyAdd(a, g * t, TV.Create(-0.3989422804014327));

        // e^(−x²/2) with x² = s + s_low exactly: e^(−s/2)·(1 − s_low/2) = (1 + q)·2ⁿ·(1 − l) ≈ (1 + (q − l·(1 + q)))·2ⁿ.
        TV square = x * x;
        TV squareLow = TV.FusedMultiplyAdd(x, x, -square);
        TV half = TV.Create(0.5);
        ExpParts<TV> parts = ExpMinusAbsParts(half * square);
        TV q = parts.Fraction;
        return new(g, t, slope * shift, TV.MultiplyAdd(-(half * squareLow), one + q, q), parts.Exponent);
    }
}

/// <summary>
/// Φ(−|x|) = (G·T + Correction)·(1 + Fraction)·2^Exponent, kept apart so that a caller multiplies in its own factor
/// with few roundings (factor·G, then one FMA with T and factor·Correction, one with Fraction) and scales once at the
/// end, which also rounds a subnormal product only once.
/// </summary>
internal readonly struct NormalTailParts<TV>(TV g, TV t, TV correction, TV fraction, TV exponent) where TV : struct, IFloatVector<TV>
{
    public TV G => g;

    public TV T => t;

    public TV Correction => correction;

    /// <summary>q, with e^(−x²/2) = (1 + q)·2ⁿ.</summary>
    public TV Fraction => fraction;

    /// <summary>n, integer-valued.</summary>
    public TV Exponent => exponent;

    /// <summary>factor·Φ(−|x|): factor·G exactly (an FMA gives its rounding error), then two FMAs and one scaling.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Times(TV factor)
    {
        TV product = factor * g;
        TV productLow = TV.FusedMultiplyAdd(factor, g, -product);
        TV m = TV.MultiplyAdd(product, t, TV.MultiplyAdd(productLow, t, factor * correction));
        return TV.ScaleB(TV.MultiplyAdd(m, fraction, m), exponent);
    }
}
