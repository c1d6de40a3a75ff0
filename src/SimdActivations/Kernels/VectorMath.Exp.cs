using System.Runtime.CompilerServices;

namespace SimdActivations.Kernels;

/// <summary>Vector elementary functions, written once for every width and for the scalar path.</summary>
internal static partial class VectorMath
{
    /// <summary>
    /// eˣ for every x: NaN → NaN, +∞ → +∞, −∞ → +0, overflow → +∞, gradual underflow to subnormals rounded once.
    /// </summary>
    /// <remarks>
    /// Cody–Waite range reduction x = n·ln2 + r, |r| ≤ ln2/2, with ln2 split so that n·ln2_hi is exact without FMA
    /// (musl/fdlibm's split), then eʳ = 1 + r + r²·P(r) with P the relative-error minimax fit of
    /// <c>tools/minimax/remez.py exp-single</c> (degree 4, level 3.8e−9) or <c>exp-double</c> (degree 9, level
    /// 1.1e−17) evaluated by Horner's rule, and eˣ = ScaleB(eʳ, n). Measured over every float (tools/AccuracySweep): ≤ 1 ULP; double ≤ 1 ULP
    /// on 10⁸ random arguments.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV>(TV x) where TV : struct, IFloatVector<TV> =>
        ExpOfClamped(TV.ClampAbove(x, TV.Create(TV.IsDouble ? ExpClampDouble : ExpClampSingle)));

    /// <summary>e^−|x| (the stable building block of sigmoid, softplus and their relatives): one OR and no
    /// upper clamp. NaN → NaN, ±∞ → +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpMinusAbs<TV>(TV x) where TV : struct, IFloatVector<TV> => ExpOfClamped(x | TV.Create(-0.0));

    // Beyond these |x| the result is 0 or ∞ anyway; inside them n·ln2_hi stays exact (n has ≤ 12 bits and
    // ln2_hi 33 for double, ≤ 9 and 15 for float).
    private const double ExpClampDouble = 1500.0;
    private const double ExpClampSingle = 200.0;

