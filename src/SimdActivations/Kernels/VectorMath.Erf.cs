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
    /// 1994). G is the relative-error minimax fit of <c>tools/minimax/remez.py normal-tail-single</c> (c = 4, in
    /// z = t − 7/16, 12 terms, c₀ and c₁ as float pairs: 2.2e−9; float lanes get G − ¼, see
    /// <see cref="TailPolynomialSingle{TV}"/>) or <c>normal-tail-double</c> (c = 5, in t − 5/9, 24 terms: 8.8e−17). The
    /// exponential's reduced argument comes from the exact square in one FMA (<see cref="HalfSquareExpFraction{TV}"/>).
    /// Measured over every float (tools/AccuracySweep, GELU): 1.80 ULP for x·Φ(x) (2.81 when G was evaluated in t and
    /// rounded before the product); double 3.0 on 3·10⁶ random inputs.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NormalTailParts<TV> NormalTail<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        TV a = TV.Abs(x);
        TV t = TailVariable(a, TV.Create(TV.IsDouble ? 5.0 : 4.0), out _, out _, out TV shift);
        // The polynomial saw t, the rounded c/(c + a), so g·t is F(a') at a' = c/t − c, not F(a): near a = 0 F's
        // sensitivity to t is 3, which would turn t's two roundings into 3 ULP. F(a) ≈ F(a') + F′·(a − a') with
        // F′(a) = a·F(a) − 1/√(2π), the differential equation of Mills' ratio.
        TV w, slope, correction;
        if (TV.IsDouble)
        {
            w = TailPolynomialDouble(t);
            slope = TV.MultiplyAdd(a, w * t, TV.Create(-InverseSqrtTwoPi));
            correction = slope * shift;
        }
        else
        {
            // G = ¼ + w; the parts of c₀ and c₁ that their floats miss join the correction term.
            w = TailPolynomialSingle(t, out TV residual);
            TV quarter = TV.Create(0.25);
            slope = TV.MultiplyAdd(a, TV.MultiplyAdd(w, t, quarter * t), TV.Create(-InverseSqrtTwoPi));
            correction = TV.MultiplyAdd(residual, t, slope * shift);
        }

        TV fraction = HalfSquareExpFraction(x, out TV exponent);
        return new(w, t, correction, fraction, exponent);
    }

    /// <summary>
    /// x·Φ(−|x|) for float lanes with |x| ≤ <see cref="NormalTailLimitSingle"/> (where
    /// <see cref="NormalTailTable.IsAccelerated"/>), from the piecewise F(a) = e^(a²/2)·Φ(−a) of
    /// <see cref="NormalTailTable"/>: no division and no correction for a rounded variable, which
    /// <see cref="NormalTail{TV}"/> needs for t = c/(c + a). NaN propagates.
    /// </summary>
    /// <remarks>
    /// The interval is a's exponent and two leading mantissa bits (a below 1/16 counts as 1/16), looked up in one
    /// permute per coefficient; z = a − m with m the interval's midpoint, formed from the same bits, is exact
    /// (Sterbenz: a and m lie within a factor 5/4). F = c₀ + z·p(z) with c₀ a float pair and p the degree-5 rest by
    /// Horner's rule; x·c₀ is split exactly by an FMA, so x·F = P + L with P = x·c₀ rounded and L the small terms,
    /// and with e^(−x²/2) = (1 + q)·2ⁿ from <see cref="HalfSquareExpFraction{TV}"/>, x·Φ(−|x|) = (P + (P·q +
    /// L·(1 + q)))·2ⁿ, rounded once at the result's size before the exact scaling (once for subnormal results too).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TimesNormalTailTabulated<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        TV index = TableInterval(x, out _, out TV z);
        TV p = TV.Lookup<Table32<NormalTailTable.F6>>(index);
        p = TV.MultiplyAdd(p, z, TV.Lookup<Table32<NormalTailTable.F5>>(index));
        p = TV.MultiplyAdd(p, z, TV.Lookup<Table32<NormalTailTable.F4>>(index));
        p = TV.MultiplyAdd(p, z, TV.Lookup<Table32<NormalTailTable.F3>>(index));
        p = TV.MultiplyAdd(p, z, TV.Lookup<Table32<NormalTailTable.F2>>(index));
        p = TV.MultiplyAdd(p, z, TV.Lookup<Table32<NormalTailTable.F1>>(index));
        TV c0 = TV.Lookup<Table32<NormalTailTable.F0High>>(index);
        TV c0Low = TV.Lookup<Table32<NormalTailTable.F0Low>>(index);
        TV fraction = HalfSquareExpFraction(x, out TV exponent);
        TV product = x * c0;
        TV low = TV.MultiplyAdd(x * z, p, TV.MultiplyAdd(x, c0Low, TV.FusedMultiplySubtract(x, c0, product)));
        return ScaledOnce(product, low, fraction, exponent);
    }

    /// <summary>(P + L)·(1 + q)·2ⁿ = (P + (P·q + L·(1 + q)))·2ⁿ for a product P and its small terms L, rounded once at
    /// the result's size before the exact scaling (once for subnormal results too).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ScaledOnce<TV>(TV product, TV low, TV fraction, TV exponent) where TV : struct, IFloatVector<TV> =>
        TV.ScaleB(product + TV.MultiplyAdd(product, fraction, TV.MultiplyAdd(low, fraction, low)), exponent);

    /// <summary>
    /// e^(−x²/2)·H(a), H = F(a) − a/√(2π) (<see cref="NormalTailDifference{TV}"/>), for float lanes with a = |x| ≤
    /// <see cref="NormalTailLimitSingle"/> (where <see cref="NormalTailTable.IsAccelerated"/>): H = (a₀ − a)·M(a) with
    /// M from the tables (<c>remez.py normal-tail-difference-table-single</c>, 1.7e−10, c₀ a float pair) and a₀ − a
    /// formed exactly, multiplied out as in <see cref="TimesNormalTailTabulated{TV}"/> and rounded once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ScaledNormalTailDifferenceTabulated<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        TV index = TableInterval(x, out TV a, out TV z);
        TV p = TV.Lookup<Table32<NormalTailTable.M6>>(index);
        p = TV.MultiplyAdd(p, z, TV.Lookup<Table32<NormalTailTable.M5>>(index));
        p = TV.MultiplyAdd(p, z, TV.Lookup<Table32<NormalTailTable.M4>>(index));
        p = TV.MultiplyAdd(p, z, TV.Lookup<Table32<NormalTailTable.M3>>(index));
        p = TV.MultiplyAdd(p, z, TV.Lookup<Table32<NormalTailTable.M2>>(index));
        p = TV.MultiplyAdd(p, z, TV.Lookup<Table32<NormalTailTable.M1>>(index));
        TV c0 = TV.Lookup<Table32<NormalTailTable.M0High>>(index);
        TV c0Low = TV.Lookup<Table32<NormalTailTable.M0Low>>(index);
        TV fraction = HalfSquareExpFraction(x, out TV exponent);
        // (f + f_low)·(c₀ + c₀_low + z·p) with f + f_low = a₀ − a (f_low is a₀ − ¾ plus a rounding error, not
        // small beside f near the root): f·c₀ split exactly, f_low·c₀ added to its error, and the small terms
        // multiplied by f + f_low rounded.
        TV factor = RootDistance(a, out TV factorLow);
        TV product = factor * c0;
        TV error = TV.MultiplyAdd(factorLow, c0, TV.FusedMultiplySubtract(factor, c0, product));
        TV distance = factor + factorLow;
        TV low = TV.MultiplyAdd(distance * z, p, TV.MultiplyAdd(distance, c0Low, error));
        return ScaledOnce(product, low, fraction, exponent);
    }

    /// <summary>
    /// The interval of <see cref="NormalTailTable"/> for a = |x| (its index in the low bits of each lane) and z = a − m,
    /// m the interval's midpoint: a's exponent and two leading mantissa bits (a below 1/16 counts as 1/16), and m from
    /// the same bits with the rest replaced by 1 then 0s, so z is exact (Sterbenz: a and m lie within a factor 5/4).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TableInterval<TV>(TV x, out TV a, out TV z) where TV : struct, IFloatVector<TV>
    {
        a = TV.Abs(x);
        TV index = TV.ShiftRightBits(TV.ClampBelow(a, TV.Create(0.0625)), 21);
        z = a - (TV.ShiftLeftBits(index, 21) | TV.Create(MidpointBit));
        return index;
    }

    /// <summary>
    /// a₀ − a = factor + <paramref name="low"/>, a₀ = 0.7518 the root of H: ¾ − a is exact for a ≥ 3/8 (¾ has two
    /// significant bits), below that its rounding error is recovered exactly (Dekker's Fast2Sum: ¾ − f is exact for
    /// f ≥ 3/8, and so is its difference from a); a₀ − ¾ in float is off by 7e−12 (in double by 5e−21), so the
    /// factor is good to 3e−11 (3e−20) of itself at the edges of the derivative's zero zone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV RootDistance<TV>(TV a, out TV low) where TV : struct, IFloatVector<TV>
    {
        TV threeQuarters = TV.Create(0.75);
        TV factor = threeQuarters - a;
        low = ((threeQuarters - factor) - a) + TV.Create(0.0017915246935644575, 0.0017915247f);
        return factor;
    }

    /// <summary>2⁻¹²⁹, bit 20 of a float: OR-ed into a's bits cleared below bit 21, it gives the midpoint of a's
    /// quarter binade.</summary>
    private static readonly double MidpointBit = Math.ScaleB(1.0, -129);

    /// <summary>
    /// H(a) = F(a) − a/√(2π) for a = |x| up to <see cref="NormalTailLimitSingle"/> (float) or
    /// <see cref="NormalTailLimitDouble"/> (double), F(a) = e^(a²/2)·Φ(−a) as in <see cref="NormalTail{TV}"/>, with
    /// e^(−x²/2) = (1 + <paramref name="fraction"/>)·2^<paramref name="exponent"/>: GELU's derivative is
    /// e^(−x²/2)·H(|x|) below 0 and 1 minus that above. H changes sign at a₀ = 0.7518 (the derivative's zero), where
    /// F − a/√(2π) formed from F cancels: 2.4-fold at the edge of the zone the sweep excludes, 5.6 ULP in float and in
    /// double (on 10⁸ random doubles). Both keep H's relative accuracy through the root.
    /// </summary>
    /// <remarks>
    /// Float: H = (a₀ − a)·M(t), t = c/(c + a), c = 4, with M the relative-error minimax fit of
    /// <c>tools/minimax/remez.py normal-tail-difference-single</c> (10 terms, 1.1e−9 with its rounded coefficients):
    /// M is smooth and positive (it is t₀·K(t)/(c·(t − t₀)) for the smooth K(t) = t·H(a), t₀ = c/(c + a₀)), and a₀ − a
    /// is formed exactly. t is rounded, so M is taken at a′ = c/t − c: with a − a′ from <see cref="TailVariable"/>,
    /// H(a) ≈ (a₀ − a)·M + (a − a′)·(M + H′), where H′(a) = a·H + (a² − 2)/√(2π) follows from the differential equation
    /// of Mills' ratio. Same operation count as F's path; 2.65 ULP over every float for GELU′ (5.62 before). Double:
    /// the same with c = 5 and M from <c>normal-tail-difference-double</c> (in z = t − 5/9, 22 terms, 3.9e−17 with its
    /// rounded coefficients): 2.73 ULP on 10⁷ random doubles, where F − a/√(2π) from F's fit measured 5.60 on 10⁸.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV NormalTailDifference<TV>(TV x, out TV fraction, out TV exponent) where TV : struct, IFloatVector<TV>
    {
        TV a = TV.Abs(x);
        TV t = TailVariable(a, TV.Create(TV.IsDouble ? 5.0 : 4.0), out _, out _, out TV shift);
        fraction = HalfSquareExp(x, out TV square, out exponent);
        TV m;
        if (TV.IsDouble)
        {
            // tools/minimax/remez.py normal-tail-difference-double, in z = t − 5/9
            TV z = t - TV.Create(0.55555555555555558);
            m = TV.Create(-0.00011943936882603314);
            m = TV.MultiplyAdd(m, z, TV.Create(0.00022890991005120043));
            m = TV.MultiplyAdd(m, z, TV.Create(0.000294661205300253));
            m = TV.MultiplyAdd(m, z, TV.Create(-0.0006663569615656088));
            m = TV.MultiplyAdd(m, z, TV.Create(-0.00048471506667098946));
            m = TV.MultiplyAdd(m, z, TV.Create(0.0013454895984082963));
            m = TV.MultiplyAdd(m, z, TV.Create(0.0008954221720710228));
            m = TV.MultiplyAdd(m, z, TV.Create(-0.0025570027444127004));
            m = TV.MultiplyAdd(m, z, TV.Create(-0.0023180956109850417));
            m = TV.MultiplyAdd(m, z, TV.Create(0.004661006896163693));
            m = TV.MultiplyAdd(m, z, TV.Create(0.007578589937587652));
            m = TV.MultiplyAdd(m, z, TV.Create(-0.005828334705301668));
            m = TV.MultiplyAdd(m, z, TV.Create(-0.025146904713110613));
            m = TV.MultiplyAdd(m, z, TV.Create(-0.015462986873186743));
            m = TV.MultiplyAdd(m, z, TV.Create(0.052167888952305876));
            m = TV.MultiplyAdd(m, z, TV.Create(0.16861475982495472));
            m = TV.MultiplyAdd(m, z, TV.Create(0.28740244822986016));
            m = TV.MultiplyAdd(m, z, TV.Create(0.3572748323464634));
            m = TV.MultiplyAdd(m, z, TV.Create(0.3553653822408992));
            m = TV.MultiplyAdd(m, z, TV.Create(0.2950319175977375));
            m = TV.MultiplyAdd(m, z, TV.Create(0.20931594450696286));
            m = TV.MultiplyAdd(m, z, TV.Create(0.4622112440495753));
        }
        else
        {
            // tools/minimax/remez.py normal-tail-difference-single
            m = TV.Create(0.00823098794f);
            m = TV.MultiplyAdd(m, t, TV.Create(-0.0403699838f));
            m = TV.MultiplyAdd(m, t, TV.Create(0.0636456236f));
            m = TV.MultiplyAdd(m, t, TV.Create(-0.0366175734f));
            m = TV.MultiplyAdd(m, t, TV.Create(0.0507134832f));
            m = TV.MultiplyAdd(m, t, TV.Create(0.0283767581f));
            m = TV.MultiplyAdd(m, t, TV.Create(0.053292837f));
            m = TV.MultiplyAdd(m, t, TV.Create(0.0638638437f));
            m = TV.MultiplyAdd(m, t, TV.Create(0.0750002936f));
            m = TV.MultiplyAdd(m, t, TV.Create(0.398941725f));
        }

        TV factor = RootDistance(a, out TV low);
        TV derivative = TV.MultiplyAdd(a, factor * m, TV.MultiplyAdd(square, TV.Create(InverseSqrtTwoPi), TV.Create(-2 * InverseSqrtTwoPi)));
        return TV.MultiplyAdd(factor, m, TV.MultiplyAdd(m + derivative, shift, low * m));
    }

    /// <summary>G(t) for double lanes (<c>tools/minimax/remez.py normal-tail-double</c>, in t − 5/9).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TailPolynomialDouble<TV>(TV t) where TV : struct, IFloatVector<TV>
    {
        TV z = t - TV.Create(0.55555555555555558);
        TV g = TV.Create(0.0006201383571041011);
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
        return g;
    }

    /// <summary>
    /// G(t) − ¼ for float lanes (<c>tools/minimax/remez.py normal-tail-single</c>), in z = t − 7/16, which is exact for
    /// every t of [4/19, 1] (7/16 lies on t's ULP grid and z needs no finer one), and in <paramref name="residual"/> the
    /// parts of c₀ and c₁ that their floats miss (c₀_low + c₁_low·z). Returning G − ¼ (|G − ¼| ≤ ¼, G ∈ [0.125, 0.5])
    /// lets <see cref="NormalTailParts{TV}.Times"/> form factor·G without rounding G first: rounded, G cost up to an ULP
    /// of the result where it sits low in its binade and the result high in its own. In t's own powers Horner's rule
    /// summed roundings of terms of similar size near t = 1 (GELU 2.81 ULP at x = −1.43, 2.0 of them from the
    /// evaluation). The powers of z above the first two are taken in z² (even and odd parts side by side), which
    /// shortens the dependency chain by four FMAs: whole-Horner in z ran at 1.86–1.93 elements/ns against 1.98–2.04;
    /// splitting the last two steps as well rounded the even part's constant term on its own (2.11 ULP at x = −11.3).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TailPolynomialSingle<TV>(TV t, out TV residual) where TV : struct, IFloatVector<TV>
    {
        TV z = t - TV.Create(0.4375);
        TV square = z * z;
        TV even = TV.Create(0.00207110727f);
        even = TV.MultiplyAdd(even, square, TV.Create(-0.00681449706f));
        even = TV.MultiplyAdd(even, square, TV.Create(-0.0325146914f));
        even = TV.MultiplyAdd(even, square, TV.Create(0.219924614f));
        even = TV.MultiplyAdd(even, square, TV.Create(0.322694927f));
        TV odd = TV.Create(-0.00816285331f);
        odd = TV.MultiplyAdd(odd, square, TV.Create(0.0284421369f));
        odd = TV.MultiplyAdd(odd, square, TV.Create(-0.0526986159f));
        odd = TV.MultiplyAdd(odd, square, TV.Create(0.0768729076f));
        odd = TV.MultiplyAdd(odd, square, TV.Create(0.31524688f));
        TV g = TV.MultiplyAdd(TV.MultiplyAdd(odd, z, even), z, TV.Create(0.259696722f));
        residual = TV.MultiplyAdd(z, TV.Create(6.9968662e-09f), TV.Create(3.71443498e-09f));
        return TV.MultiplyAdd(g, z, TV.Create(0.171249315f - 0.25f));
    }

    /// <summary>1/√(2π), the normal density at 0.</summary>
    private const double InverseSqrtTwoPi = 0.3989422804014327;

    /// <summary>
    /// t = c/(c + a) rounded, with d = c + a rounded, the division's remainder ρ = c − t·d (exact), and a − a′, a′ =
    /// c/t − c the abscissa t stands for: d − c is exact and c/t = d + ρ/t, so a − a′ = (a − (d − c)) − ρ·d/c closely.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TailVariable<TV>(TV a, TV c, out TV d, out TV remainder, out TV shift) where TV : struct, IFloatVector<TV>
    {
        d = c + a;
        TV t = c / d;
        remainder = TV.FusedMultiplyAdd(-t, d, c);
        shift = TV.MultiplyAddNegated(remainder, d * TV.Create(TV.IsDouble ? 0.2 : 0.25), a - (d - c));
        return t;
    }

    /// <summary>
    /// e^(−x²/2) = (1 + q)·2ⁿ for |x| ≤ 40, q returned: n = round(−x²/2·log₂e) from x·(−x/2) rounded, and the reduced
    /// argument r = x·(−x/2) − n·ln2_hi in one FMA from the exact square (n·ln2_hi is exact: ln2_hi has 12 significant
    /// bits for float, 32 for double), then r − n·ln2_lo; q = r + (r·h)·r with h the exponential's polynomial head, so
    /// q is rounded once at its own size. Thirteen operations where <see cref="HalfSquareExp{TV}"/> (square, its error,
    /// the folded and clamped −|s/2|, q = r·P and its first-order correction for the square's error) takes nineteen and
    /// rounds q twice.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV HalfSquareExpFraction<TV>(TV x, out TV exponent) where TV : struct, IFloatVector<TV>
    {
        TV minusHalf = x * TV.Create(-0.5);
        exponent = TV.Round(x * minusHalf * TV.Create(1.4426950408889634));
        TV r = TV.FusedMultiplySubtract(x, minusHalf, exponent * Ln2High<TV>());
        r = TV.MultiplyAdd(exponent, -Ln2Low<TV>(), r);
        return TV.MultiplyAdd(r * ExpPolynomialHead(r, reflected: false), r, r);
    }

    /// <summary>
    /// e^(−x²/2) = (1 + q)·2ⁿ with x² = s + s_low exactly: e^(−s/2)·(1 − s_low/2) = (1 + q)·2ⁿ·(1 − l) ≈
    /// (1 + (q − l·(1 + q)))·2ⁿ. Returns the corrected q; <paramref name="square"/> is s.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV HalfSquareExp<TV>(TV x, out TV square, out TV exponent) where TV : struct, IFloatVector<TV>
    {
        square = x * x;
        TV squareLow = TV.FusedMultiplySubtract(x, x, square);
        TV half = TV.Create(0.5);
        ExpParts<TV> parts = ExpMinusAbsParts(half * square);
        TV q = parts.Fraction;
        exponent = parts.Exponent;
        return TV.MultiplyAddNegated(half * squareLow, TV.Create(1.0) + q, q);
    }
}

