using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdActivations.Kernels;

/// <summary>
/// AVX-512's exponent instructions: <c>vscalefps/pd</c> (x·2ⁿ rounded once, subnormals and overflow included) and
/// <c>vgetexpps/pd</c> + <c>vgetmantps/pd</c> (frexp). Where they exist they replace the portable bit tricks of
/// <see cref="FloatBits"/>, which need two multiplications and a clamp.
/// </summary>
internal static class AvxScale
{
    public static bool IsSupported512 => Avx512F.IsSupported;

    public static bool IsSupported256 => Avx512F.VL.IsSupported;

    public static bool IsSupported128 => Avx512F.VL.IsSupported;

    // GetMantissa control 0: normalize to the interval [1, 2) and keep the source's sign.
    private const byte MantissaOneToTwo = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Scale<T>(Vector512<T> x, Vector512<T> n) => typeof(T) == typeof(float)
        ? Avx512F.Scale(x.AsSingle(), n.AsSingle()).As<float, T>()
        : Avx512F.Scale(x.AsDouble(), n.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Scale<T>(Vector256<T> x, Vector256<T> n) => typeof(T) == typeof(float)
        ? Avx512F.VL.Scale(x.AsSingle(), n.AsSingle()).As<float, T>()
        : Avx512F.VL.Scale(x.AsDouble(), n.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Scale<T>(Vector128<T> x, Vector128<T> n) => typeof(T) == typeof(float)
        ? Avx512F.VL.Scale(x.AsSingle(), n.AsSingle()).As<float, T>()
        : Avx512F.VL.Scale(x.AsDouble(), n.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> GetExponent<T>(Vector512<T> x) => typeof(T) == typeof(float)
        ? Avx512F.GetExponent(x.AsSingle()).As<float, T>()
        : Avx512F.GetExponent(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> GetExponent<T>(Vector256<T> x) => typeof(T) == typeof(float)
        ? Avx512F.VL.GetExponent(x.AsSingle()).As<float, T>()
        : Avx512F.VL.GetExponent(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> GetExponent<T>(Vector128<T> x) => typeof(T) == typeof(float)
        ? Avx512F.VL.GetExponent(x.AsSingle()).As<float, T>()
        : Avx512F.VL.GetExponent(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> GetMantissa<T>(Vector512<T> x) => typeof(T) == typeof(float)
        ? Avx512F.GetMantissa(x.AsSingle(), MantissaOneToTwo).As<float, T>()
        : Avx512F.GetMantissa(x.AsDouble(), MantissaOneToTwo).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> GetMantissa<T>(Vector256<T> x) => typeof(T) == typeof(float)
        ? Avx512F.VL.GetMantissa(x.AsSingle(), MantissaOneToTwo).As<float, T>()
        : Avx512F.VL.GetMantissa(x.AsDouble(), MantissaOneToTwo).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> GetMantissa<T>(Vector128<T> x) => typeof(T) == typeof(float)
        ? Avx512F.VL.GetMantissa(x.AsSingle(), MantissaOneToTwo).As<float, T>()
        : Avx512F.VL.GetMantissa(x.AsDouble(), MantissaOneToTwo).As<double, T>();
}
