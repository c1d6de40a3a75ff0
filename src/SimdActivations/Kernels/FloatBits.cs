using System.Runtime.CompilerServices;

namespace SimdActivations.Kernels;

/// <summary>
/// Exponent manipulation written with integer shifts on the lanes' bits, for CPUs without AVX-512's
/// <c>vscalef</c>/<c>vgetexp</c>/<c>vgetmant</c>. Written once for every width.
/// </summary>
internal static class FloatBits
{
    /// <summary>
    /// The <c>vfixupimm</c> table of <see cref="IFloatVector{TSelf}.SelectNegativeElseOne"/>, one 4-bit response per
    /// input class (Intel SDM, VFIXUPIMMPS): QNaN and SNaN → QNaN of the input (2), zero, +1, +∞ and other positives →
    /// +1 (0xA), −∞ and other negatives → keep the destination (0).
    /// </summary>
    public const int NegativeElseOneTable = unchecked((int)0xA0A0AA22);

    /// <summary>
    /// x·2ⁿ as (x·2^⌊n/2⌉)·2^(n−⌊n/2⌉): both factors are normal powers of two, so the result is rounded once even
    /// when it is subnormal. n is clamped to [−252, 254] (float) / [−2044, 2046] (double), beyond which every
    /// x in the exponential's reduced range already underflows to 0 or overflows to ∞.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ScaleB<TV>(TV x, TV n) where TV : struct, IFloatVector<TV>
    {
        // Adding 1.5·2^mantissaBits (6755399441055744 = 1.5·2^52, 12582912 = 1.5·2^23) rounds a small value to an integer that then sits in the low mantissa bits;
        // the bias is folded into the same constant, so shifting those bits into the exponent field gives 2^k.
        TV magic = TV.Create(TV.IsDouble ? 6755399441055744.0 + 1023 : 12582912.0 + 127);
        n = TV.ClampAbove(TV.ClampBelow(n, TV.Create(TV.IsDouble ? -2044 : -252)), TV.Create(TV.IsDouble ? 2046 : 254));
        TV firstBiased = n * TV.Create(0.5) + magic;
        TV first = firstBiased - magic;
        TV secondBiased = (n - first) + magic;
        if (TV.IsDouble)
        {
            return x * TV.ShiftLeftBits(firstBiased, 52) * TV.ShiftLeftBits(secondBiased, 52);
        }

        return x * TV.ShiftLeftBits(firstBiased, 23) * TV.ShiftLeftBits(secondBiased, 23);
    }

    /// <summary>m in [1, 2) and e with value = m·2^e, for positive finite normal values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Frexp<TV>(TV value, out TV exponent) where TV : struct, IFloatVector<TV>
    {
        if (TV.IsDouble)
        {
            // The biased exponent, OR-ed into the low bits of 2^52, reads as 2^52 + (e + 1023).
            TV biased = TV.ShiftRightBits(value, 52) | TV.Create(4503599627370496.0);
            exponent = biased - TV.Create(4503599627370496.0 + 1023);
            return (value & TV.Create(BitConverter.Int64BitsToDouble(0x000F_FFFF_FFFF_FFFF))) | TV.Create(1.0);
        }

        TV biasedSingle = TV.ShiftRightBits(value, 23) | TV.Create(8388608.0);
        exponent = biasedSingle - TV.Create(8388608.0 + 127);
        return (value & TV.Create(BitConverter.Int32BitsToSingle(0x007F_FFFF))) | TV.Create(1.0);
    }
}
