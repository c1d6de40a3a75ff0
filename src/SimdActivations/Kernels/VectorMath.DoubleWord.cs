using System.Runtime.CompilerServices;

namespace SimdActivations.Kernels;

/// <summary>
/// Error-free transformations and double-word (unevaluated pair high + low) arithmetic, for reductions whose
/// result must be known to better than the lane precision: a row's sum of exponentials, its logarithm and its
/// reciprocal. The transformations are Knuth's TwoSum and Dekker's Fast2Sum; the pair operations follow
/// Joldes, Muller and Popescu, "Tight and rigorous error bounds for basic building blocks of double-word
/// arithmetic" (ACM TOMS 44, 2017).
/// </summary>
internal static partial class VectorMath
{
    /// <summary>The exact rounding error of <c>s = a + b</c> (TwoSum: six additions, any magnitudes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TwoSumError<TV>(TV a, TV b, TV s) where TV : struct, IFloatVector<TV>
    {
        TV bv = s - a;
        return (a - (s - bv)) + (b - bv);
    }

    /// <summary>
    /// e^(x − m) for x ≤ m (m a row's maximum) with the difference taken exactly: d = x − m rounded plus its
    /// rounding error δ, which joins the reduced argument before the polynomial. Rounding x − m alone would cost
    /// |x − m|·2^−24 of relative error (30 ULP at x − m = −80 in float). x − m must not be NaN from ∞ − ∞ unless
    /// the result is meant to be NaN: callers clamp x from below to a finite floor.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpOfDifference<TV>(TV x, TV m) where TV : struct, IFloatVector<TV>
    {
        TV d = x - m;
        TV r = ExpReduce(d, out TV n) + TwoSumError(x, -m, d);
        return TV.ScaleB(TV.MultiplyAdd(ExpPolynomial(r), r, TV.Create(1.0)), n);
    }

    /// <summary>
    /// log(high + low) for a pair with high ≥ 1 (a row's sum of e^(x − max)): high = 2^k·f with f in (√2/2, √2],
    /// log = k·ln2 + log1p((f − 1) + low·2^−k), where f − 1 is exact; about 1 ULP. NaN → NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LogOfPair<TV>(TV high, TV low) where TV : struct, IFloatVector<TV>
    {
        TV one = TV.Create(1.0);
        TV f = TV.Frexp(high, out TV k);
        TV sqrt2 = TV.Create(1.4142135623730951);
        k = TV.SelectGreaterThan(f, sqrt2, k + one, k);
        f = TV.SelectGreaterThan(f, sqrt2, f * TV.Create(0.5), f);
        TV logF = Log1pFinite((f - one) + TV.ScaleB(low, -k));

        // fdlibm's split of ln2 (as in Log1pFinite): k·ln2_high is exact.
        TV ln2High = TV.Create(0.69314718036912381649, 0.693145751953125f);
        TV ln2Low = TV.Create(1.90821492927058770002e-10, 1.42860677e-6f);

        // The portable Frexp reads a NaN's bits as a number; high − high carries the NaN (and is +0 otherwise).
        return TV.MultiplyAdd(k, ln2High, TV.MultiplyAdd(k, ln2Low, logF)) + (high - high);
    }

    /// <summary>
    /// 1/(high + low) as a pair: the reciprocal of high, corrected by the exact residual 1 − high·(1/high) (one
    /// fused multiply-add) and by low; the pair is accurate to about 2^−2p.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Reciprocal<TV>(TV high, TV low, out TV reciprocalLow) where TV : struct, IFloatVector<TV>
    {
        TV inverse = TV.Create(1.0) / high;
        TV residual = TV.FusedMultiplyAdd(-high, inverse, TV.Create(1.0)) - low * inverse;
        reciprocalLow = residual * inverse;
        return inverse;
    }
}