    /// <summary>
    /// e^−|x| taken apart (see <see cref="ExpParts{TV}"/>), for callers that combine it with other factors before
    /// the final rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ExpParts<TV> ExpMinusAbsParts<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        TV p = ExpReduced(x | TV.Create(-0.0), out TV n, out TV r);
        return new(p, r, n);
    }

    /// <summary>
    /// e^−|x| for float lanes by a table of sixteen powers of two (double lanes, and every path on a machine without
    /// <see cref="SixteenthPowers.IsAccelerated">vector permutes</see>: <see cref="ExpMinusAbs{TV}"/>), after
    /// the "rr2-lut16-p3" scheme of XNNPACK's f32-vsigmoid kernels: −|x| = (k + j/16)·ln2 + r with |r| ≤ ln2/32, and
    /// e^−|x| = 2^k·(T + (T·q + T_low)), T + T_low = 2^(j/16) (<see cref="SixteenthPowers"/>, the low part added so that
    /// the table costs no rounding of its own), q = e^r − 1 = r + r²·(c₂ + c₃·r) from <c>tools/minimax/remez.py
    /// exp-table-single</c> (relative level 1.6e−9): a single rounding at the end, so barely over half an ULP.
    /// ±∞ → +0; for a NaN x the result may be finite (<see cref="IFloatVector{TSelf}.MinusAbsClamped"/> maps NaN to the
    /// bound on AVX-512), so the caller takes NaN from x.
    /// </summary>
    /// <remarks>
    /// u = k + j/16 = −|x|·log₂e rounded to a sixteenth comes from one FMA with 1.5·2¹⁹, whose last mantissa bits then
    /// read 16u, so the table's index is the sum's own low four bits, and k = ⌊u⌋. ln2's high part has 11 significant
    /// bits, so u·ln2_hi (|16u| &lt; 2¹³) and its difference from −|x| are exact. Seven multiplies and FMAs where the
    /// polynomial of <see cref="ExpMinusAbs{TV}"/> takes nine (the pipes that pace these loops on Zen 4), for a permute
    /// per part of the table and a floor on the other pipes.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpMinusAbsTabulated<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        if (TV.IsDouble || !SixteenthPowers.IsAccelerated)
        {
            return ExpMinusAbs(x);
        }

        TV mantissa = TabulatedMantissa(ClampedMinusAbs(x), default, hasAddend: false, out TV k);
        return TV.ScaleB(mantissa, k);
    }

    /// <summary>
    /// e^(−|x| + <paramref name="addend"/>) = mantissa·2^exponent for a small addend (|addend| ≤ 2⁻¹⁰, e.g. the rounding
    /// error of a computed argument, joining the reduced argument), with the mantissa rounded once: from the table of
    /// <see cref="ExpMinusAbsTabulated{TV}"/> where it applies (mantissa in [0.97, 2)), elsewhere from the polynomial
    /// (<see cref="ExpParts{TV}.Mantissa"/>, in [0.7, 1.42]). Returns e^(−|x| + addend) rounded once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpMinusAbsTabulatedParts<TV>(TV x, TV addend, out TV mantissa, out TV exponent) where TV : struct, IFloatVector<TV>
    {
        if (TV.IsDouble || !SixteenthPowers.IsAccelerated)
        {
            ExpParts<TV> parts = ExpMinusAbsParts(x, addend);
            mantissa = parts.Mantissa;
            exponent = parts.Exponent;
        }
        else
        {
            mantissa = TabulatedMantissa(ClampedMinusAbs(x), addend, hasAddend: true, out exponent);
        }

        return TV.ScaleB(mantissa, exponent);
    }

    /// <summary>
    /// max(−|x|, −bound) with the bound where e^−|x| is 0 anyway (200 for float, 1500 for double), in one instruction
    /// on AVX-512 (<see cref="IFloatVector{TSelf}.MinusAbsClamped"/>, which maps NaN to the bound: for a NaN x an
    /// exponential of it is finite, and the caller's result must take NaN from another use of x). x itself for
    /// moderate x &lt; 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ClampedMinusAbs<TV>(TV x) where TV : struct, IFloatVector<TV> =>
        TV.MinusAbsClamped(x, TV.Create(TV.IsDouble ? ExpClampDouble : ExpClampSingle));

    /// <summary>
    /// e^a = mantissa·2^exponent for a ≤ 0 clamped from below at the bound, e.g. <see cref="ClampedMinusAbs{TV}"/>(x),
    /// or NaN (which propagates): the table of <see cref="ExpMinusAbsTabulated{TV}"/> where it applies (mantissa in
    /// [0.97, 2)), the polynomial elsewhere (mantissa in [0.7, 1.42]). Returns e^a rounded once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpTabulatedParts<TV>(TV a, out TV mantissa, out TV exponent) where TV : struct, IFloatVector<TV>
    {
        if (TV.IsDouble || !SixteenthPowers.IsAccelerated)
        {
            ExpParts<TV> parts = new(ExpReducedClamped(a, out exponent, out TV r), r, exponent);
            mantissa = parts.Mantissa;
        }
        else
        {
            mantissa = TabulatedMantissa(a, default, hasAddend: false, out exponent);
        }

        return TV.ScaleB(mantissa, exponent);
    }

    /// <summary>
    /// <see cref="ExpMinusAbsTabulated{TV}"/> with NaN carried through (−|x| clamped by an OR and a max, one operation
    /// more than its vrangeps), for callers with no other use of x to take NaN from.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpMinusAbsTabulatedKeepingNaN<TV>(TV x) where TV : struct, IFloatVector<TV> =>
        ExpTabulatedParts(MinusAbsClampedKeepingNaN(x), out _, out _);

    /// <summary>max(−|x|, −bound) by an OR and a max, NaN kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV MinusAbsClampedKeepingNaN<TV>(TV x) where TV : struct, IFloatVector<TV> =>
        TV.ClampBelow(x | TV.Create(-0.0), TV.Create(TV.IsDouble ? -ExpClampDouble : -ExpClampSingle));

    /// <summary>
    /// 1 + e^−|x|, with e^−|x| = (high + low)·2^exponent left unrounded and NaN carried through (as
    /// <see cref="ExpMinusAbsTabulatedKeepingNaN{TV}(TV)"/>), for σ-like quotients f·(high + low)/(1 + e^−|x|) whose
    /// numerator f·high + f·low is rounded once. From the table (where the CPU permutes and has FMA), high is its entry
    /// 2^(j/16) and low = high·(e^r − 1) plus the entry's low part (|low| &lt; 0.022·high), and 1 + e^−|x| is e^−|x|
    /// rounded, then added (up to 0.75 of an ULP; keeping the sum's error with two more FMAs moved no reference-table
    /// figure of GLU's backward and cost it 6%). From the polynomial, high = 1, low = e^r − 1, and 1 + 2ⁿ is exact for
    /// n ≥ −24 (below, 1 + e^−|x| rounds to 1 either way), so 1 + e^−|x| is rounded once; also on x86 without FMA,
    /// where f·high would be rounded apart from f·low.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV OnePlusExpMinusAbsTabulated<TV>(TV x, out TV high, out TV low, out TV exponent) where TV : struct, IFloatVector<TV>
    {
        TV a = MinusAbsClampedKeepingNaN(x);
        if (TV.IsDouble || !SixteenthPowers.IsAccelerated || !FloatVector.HasHardwareFma)
        {
            ExpParts<TV> parts = new(ExpReducedClamped(a, out exponent, out TV r), r, exponent);
            high = TV.Create(1.0);
            low = parts.Fraction;
            return parts.OnePlusValue;
        }

        (high, low) = TabulatedParts(a, out exponent);
        return TV.Create(1.0) + TV.ScaleB(high + low, exponent);
    }

    /// <summary>Whether <see cref="OnePlusExpOfNegatedTabulated{TV}"/> serves lanes of type TV: float lanes on a CPU
    /// with the table's permutes and FMA.</summary>
    public static bool TabulatesOnePlusExp<TV>() where TV : struct, IFloatVector<TV> =>
        !TV.IsDouble && SixteenthPowers.IsAccelerated && FloatVector.HasHardwareFma;

    /// <summary>
    /// 1 + e^−c for float lanes (<see cref="TabulatesOnePlusExp{TV}"/>) and −86 ≤ c ≤ 200, rounded nearly once, with
    /// e^−c = mantissa·2^⌊exponent⌋ (mantissa rounded) for the caller's lanes below −86, where the sum may overflow
    /// and the 1 in it is lost anyway. e^−c = (T + L)·2^k from the table of <see cref="ExpMinusAbsTabulated{TV}"/>
    /// with c's negation folded into the reduction (rounding to nearest is symmetric), and T + L = m + m_err split
    /// exactly (Fast2Sum, |T| ≥ |L|). The sum is then m·2^k + (m_err·2^k + 1): the inner sum rounds at 1's ULP or
    /// finer, at most half of d's half ULP where e^−c ≥ 1 (k ≥ 0), and where 1 leads (c &gt; 0) it only decides whether
    /// m_err·2^k (under 2⁻²³·2^k) survives; m·2^k then joins in one rounding. No rounding of e^−c at its own size
    /// reaches d on either side, where adding the unsplit parts in either fixed order rounded twice at d's size on one
    /// side (2.38 ULP in SiLU at x = 7.99, or at x = −16.7). Sixteen operations with the reduction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV OnePlusExpOfNegatedTabulated<TV>(TV c, out TV mantissa, out TV exponent) where TV : struct, IFloatVector<TV>
    {
        TV shifter = TV.Create(786432.0);
        TV shifted = TV.MultiplyAdd(c, TV.Create(-1.4426950408889634), shifter);
        exponent = shifted - shifter;
        TV r = TV.MultiplySubtractNegated(exponent, TV.Create(0.693359375), c);
        r = TV.MultiplyAdd(exponent, TV.Create(2.12194442e-4f), r);
        TV high = TV.SixteenthPower(shifted, out TV tableLow);
        TV q = TV.MultiplyAdd(r * r, TV.MultiplyAdd(TV.Create(0.166667178f), r, TV.Create(0.500016153f)), r);
        TV low = TV.MultiplyAdd(high, q, tableLow);
        mantissa = high + low;
        TV error = (high - mantissa) + low;
        TV one = TV.Create(1.0);
        TV scale = TV.ScaleBFloor(one, exponent);
        return TV.MultiplyAdd(mantissa, scale, TV.MultiplyAdd(error, scale, one));
    }

    /// <summary>e^(a + addend) = mantissa·2^k for float lanes, a ≤ 0 clamped: the reduction and table step of
    /// <see cref="ExpMinusAbsTabulated{TV}"/>, with <paramref name="hasAddend"/> a constant at every call site.</summary>
    /// <remarks>The same steps as <see cref="TabulatedParts{TV}"/>, written out again: as high + low from it, the
    /// 256-bit SiLU forward of stops 20–21 (which used it) ran at 1.27 elements/ns instead of 2.13 (one inlining level too
    /// many for the JIT there).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TabulatedMantissa<TV>(TV a, TV addend, bool hasAddend, out TV k) where TV : struct, IFloatVector<TV>
    {
        TV shifter = TV.Create(786432.0);
        TV shifted = TV.MultiplyAdd(a, TV.Create(1.4426950408889634), shifter);
        TV u = shifted - shifter;
        TV r = TV.MultiplyAdd(u, TV.Create(-0.693359375), a);
        r = TV.MultiplyAdd(u, TV.Create(2.12194442e-4f), hasAddend ? r + addend : r);
        TV high = TV.SixteenthPower(shifted, out TV low);
        TV q = TV.MultiplyAdd(r * r, TV.MultiplyAdd(TV.Create(0.166667178f), r, TV.Create(0.500016153f)), r);
        k = TV.Floor(u);
        return high + TV.MultiplyAdd(high, q, low);
    }

    /// <summary>
    /// <see cref="TabulatedMantissa{TV}"/> with the mantissa left unrounded: (entry, entry·q + the entry's low part),
    /// for a ≤ 0 clamped and no addend.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV High, TV Low) TabulatedParts<TV>(TV a, out TV k) where TV : struct, IFloatVector<TV>
    {
        TV shifter = TV.Create(786432.0);
        TV shifted = TV.MultiplyAdd(a, TV.Create(1.4426950408889634), shifter);
        TV u = shifted - shifter;
        TV r = TV.MultiplyAdd(u, TV.Create(-0.693359375), a);
        r = TV.MultiplyAdd(u, TV.Create(2.12194442e-4f), r);
        TV high = TV.SixteenthPower(shifted, out TV tableLow);
        TV q = TV.MultiplyAdd(r * r, TV.MultiplyAdd(TV.Create(0.166667178f), r, TV.Create(0.500016153f)), r);
        k = TV.Floor(u);
        return (high, TV.MultiplyAdd(high, q, tableLow));
    }

    /// <summary>
    /// e^(−|x| + <paramref name="addend"/>) taken apart, for a small addend (|addend| ≤ 2⁻¹⁰, e.g. the rounding error of
    /// a computed argument): the addend joins the reduced argument r, exactly where a first-order correction of the
    /// result would cost four more operations.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ExpParts<TV> ExpMinusAbsParts<TV>(TV x, TV addend) where TV : struct, IFloatVector<TV>
    {
        TV r = ExpReduce(x | TV.Create(-0.0), addend, hasAddend: true, out TV n);
        return new(ExpPolynomial(r), r, n);
    }

    /// <summary>
    /// The logistic function's denominator 1 + e^−(t + error) as 2^−m·d, d returned, for every t (NaN → NaN) and a
    /// small <paramref name="error"/> (the rounding error of a computed t, |error| ≤ 2⁻¹⁰): factor·σ(t + error) =
    /// ScaleB(factor/d, m), two roundings after the polynomial where factor·e/(1 + e), e = e^−|t|, takes four (e, 1 + e,
    /// the numerator and the quotient).
    /// </summary>
    /// <remarks>
    /// With the reduction of <see cref="Exp{TV}"/>, t + error = m·ln2 + r (the error joins r), e^−(t + error) =
    /// 2^−m·(1 + r·q), q(r) = −p(−r) for the exponential's polynomial p (its fit holds on the symmetric interval; the
    /// even powers' signs swap), so 1 + e^−(t + error) = 2^−m·d with d = 2^m + 1 + r·q. 1 + 2^m is exact for
    /// −23 ≤ m ≤ 23 (±52 for double), and r·q joins it in one FMA; below, where t &lt; −16.6 (−36.7), 1 + 2^m rounds to 1
    /// and loses 2^m, so the part it loses, 2^m − ((1 + 2^m) − 1) (zero elsewhere), joins r·q first: its rounding is a
    /// half ULP of a term under half of d. q's own rounding joins the same small terms (−1 − q is exact), where r·q
    /// with q rounded would carry up to |r|·2⁻²⁵ into d. Above m = 23, 1 + 2^m is rounded, but there σ is within an
    /// ULP of 1 and d is 2^m to within a fraction of an ULP. t is clamped to [−200, 30] (float) or [−1500, 40]
    /// (double), beyond which σ is 0 or 1 in the lane type; 2^m stays finite. Twenty-two operations with the reduction
    /// and the clamps.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LogisticDenominator<TV>(TV t, TV error, out TV m) where TV : struct, IFloatVector<TV> =>
        LogisticDenominator(t, error, hasError: true, out m);

    /// <summary>As <see cref="LogisticDenominator{TV}(TV, TV, out TV)"/> for an exact t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LogisticDenominator<TV>(TV t, out TV m) where TV : struct, IFloatVector<TV> =>
        LogisticDenominator(t, default, hasError: false, out m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogisticDenominator<TV>(TV t, TV error, bool hasError, out TV m) where TV : struct, IFloatVector<TV>
    {
        TV upper = TV.Create(TV.IsDouble ? 40.0 : 30.0);
        TV r = ExpReduce(TV.ClampAbove(t, upper), error, hasError, out m);
        TV one = TV.Create(1.0);
        TV scale = TV.ScaleB(one, m);
        TV onePlus = one + scale;
        TV lost = scale - (onePlus - one);
        TV head = ExpPolynomialHead(r, reflected: true);
        TV q = TV.MultiplyAdd(head, r, -one);
        TV small = TV.MultiplyAdd(r, TV.FusedMultiplyAdd(head, r, -one - q), lost);
        return TV.MultiplyAdd(r, q, small) + onePlus;
    }

    /// <summary>The largest |m| for which <see cref="ExpBelowMax{TV}"/> serves a row with maximum m.</summary>
    public const double ExpBelowMaxLimit = 1000;

    /// <summary>
    /// The row constants of <see cref="ExpBelowMax{TV}"/> for a row maximum m (|m| ≤ <see cref="ExpBelowMaxLimit"/>):
    /// k = round(m·log₂e), the returned m_r = m − k·ln2_hi (exact: see <see cref="ExpBelowMax{TV}"/>), and
    /// c = (k·ln2_lo − m_r)·log₂e, which centres each element's reduction on m's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ReduceMax<TV>(TV max, out TV k, out TV c) where TV : struct, IFloatVector<TV>
    {
        k = TV.Round(max * TV.Create(1.4426950408889634));
        TV reduced = TV.MultiplyAdd(k, -Ln2High<TV>(), max);
        c = TV.MultiplyAdd(k, Ln2Low<TV>(), -reduced) * TV.Create(1.4426950408889634);
        return reduced;
    }

    /// <summary>
    /// e^(x − m) for x ≤ m, |x| ≤ 1300 (float; 3100 for double) and m given by <see cref="ReduceMax{TV}"/> (x clamped
    /// from below to the row's floor), without forming x − m: with N = round((x − m_r + k·ln2_lo)·log₂e),
    /// u = x − N·ln2_hi and n = N − k, x − m = (u − m_r) + n·ln2_hi, so e^(x − m) = 2ⁿ·e^r with
    /// r = (u − m_r) − n·ln2_lo, |r| ≤ ln2/2. ln2_hi has 12 significant bits here for float (fdlibm's 32-bit split for
    /// double), so k·ln2_hi and N·ln2_hi are exact for |N| &lt; 2¹² (2²¹); m − k·ln2_hi is exact (m's reduction by
    /// itself), and so is u wherever N = 0 or |x| ≥ 1/4, and for x = m (u = m_r, r = 0: the row's maximum gives exactly
    /// 1, as with an exact difference). Elsewhere u − m_r and u round by at most 2⁻²⁵. Thirteen operations, six fewer
    /// than <see cref="ExpOfDifference{TV}"/>, whose exact x − m and its TwoSum error take seven.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpBelowMax<TV>(TV x, TV k, TV c, TV maxReduced) where TV : struct, IFloatVector<TV>
    {
        TV big = TV.Round(TV.MultiplyAdd(x, TV.Create(1.4426950408889634), c));
        TV n = big - k;
        TV r = TV.MultiplyAdd(n, -Ln2Low<TV>(), TV.MultiplyAdd(big, -Ln2High<TV>(), x) - maxReduced);
        return TV.ScaleB(TV.MultiplyAdd(ExpPolynomial(r), r, TV.Create(1.0)), n);
    }

    /// <summary>
    /// <see cref="ExpBelowMax{TV}"/> of −x, bit for bit, with the negation folded into the reduction (softmin's
    /// exponentials): rounding to nearest is symmetric, so x + N·ln2_hi and its sum with m_r round to the negatives of
    /// the quantities −x gives there, and −(n·ln2_lo) − (…) to the same r.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpBelowMaxOfNegated<TV>(TV x, TV k, TV c, TV maxReduced) where TV : struct, IFloatVector<TV>
    {
        TV big = TV.Round(TV.MultiplyAdd(x, TV.Create(-1.4426950408889634), c));
        TV n = big - k;
        TV r = TV.MultiplySubtractNegated(n, Ln2Low<TV>(), TV.MultiplyAdd(big, Ln2High<TV>(), x) + maxReduced);
        return TV.ScaleB(TV.MultiplyAdd(ExpPolynomial(r), r, TV.Create(1.0)), n);
    }

    // ln2 = ln2_hi + ln2_lo with a short ln2_hi: 2839/4096 (12 bits) for float, fdlibm's 32-bit split for double.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Ln2High<TV>() where TV : struct, IFloatVector<TV> => TV.Create(0.69314718036912381649, 0.693115234375f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Ln2Low<TV>() where TV : struct, IFloatVector<TV> => TV.Create(1.90821492927058770002e-10, 3.19461833e-5f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpOfClamped<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        TV p = ExpReduced(x, out TV n, out TV r);
        return TV.ScaleB(TV.MultiplyAdd(p, r, TV.Create(1.0)), n);
    }

    /// <summary>
    /// The reduction eˣ = e^r·2ⁿ and the polynomial p with e^r = 1 + r·p (the caller finishes with one fused
    /// step), for x ≤ the clamp constant (larger arguments are the caller's business).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpReduced<TV>(TV x, out TV n, out TV r) where TV : struct, IFloatVector<TV>
    {
        r = ExpReduce(x, out n);
        return ExpPolynomial(r);
    }

    /// <summary>As <see cref="ExpReduced{TV}"/> for x already clamped from below.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpReducedClamped<TV>(TV x, out TV n, out TV r) where TV : struct, IFloatVector<TV>
    {
        r = ExpReduceClamped(x, default, hasAddend: false, out n);
        return ExpPolynomial(r);
    }

    /// <summary>x = n·ln2 + r with |r| ≤ ln2/2 (x clamped from below first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpReduce<TV>(TV x, out TV n) where TV : struct, IFloatVector<TV> => ExpReduce(x, default, hasAddend: false, out n);

    /// <summary>
    /// x = n·ln2 + r with |r| ≤ ln2/2 (x clamped from below first); with <paramref name="hasAddend"/> (a constant at
    /// every call site, so the branch disappears) a small addend joins r before the last reduction step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpReduce<TV>(TV x, TV addend, bool hasAddend, out TV n) where TV : struct, IFloatVector<TV> =>
        ExpReduceClamped(TV.ClampBelow(x, TV.Create(TV.IsDouble ? -ExpClampDouble : -ExpClampSingle)), addend, hasAddend, out n);

    /// <summary>As <see cref="ExpReduce{TV}(TV, TV, bool, out TV)"/> for x already clamped from below.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpReduceClamped<TV>(TV x, TV addend, bool hasAddend, out TV n) where TV : struct, IFloatVector<TV>
    {
        if (TV.IsDouble)
        {
            n = TV.Round(x * TV.Create(1.4426950408889634));
            TV r = TV.MultiplyAdd(n, TV.Create(-0.69314718036912381649), x);
            return TV.MultiplyAdd(n, TV.Create(-1.90821492927058770002e-10), hasAddend ? r + addend : r);
        }
        else
        {
            n = TV.Round(x * TV.Create(1.44269504f));
            TV r = TV.MultiplyAdd(n, TV.Create(-0.693145751953125f), x);
            return TV.MultiplyAdd(n, TV.Create(-1.42860677e-6f), hasAddend ? r + addend : r);
        }
    }

    /// <summary>p with e^r = 1 + r·p on the reduced range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpPolynomial<TV>(TV r) where TV : struct, IFloatVector<TV> =>
        TV.MultiplyAdd(ExpPolynomialHead(r, reflected: false), r, TV.Create(1.0));

    /// <summary>
    /// h with p = 1 + r·h (<see cref="ExpPolynomial{TV}"/>), or with <paramref name="reflected"/> (a constant at every
    /// call site) h(−r), for e^−r = 1 + r·(r·h(−r) − 1): the same fit at −r, the signs of h's odd powers swapped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpPolynomialHead<TV>(TV r, bool reflected) where TV : struct, IFloatVector<TV>
    {
        double odd = reflected ? -1 : 1;
        if (TV.IsDouble)
        {
            TV p = TV.Create(2.500006956543098e-08 * odd);
            p = TV.MultiplyAdd(p, r, TV.Create(2.763023395101817e-07));
            p = TV.MultiplyAdd(p, r, TV.Create(2.7557586274666723e-06 * odd));
            p = TV.MultiplyAdd(p, r, TV.Create(2.4801493136097612e-05));
            p = TV.MultiplyAdd(p, r, TV.Create(0.00019841269506770898 * odd));
            p = TV.MultiplyAdd(p, r, TV.Create(0.001388888894359778));
            p = TV.MultiplyAdd(p, r, TV.Create(0.008333333333494336 * odd));
            p = TV.MultiplyAdd(p, r, TV.Create(0.041666666666530267));
            p = TV.MultiplyAdd(p, r, TV.Create(0.16666666666666413 * odd));
            return TV.MultiplyAdd(p, r, TV.Create(0.5000000000000011));
        }
        else
        {
            TV p = TV.Create(0.00138146128f);
            p = TV.MultiplyAdd(p, r, TV.Create(0.00836871006f * odd));
            p = TV.MultiplyAdd(p, r, TV.Create(0.041668389f));
            p = TV.MultiplyAdd(p, r, TV.Create(0.166665211f * odd));
            return TV.MultiplyAdd(p, r, TV.Create(0.49999994f));
        }
    }
}