/// <summary>
/// Φ(−|x|) = (G·T + Correction)·(1 + Fraction)·2^Exponent, kept apart so that a caller multiplies in its own factor
/// with few roundings (factor·G, then one FMA with T and factor·Correction, one with Fraction) and scales once at the
/// end, which also rounds a subnormal product only once. G is ¼ + <see cref="W"/> for float lanes, <see cref="W"/> for
/// double lanes.
/// </summary>
internal readonly struct NormalTailParts<TV>(TV w, TV t, TV correction, TV fraction, TV exponent) where TV : struct, IFloatVector<TV>
{
    /// <summary>G − ¼ for float lanes (|w| ≤ ¼), G for double lanes.</summary>
    public TV W => w;

    public TV T => t;

    public TV Correction => correction;

    /// <summary>q, with e^(−x²/2) = (1 + q)·2ⁿ.</summary>
    public TV Fraction => fraction;

    /// <summary>n, integer-valued.</summary>
    public TV Exponent => exponent;

    /// <summary>
    /// factor·Φ(−|x|) with one rounding of the result's size before the scaling: with P = factor·G exactly (P + its
    /// FMA-given error) and L the small terms, (P·T + L)·(1 + Fraction) = P·T + (P·T·Fraction + L·(1 + Fraction)), the
    /// bracket's roundings a few hundredths of an ULP of the result. For float lanes P = factor·w + factor/4 in one
    /// FMA, and P's error is factor·w + (factor/4 − P) in another, exact: G ∈ [0.125, 0.5] puts P within a factor of 2
    /// of factor/4 (Sterbenz), so G itself is never rounded (rounding ¼ + w first and carrying its Fast2Sum error took
    /// five operations: 1.90–1.95 elements/ns against 1.98–2.04 for GELU on Zen 5).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Times(TV factor)
    {
        TV product, productLow;
        if (TV.IsDouble)
        {
            product = factor * w;
            productLow = TV.FusedMultiplySubtract(factor, w, product);
        }
        else
        {
            TV quarter = factor * TV.Create(0.25);
            product = TV.MultiplyAdd(factor, w, quarter);
            productLow = TV.FusedMultiplyAdd(factor, w, quarter - product);
        }

        TV low = TV.MultiplyAdd(productLow, t, factor * correction);
        TV small = TV.MultiplyAdd(product * t, fraction, TV.MultiplyAdd(low, fraction, low));
        return TV.ScaleB(TV.MultiplyAdd(product, t, small), exponent);
    }
}
