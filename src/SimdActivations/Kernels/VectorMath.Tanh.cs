using System.Runtime.CompilerServices;

namespace SimdActivations.Kernels;

internal static partial class VectorMath
{
    /// <summary>
    /// Below this |x| tanh is its odd polynomial, from it on the exponential form. At 0.55 ≈ atanh(1/2) the
    /// polynomial's correction term a³·P is a tenth of the result (its rounding errors shrink tenfold), and the
    /// exponential form's denominator d = e^{2a} + 1 is 4, where its rounding error reaches the quotient (d − 2)/d
    /// undiminished (factor 2/(d − 2) = 1) and no further.
    /// </summary>
    internal const double TanhPolynomialLimit = 0.55;

    /// <summary>tanh(a) is 1 to double precision for a ≥ 19.1 (2/(e^{2a} + 1) &lt; 2⁻⁵⁴); clamping here keeps e^{2a} finite.</summary>
    private const double TanhSaturation = 20.0;

    /// <summary>
    /// tanh(x) for every x, odd by construction: computed on |x| and given x's sign bit, so tanh(±0) = ±0,
    /// tanh(±∞) = ±1, tanh(NaN) = NaN, and tanh(x) = x for tiny and subnormal x.
    /// </summary>
    /// <remarks>
    /// Double lanes take the split of Cephes' tanhf (S. Moshier): below <see cref="TanhPolynomialLimit"/> the odd
    /// polynomial a + a³·P(a²), P the relative-error minimax fit of <c>tools/minimax/remez.py tanh-double</c> (11
    /// terms); above, (d − 2)/d with d = e^{2a} + 1, where d − 2 is exact for 2 ≤ d ≤ 2⁵⁴, so the quotient carries
    /// d's rounding, scaled by 2/(d − 2), and its own. Measured on the reference tables: ≤ 1.21 ULP. Float lanes take
    /// the addition theorem instead (<see cref="TanhSingle{TV}"/>).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        if (!TV.IsDouble)
        {
            return TanhSingle(x);
        }

