using System.Runtime.CompilerServices;

namespace SimdActivations.Kernels;

internal static partial class VectorMath
{
    /// <summary>
    /// log(1 + x) for every x: NaN → NaN, x &lt; −1 → NaN, −1 → −∞, +∞ → +∞, tiny x → x.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1p<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        TV result = Log1pFinite(x);
        TV special = TV.LessThanOrEqual(x, TV.Create(-1.0)) | TV.IsNaN(x) | TV.Equal(x, TV.Create(double.PositiveInfinity));
        if (TV.AnyTrue(special))
        {
            TV edge = TV.Select(TV.Equal(x, TV.Create(-1.0)), TV.Create(double.NegativeInfinity), TV.Create(double.NaN));
            edge = TV.Select(TV.Equal(x, TV.Create(double.PositiveInfinity)), x, edge);
            result = TV.Select(special, edge, result);
        }

        return result;
    }

    /// <summary>
    /// log(1 + x) for finite x &gt; −1 only (NaN in gives an unspecified finite or NaN value): the callers that
    /// know their argument is in range (log-sigmoid's log1p(e^−|x|)) skip <see cref="Log1p{TV}"/>'s edge cases.
    /// </summary>
    /// <remarks>
    /// fdlibm's log1p scheme: u = 1 + x rounded, with the rounding error c = (1 + x) − u carried as c/u; u = m·2^k with
    /// m in [√2/2, √2); f = m − 1 (exact), s = f/(2 + f), log m = f − (f²/2 − s·(f²/2 + R(s²))), R the minimax fit of
    /// 2(atanh(√z)/√z − 1) from <c>tools/minimax/remez.py log-single</c> (3 terms, 8.7e−10) or <c>log-double</c>
    /// (7 terms, 1.8e−18); the result is k·ln2_hi + (log m + (k·ln2_lo + c/u)). Measured (tools/AccuracySweep):
    /// ≤ 1 ULP over every float, ≤ 1 ULP double on 10⁸ random arguments.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1pFinite<TV>(TV x) where TV : struct, IFloatVector<TV>
    {
        TV one = TV.Create(1.0);
        TV u = x + one;

        // u − 1 is exact for u in [1/2, 2] and u − x is exact for x ≥ 1 (Sterbenz), so c is the exact rounding error.
        TV c = TV.SelectLessThan(x, one, x - (u - one), one - (u - x)) / u;

        TV m = TV.Frexp(u, out TV k);
        TV sqrt2 = TV.Create(1.4142135623730951);
        k = TV.SelectGreaterThan(m, sqrt2, k + one, k);
        m = TV.SelectGreaterThan(m, sqrt2, m * TV.Create(0.5), m);

        TV f = m - one;
        TV s = f / (f + TV.Create(2.0));
        TV z = s * s;
        TV halfSquare = TV.Create(0.5) * f * f;
        TV r;
        if (TV.IsDouble)
        {
            r = TV.Create(0.14795949610728903);
            r = TV.MultiplyAdd(r, z, TV.Create(0.1531405056223727));
            r = TV.MultiplyAdd(r, z, TV.Create(0.18183564325667775));
            r = TV.MultiplyAdd(r, z, TV.Create(0.22222198573194615));
            r = TV.MultiplyAdd(r, z, TV.Create(0.28571428742387506));
            r = TV.MultiplyAdd(r, z, TV.Create(0.3999999999941468));
            r = TV.MultiplyAdd(r, z, TV.Create(0.6666666666666734));
            r *= z;
        }
        else
        {
            r = TV.Create(0.29871729f);
            r = TV.MultiplyAdd(r, z, TV.Create(0.399775416f));
            r = TV.MultiplyAdd(r, z, TV.Create(0.666667759f));
            r *= z;
        }

        TV logM = f - (halfSquare - s * (halfSquare + r));
        TV ln2High = TV.Create(TV.IsDouble ? 0.69314718036912381649 : 0.693145751953125);
        TV ln2Low = TV.Create(TV.IsDouble ? 1.90821492927058770002e-10 : 1.42860677e-6);
        return TV.MultiplyAdd(k, ln2High, logM + TV.MultiplyAdd(k, ln2Low, c));
    }

    /// <summary>
    /// log(1 + e) for e in [0, 1] (NaN → unspecified), without exponent reduction or a correction term: fdlibm's
    /// e − (e²/2 − s·(e²/2 + R(s²))) with s = e/(2 + e) ≤ 1/3 taken over the whole interval, R the fit of
    /// <c>tools/minimax/remez.py log1p-unit-single</c> (4 terms, 4.9e−9) or <c>log1p-unit-double</c> (10 terms,
    /// 3.5e−18). One division; the leading term e is exact, s only enters the correction. Softplus and log-sigmoid
    /// apply it to e^−|x|.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1pUnit<TV>(TV e) where TV : struct, IFloatVector<TV>
    {
        TV s = e / (e + TV.Create(2.0));
        TV z = s * s;
        TV halfSquare = TV.Create(0.5) * e * e;
        TV r;
        if (TV.IsDouble)
        {
            r = TV.Create(0.17018577831544468);
            r = TV.MultiplyAdd(r, z, TV.Create(0.08340100158933689));
            r = TV.MultiplyAdd(r, z, TV.Create(0.12106086554340445));
            r = TV.MultiplyAdd(r, z, TV.Create(0.1330097355045921));
            r = TV.MultiplyAdd(r, z, TV.Create(0.15386559925471296));
            r = TV.MultiplyAdd(r, z, TV.Create(0.18181743924835922));
            r = TV.MultiplyAdd(r, z, TV.Create(0.22222223969732774));
            r = TV.MultiplyAdd(r, z, TV.Create(0.2857142854785388));
            r = TV.MultiplyAdd(r, z, TV.Create(0.40000000000157243));
            r = TV.MultiplyAdd(r, z, TV.Create(0.6666666666666631));
        }
        else
        {
            r = TV.Create(0.280244589f);
            r = TV.MultiplyAdd(r, z, TV.Create(0.279991418f));
            r = TV.MultiplyAdd(r, z, TV.Create(0.400216997f));
            r = TV.MultiplyAdd(r, z, TV.Create(0.666664124f));
        }

        return e - (halfSquare - s * TV.MultiplyAdd(r, z, halfSquare));
    }
}
