using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdActivations.Kernels;

/// <summary>
/// 2^(j/16) for j = 0…15 as high + low pairs in each lane type (<c>python3 tools/minimax/remez.py exp-table-single</c>
/// prints them from mpmath): the table of <see cref="VectorMath.ExpMinusAbsTabulated{TV}"/>, after the "lut16" schemes
/// of XNNPACK's f32-vsigmoid kernels. The low parts carry the table to twice the lane precision, so the table adds
/// nothing to the exponential's one final rounding.
/// </summary>
internal static class SixteenthPowers
{
    /// <summary>
    /// Whether the vector widths look the table up with permutes (x86 with AVX: one per part at 512 bits, a few at 256
    /// and 128). Elsewhere — Arm, or x86 with the intrinsics switched off — a lookup is a loop over lanes, and the
    /// exponential keeps its polynomial on every path (the same choice for all widths, so the scalar path still matches
    /// the vector paths bit for bit).
    /// </summary>
    public static bool IsAccelerated => System.Runtime.Intrinsics.X86.Avx.IsSupported;

    public static ReadOnlySpan<float> SingleHigh =>
    [
        1.0f, 1.0442737340927124f, 1.0905077457427979f, 1.1387885808944702f, 1.1892070770263672f, 1.2418577671051025f,
        1.2968395948410034f, 1.3542555570602417f, 1.4142135381698608f, 1.4768261909484863f, 1.5422108173370361f,
        1.610490322113037f, 1.6817928552627563f, 1.7562521696090698f, 1.8340080976486206f, 1.9152065515518188f,
    ];

    public static ReadOnlySpan<float> SingleLow =>
    [
        0.0f, 4.8334701574503924e-08f, -1.3077539939843064e-08f, 5.386222312608879e-08f, 3.797635272917432e-08f,
        4.496838101886169e-08f, -4.018999533172973e-08f, -1.0123349269974824e-08f, 2.4203234971764687e-08f,
        -4.500898853621038e-08f, 8.070904833346049e-09f, 9.836217174097328e-09f, -2.4755326677450284e-08f,
        -9.235770370707996e-09f, -1.1239277952768134e-08f, 9.845328108326612e-09f,
    ];

    public static ReadOnlySpan<double> DoubleHigh =>
    [
        1.0, 1.0442737824274138, 1.0905077326652577, 1.1387886347566916, 1.189207115002721, 1.241857812073484,
        1.2968395546510096, 1.3542555469368927, 1.4142135623730951, 1.4768261459394993, 1.5422108254079407,
        1.6104903319492543, 1.681792830507429, 1.7562521603732995, 1.8340080864093424, 1.9152065613971474,
    ];

    public static ReadOnlySpan<double> DoubleLow =>
    [
        0.0, 8.551889705537965e-17, -3.046782079812471e-17, 8.912812676025408e-17, 3.982015231465646e-17,
        4.658027591836937e-17, 2.5382502794888315e-17, 7.70094837980299e-17, -9.667293313452913e-17,
        -3.483994556892796e-17, 7.949834809697621e-17, 2.4707192569797888e-17, 8.199010020581497e-17,
        2.960140695448873e-17, 3.283107224245627e-17, -1.0619946056195963e-16,
    ];

    // The float table as vectors for the permutes: all sixteen entries, and the halves and quarters that the narrower
    // widths' permutes index.
    public static readonly Vector512<float> High512 = Vector512.Create(SingleHigh);
    public static readonly Vector512<float> Low512 = Vector512.Create(SingleLow);
    public static readonly Vector256<float> High256Lower = Vector256.Create(SingleHigh);
    public static readonly Vector256<float> High256Upper = Vector256.Create(SingleHigh[8..]);
    public static readonly Vector256<float> Low256Lower = Vector256.Create(SingleLow);
    public static readonly Vector256<float> Low256Upper = Vector256.Create(SingleLow[8..]);
    public static readonly Vector128<float> High128First = Vector128.Create(SingleHigh);
    public static readonly Vector128<float> High128Second = Vector128.Create(SingleHigh[4..]);
    public static readonly Vector128<float> High128Third = Vector128.Create(SingleHigh[8..]);
    public static readonly Vector128<float> High128Fourth = Vector128.Create(SingleHigh[12..]);
    public static readonly Vector128<float> Low128First = Vector128.Create(SingleLow);
    public static readonly Vector128<float> Low128Second = Vector128.Create(SingleLow[4..]);
    public static readonly Vector128<float> Low128Third = Vector128.Create(SingleLow[8..]);
    public static readonly Vector128<float> Low128Fourth = Vector128.Create(SingleLow[12..]);

    /// <summary>The entry for the low four bits of one lane's bit pattern (the scalar path, and any lane type or
    /// instruction set without a vector permute).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Lookup<T>(T bits, out T low)
    {
        if (typeof(T) == typeof(float))
        {
            int j = BitConverter.SingleToInt32Bits(Unsafe.BitCast<T, float>(bits)) & 15;
            low = Unsafe.BitCast<float, T>(SingleLow[j]);
            return Unsafe.BitCast<float, T>(SingleHigh[j]);
        }

        int k = (int)(BitConverter.DoubleToInt64Bits(Unsafe.BitCast<T, double>(bits)) & 15);
        low = Unsafe.BitCast<double, T>(DoubleLow[k]);
        return Unsafe.BitCast<double, T>(DoubleHigh[k]);
    }

    /// <summary><see cref="Lookup{T}(T, out T)"/> lane by lane.</summary>
    public static Vector128<T> LookupLanes<T>(Vector128<T> bits, out Vector128<T> low)
    {
        Vector128<T> high = default;
        low = default;
        for (int i = 0; i < Vector128<T>.Count; i++)
        {
            high = high.WithElement(i, Lookup(bits.GetElement(i), out T lowElement));
            low = low.WithElement(i, lowElement);
        }

        return high;
    }

    /// <summary><see cref="Lookup{T}(T, out T)"/> lane by lane.</summary>
    public static Vector256<T> LookupLanes<T>(Vector256<T> bits, out Vector256<T> low)
    {
        Vector128<T> highLower = LookupLanes(bits.GetLower(), out Vector128<T> lowLower);
        Vector128<T> highUpper = LookupLanes(bits.GetUpper(), out Vector128<T> lowUpper);
        low = Vector256.Create(lowLower, lowUpper);
        return Vector256.Create(highLower, highUpper);
    }

    /// <summary><see cref="Lookup{T}(T, out T)"/> lane by lane.</summary>
    public static Vector512<T> LookupLanes<T>(Vector512<T> bits, out Vector512<T> low)
    {
        Vector256<T> highLower = LookupLanes(bits.GetLower(), out Vector256<T> lowLower);
        Vector256<T> highUpper = LookupLanes(bits.GetUpper(), out Vector256<T> lowUpper);
        low = Vector512.Create(lowLower, lowUpper);
        return Vector512.Create(highLower, highUpper);
    }
}