        // |x| and the exponential's clamp in one vrangeps, which maps NaN to the clamp: the choice is then made on x²
        // with a comparison that NaN fails, so NaN reaches the result through the polynomial.
        TV a = TV.AbsClamped(x, TV.Create(TanhSaturation));
        TV z = x * x;
        TV d = TanhDenominatorOfClamped(a);
        TV large = (d - TV.Create(2.0)) / d;
        TV small = TanhPolynomial(a, z);
        return TV.CopySign(TV.SelectGreaterThan(z, TV.Create(TanhPolynomialLimit * TanhPolynomialLimit), large, small), x);
    }

    /// <summary>From this |x| on, tanh rounds to 1 in float (1 − tanh = 2/(e^{2a} + 1) ≤ 2⁻²⁵ at a = 13·ln2 = 9.01091).</summary>
    private const float TanhOneSingle = 9.0109f;

    /// <summary>
    /// tanh for float lanes by the addition theorem: a = |x| = k·ln2/2 + r with k = ⌊a/(ln2/2)⌋ (at most 23) and
    /// 0 ≤ r &lt; ln2/2, so that tanh(k·ln2/2) = (s − 1)/(s + 1) with s = 2ᵏ, and with t = tanh(r),
    /// tanh(a) = N/(N + M), N = (s − 1) + (s + 1)·t, M = 2·(1 − t) (N + M is the theorem's (s + 1) + (s − 1)·t).
    /// </summary>
    /// <remarks>
    /// t = r + r³·P(r²) with P from <c>tools/minimax/remez.py tanh-small-single</c> (3 terms, 4.1e−8 on [0, 0.35]);
    /// N and M are one FMA each from exact operands (s ± 1 is exact up to k = 23), and their roundings reach the
    /// quotient scaled by M/(N + M) = 1 − tanh(a), so they fade as tanh approaches 1 (a denominator formed apart from
    /// N, (s + 1) + (s − 1)·t in one FMA, rounds independently of it: 2.5 ULP near |x| = 4.5). Rounding k down rather
    /// than to nearest keeps t ≥ 0, so N does not cancel (k rounded to nearest, r of either sign: 2.68 ULP near
    /// |x| = 0.22). Where k is capped (a ≥ 7.97), r grows to 1.04 and P no longer gives tanh(r) to full precision, but
    /// there tanh(a) moves with t by (1 − T²)/(1 + T·t)² &lt; 2⁻²¹, T = tanh(k·ln2/2): P's 2% error at r = 1.04 moves
    /// the result by 0.04 ULP. From <see cref="TanhOneSingle"/> on, the division's mask selects min(a, 1) = 1 instead,
    /// which also carries NaN (and keeps out the overflowing r of a huge or infinite a). Nine multiplies or FMAs where
    /// the two pieces (polynomial below 0.35, (d − 2)/d above) took thirteen; measured over every float: ≤ 1.80 ULP
    /// (|x| = 0.5488).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TanhSingle<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        TV one = TV.Create(1.0);
        TV two = TV.Create(2.0);
        TV a = TV.Abs(x);
        TV k = TV.ClampAbove(TV.Floor(a * TV.Create(2.0 / 0.69314718055994531)), TV.Create(23.0));
        TV r = TV.MultiplyAdd(k, TV.Create(-0.34657359f), a);
        TV z = r * r;
        // tools/minimax/remez.py tanh-small-single
        TV p = TV.MultiplyAdd(TV.MultiplyAdd(TV.Create(-0.0491492376f), z, TV.Create(0.132998392f)), z, TV.Create(-0.333326638f));
        TV t = TV.MultiplyAdd(r * z, p, r);
        TV s = TV.ScaleB(one, k);
        TV numerator = TV.MultiplyAdd(s + one, t, s - one);
        TV denominator = numerator + TV.MultiplyAdd(-two, t, two);
        return TV.CopySign(TV.DivideWhereGreaterThan(TV.Create(TanhOneSingle), a, numerator, denominator, TV.ClampAbove(a, one)), x);
    }

    /// <summary>tanh(a) for a = |x| (or NaN): the two pieces of <see cref="Tanh{TV}"/> before the sign is put back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TanhOfAbs<TV>(TV a) where TV : struct, IFloatVector<TV>
    {
        TV small = TanhPolynomial(a);
        TV d = TanhDenominator(a);
        return TV.SelectLessThan(a, TV.Create(TanhPolynomialLimit), small, (d - TV.Create(2.0)) / d);
    }

    /// <summary>a + a³·P(a²) for 0 ≤ a ≤ <see cref="TanhPolynomialLimit"/> (tanh's odd polynomial; a subnormal a gives a).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TanhPolynomial<TV>(TV a) where TV : struct, IFloatVector<TV> => TanhPolynomial(a, a * a);

    /// <summary>a + a³·P(z) with z = a² given.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TanhPolynomial<TV>(TV a, TV z) where TV : struct, IFloatVector<TV>
    {
        TV p;
        if (TV.IsDouble)
        {
            // tools/minimax/remez.py tanh-double
            p = TV.Create(-1.9494686615704638e-05);
            p = TV.MultiplyAdd(p, z, TV.Create(8.33164452536991e-05));
            p = TV.MultiplyAdd(p, z, TV.Create(-0.00023338156320787807));
            p = TV.MultiplyAdd(p, z, TV.Create(0.0005884444851379483));
            p = TV.MultiplyAdd(p, z, TV.Create(-0.001455542845422299));
            p = TV.MultiplyAdd(p, z, TV.Create(0.003592092030372331));
            p = TV.MultiplyAdd(p, z, TV.Create(-0.008863232601433433));
            p = TV.MultiplyAdd(p, z, TV.Create(0.021869488385855226));
            p = TV.MultiplyAdd(p, z, TV.Create(-0.05396825396376058));
            p = TV.MultiplyAdd(p, z, TV.Create(0.13333333333326622));
            p = TV.MultiplyAdd(p, z, TV.Create(-0.333333333333333));
        }
        else
        {
            // tools/minimax/remez.py tanh-single
            p = TV.Create(0.0164378788f);
            p = TV.MultiplyAdd(p, z, TV.Create(-0.0526720099f));
            p = TV.MultiplyAdd(p, z, TV.Create(0.133207291f));
            p = TV.MultiplyAdd(p, z, TV.Create(-0.333329469f));
        }

        return TV.MultiplyAdd(a * z, p, a);
    }

    /// <summary>
    /// d = e^{2a} + 1 for a ≥ 0, rounded once: with e^{2a} = (1 + r·P)·2ⁿ, d = (2ⁿ + 1) + (2ⁿ·r)·P in one fused step
    /// (2ⁿ + 1 is exact wherever d matters, n ≤ 24). Then 1 − tanh a = 2/d and tanh a = (d − 2)/d. a is clamped to
    /// <see cref="TanhSaturation"/>; NaN stays NaN.
    /// </summary>
    /// <remarks>
    /// Double lanes take the reduction and polynomial of <see cref="Exp{TV}"/> at 2a. Float lanes, where tanh's speed
    /// matters most, reduce a itself by multiples of ln2/2, r = a − n·ln2/2 with |r| ≤ ln2/4, with one constant: its
    /// rounding error, n·9.5e−10, reaches e^{2a} as 2n·9.5e−10 relative, at most 0.13 ULP up to a = 1.25 and harmless
    /// beyond, where tanh's sensitivity to e^{2a} falls off as 2/e^{2a}. e^{2r} = 1 + r·P(r) with P from
    /// <c>tools/minimax/remez.py tanh-exp-single</c> (6 terms, 3.2e−9), which folds the doubling into the fit.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TanhDenominator<TV>(TV a) where TV : struct, IFloatVector<TV> =>
        TanhDenominatorOfClamped(TV.ClampAbove(a, TV.Create(TanhSaturation)));

    /// <summary>As <see cref="TanhDenominator{TV}"/> for 0 ≤ a ≤ <see cref="TanhSaturation"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TanhDenominatorOfClamped<TV>(TV clamped) where TV : struct, IFloatVector<TV>
    {
        TV one = TV.Create(1.0);
        if (TV.IsDouble)
        {
            TV pd = ExpReduced(clamped + clamped, out TV nd, out TV rd);
            TV scaled = TV.ScaleB(one, nd);
            return TV.MultiplyAdd(scaled * pd, rd, scaled + one);
        }

        TV p = TanhExponentialPolynomial(clamped, out TV n, out TV r);
        TV scale = TV.ScaleB(one, n);
        return TV.MultiplyAdd(scale * r, p, scale + one);
    }

    /// <summary>
    /// The float reduction of e^{2a}: n = round(a/(ln2/2)), r = a − n·ln2/2, and P with e^{2r} = 1 + r·P(r)
    /// (<c>tools/minimax/remez.py tanh-exp-single</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TanhExponentialPolynomial<TV>(TV clamped, out TV n, out TV r) where TV : struct, IFloatVector<TV>
    {
        n = TV.Round(clamped * TV.Create(2.0 / 0.69314718055994531));
        r = TV.MultiplyAdd(n, TV.Create(-0.34657359f), clamped);
        TV p = TV.Create(0.088568978f);
        p = TV.MultiplyAdd(p, r, TV.Create(0.267814159f));
        p = TV.MultiplyAdd(p, r, TV.Create(0.666689634f));
        p = TV.MultiplyAdd(p, r, TV.Create(1.33332133f));
        p = TV.MultiplyAdd(p, r, TV.Create(1.99999976f));
        return TV.MultiplyAdd(p, r, TV.Create(2.0));
    }

    /// <summary>
    /// sech²(x) = 1 − tanh²(x) = 4e/(1 + e)² with e = e^−2|x| (NaN → NaN, ±∞ → 0; −2|x| as (x + x) OR −0): no
    /// cancellation anywhere (the relative condition number in e is (1 − e)/(1 + e) &lt; 1). The denominator is formed
    /// in one fused step as 1 + 4e·(4e/16 + 1/2) (3 roundings in all, against 5 for 4e/(d·d) with d = 1 + e), from
    /// 4e = (1 + r·p)·2ⁿ⁺² itself (the scalings are exact, so the quotient is the one of (1 + r·p)/(1 + e·(2 + e))
    /// scaled last, bit for bit, one operation fewer). Where 4e is subnormal (|x| &gt; 44.4) the denominator is 1 and
    /// the result is 4e, rounded once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SechSquared<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        TV p = ExpReduced((x + x) | TV.Create(-0.0), out TV n, out TV r);
        TV fourE = TV.ScaleB(TV.MultiplyAdd(p, r, TV.Create(1.0)), n + TV.Create(2.0));
        TV denominator = TV.MultiplyAdd(fourE, TV.MultiplyAdd(fourE, TV.Create(0.0625), TV.Create(0.5)), TV.Create(1.0));
        return fourE / denominator;
    }
}