/// <summary>
/// eˣ = (1 + r·P)·2ⁿ kept apart, so that a caller can scale a product once at the end instead of rounding a
/// subnormal eˣ to a few bits first (SiLU at x = −100: x·σ(x) is subnormal, and |x| times the rounding error of
/// σ(x) would be 50 ULP), or fold eˣ into a sum with one rounding.
/// </summary>
internal readonly struct ExpParts<TV>(TV polynomial, TV reduced, TV exponent) where TV : struct, IFloatVector<TV>
{
    /// <summary>n, integer-valued.</summary>
    public TV Exponent => exponent;

    /// <summary>q = e^r − 1 = r·P, |q| ≤ 0.42.</summary>
    public TV Fraction
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => polynomial * reduced;
    }

    /// <summary>eˣ, rounded once.</summary>
    public TV Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TV.ScaleB(Mantissa, exponent);
    }

    /// <summary>e^r = 1 + q rounded once (in [0.7, 1.42]): eˣ = Mantissa·2ⁿ, exactly where eˣ is normal.</summary>
    public TV Mantissa
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TV.MultiplyAdd(polynomial, reduced, TV.Create(1.0));
    }

    /// <summary>1 + eˣ for x ≤ 0 as (1 + 2ⁿ) + (2ⁿ·P)·r with one rounding (1 + 2ⁿ is exact for n ≥ −24, and below
    /// that its rounding is under 2⁻²⁴ of an ULP-sized term).</summary>
    public TV OnePlusValue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            TV one = TV.Create(1.0);
            return TV.MultiplyAdd(TV.ScaleB(polynomial, exponent), reduced, TV.ScaleB(one, exponent) + one);
        }
    }
}
