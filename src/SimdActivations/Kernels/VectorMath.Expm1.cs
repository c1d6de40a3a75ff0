using System.Runtime.CompilerServices;

namespace SimdActivations.Kernels;

internal static partial class VectorMath
{
    // Beyond these the result is −1 or ∞ anyway. Inside them 2^−n stays finite (the reconstruction below needs it:
    // n ≥ −116 for float, ≥ −1010 for double) and n·ln2_hi stays exact (n has ≤ 8 bits and ln2_hi 15 for float,
    // ≤ 11 and 33 for double).
    private const double Expm1LowerSingle = -80.0;
    internal const double Expm1UpperSingle = 100.0;
    private const double Expm1LowerDouble = -700.0;
    internal const double Expm1UpperDouble = 800.0;

    /// <summary>
    /// eˣ − 1 for every x without the cancellation of <c>Exp(x) − 1</c> near 0: NaN → NaN, ±0 → ±0, tiny x → x,
    /// −∞ → −1, +∞ and overflow → +∞.
    /// </summary>
    /// <remarks>
    /// x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite, the split of <see cref="Exp{TV}"/>); e^r − 1 = q = r + r²·(1/2 +
    /// r·P(r)) with P the relative-error minimax fit of <c>tools/minimax/remez.py expm1-single</c> (5 terms, 1.1e−9)
    /// or <c>expm1-double</c> (10 terms, 1.5e−18); then eˣ − 1 = 2ⁿ·(q + (1 − 2⁻ⁿ)), one rounding of the sum and an
    /// exact scaling, as in Tang's and fdlibm's expm1 (which keep 1 − 2⁻ⁿ exact for small |n| and let it round to 1
    /// or −2⁻ⁿ beyond, where the result is eˣ or −1 to working precision). Scaling the sum rather than adding 2ⁿ − 1
    /// to 2ⁿ·q keeps results just below the overflow threshold finite. The sum only cancels for n = 1 and r &lt; 0
    /// (x in [ln2/2, 0.55]), where q's error is doubled. Measured on the reference tables: ≤ 1.2 ULP float
    /// (≤ 1.7 for x in [0.35, 0.55]), ≤ 1 ULP double.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Expm1<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        TV bounded = TV.ClampAbove(x, TV.Create(TV.IsDouble ? Expm1UpperDouble : Expm1UpperSingle));

        // The reduction loses the sign of −0 (−0 − n·ln2 is +0); every other x already has its result's sign.
        return Expm1NoSignedZero(bounded) | TV.SignBit(x);
    }

    /// <summary>
    /// <see cref="Expm1{TV}"/> for x below the upper clamp constant (100 float, 800 double; larger x are the caller's
    /// business), giving +0 for −0: for callers that select x itself for x ≥ 0 (ELU and its relatives).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Expm1NoSignedZero<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        TV bounded = TV.ClampBelow(x, TV.Create(TV.IsDouble ? Expm1LowerDouble : Expm1LowerSingle));
        TV q = Expm1Reduced(bounded, out TV n);
        TV one = TV.Create(1.0);
        return TV.ScaleB(q + (one - TV.ScaleB(one, -n)), n);
    }

    /// <summary>
    /// The reduction of <see cref="Expm1{TV}"/>: returns q = e^r − 1 and writes n, with x = n·ln2 + r. For x within the
    /// clamp constants (NaN propagates into q).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1Reduced<TV>(TV x, out TV n) where TV : struct, IFloatVector<TV>
    {
        TV p;
        TV r;
        if (TV.IsDouble)
        {
            n = TV.Round(x * TV.Create(1.4426950408889634));
            r = TV.MultiplyAdd(n, TV.Create(-0.69314718036912381649), x);
            r = TV.MultiplyAdd(n, TV.Create(-1.90821492927058770002e-10), r);
            p = TV.Create(2.087891139630564e-09);
            p = TV.MultiplyAdd(p, r, TV.Create(2.510868737210173e-08));
            p = TV.MultiplyAdd(p, r, TV.Create(2.755738704667765e-07));
            p = TV.MultiplyAdd(p, r, TV.Create(2.7557245291721125e-06));
            p = TV.MultiplyAdd(p, r, TV.Create(2.4801587198218762e-05));
            p = TV.MultiplyAdd(p, r, TV.Create(0.000198412698849448));
            p = TV.MultiplyAdd(p, r, TV.Create(0.0013888888888942668));
            p = TV.MultiplyAdd(p, r, TV.Create(0.008333333333322158));
            p = TV.MultiplyAdd(p, r, TV.Create(0.04166666666666658));
            p = TV.MultiplyAdd(p, r, TV.Create(0.16666666666666677));
        }
        else
        {
            n = TV.Round(x * TV.Create(1.44269504f));
            r = TV.MultiplyAdd(n, TV.Create(-0.693145751953125f), x);
            r = TV.MultiplyAdd(n, TV.Create(-1.42860677e-6f), r);
            p = TV.Create(0.00019824125f);
            p = TV.MultiplyAdd(p, r, TV.Create(0.00139332528f));
            p = TV.MultiplyAdd(p, r, TV.Create(0.00833341945f));
            p = TV.MultiplyAdd(p, r, TV.Create(0.0416664816f));
            p = TV.MultiplyAdd(p, r, TV.Create(0.166666657f));
        }

        // q = r + r²·(1/2 + r·P): the last step adds a term below |r|/5 to r, so q is within ~0.6 ULP.
        TV half = TV.MultiplyAdd(p, r, TV.Create(0.5));
        return TV.MultiplyAdd(r * r, half, r);
    }
}
