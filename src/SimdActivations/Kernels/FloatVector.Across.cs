using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdActivations.Kernels;

// Reductions across the lanes of one register, for the row-wise loop: a row's maximum and sums end in one
// register whose lanes must be combined, and the result is needed again in every lane (the next pass over the
// row subtracts it or scales by it), so each reduction returns a broadcast rather than a scalar.

internal partial interface IFloatVector<TSelf>
{
    /// <summary>The IEEE 754 maximum of all lanes (NaN if any lane is NaN), in every lane.</summary>
    static abstract TSelf MaxAcross(TSelf value);

    /// <summary>The sum of all lanes in lane precision (pairwise), in every lane.</summary>
    static abstract TSelf SumAcross(TSelf value);

    /// <summary>
    /// The total of every lane of <paramref name="high"/> and of <paramref name="low"/> (a compensated sum's two
    /// accumulators), as an unevaluated pair: returns the total rounded to the lane type, in every lane, and writes
    /// the rest of it to <paramref name="remainder"/>. Float lanes are added in double; double lanes with Knuth's
    /// TwoSum at each step, so the pair carries the total to about twice the lane precision.
    /// </summary>
    static abstract TSelf SumAcross(TSelf high, TSelf low, out TSelf remainder);
}

internal readonly partial struct FloatVector512<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> MaxAcross(FloatVector512<T> value)
    {
        Vector256<T> half = Vector256.Max(value._value.GetLower(), value._value.GetUpper());
        return new(Vector512.Create(LaneReduction.Max(Vector128.Max(half.GetLower(), half.GetUpper()))));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> SumAcross(FloatVector512<T> value)
    {
        Vector256<T> half = value._value.GetLower() + value._value.GetUpper();
        return new(Vector512.Create(LaneReduction.Sum(half.GetLower() + half.GetUpper())));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> SumAcross(FloatVector512<T> high, FloatVector512<T> low, out FloatVector512<T> remainder)
    {
        T h, l;
        if (typeof(T) == typeof(float))
        {
            Vector512<float> hs = high._value.AsSingle(), ls = low._value.AsSingle();
            LaneReduction.SumPairs(Vector512.WidenLower(hs), Vector512.WidenUpper(hs), Vector512.WidenLower(ls) + Vector512.WidenUpper(ls), out h, out l);
        }
        else
        {
            Vector512<double> hd = high._value.AsDouble(), ld = low._value.AsDouble();
            LaneReduction.SumPairs(hd.GetLower(), hd.GetUpper(), ld.GetLower() + ld.GetUpper(), out h, out l);
        }

        remainder = new(Vector512.Create(l));
        return new(Vector512.Create(h));
    }
}

internal readonly partial struct FloatVector256<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> MaxAcross(FloatVector256<T> value) =>
        new(Vector256.Create(LaneReduction.Max(Vector128.Max(value._value.GetLower(), value._value.GetUpper()))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> SumAcross(FloatVector256<T> value) =>
        new(Vector256.Create(LaneReduction.Sum(value._value.GetLower() + value._value.GetUpper())));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> SumAcross(FloatVector256<T> high, FloatVector256<T> low, out FloatVector256<T> remainder)
    {
        T h, l;
        if (typeof(T) == typeof(float))
        {
            Vector256<float> hs = high._value.AsSingle(), ls = low._value.AsSingle();
            LaneReduction.SumPairs(Vector256.WidenLower(hs), Vector256.WidenUpper(hs), Vector256.WidenLower(ls) + Vector256.WidenUpper(ls), out h, out l);
        }
        else
        {
            Vector256<double> hd = high._value.AsDouble(), ld = low._value.AsDouble();
            LaneReduction.SumPairs(hd.GetLower(), hd.GetUpper(), ld.GetLower() + ld.GetUpper(), out h, out l);
        }

        remainder = new(Vector256.Create(l));
        return new(Vector256.Create(h));
    }
}

internal readonly partial struct FloatVector128<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> MaxAcross(FloatVector128<T> value) => new(Vector128.Create(LaneReduction.Max(value._value)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> SumAcross(FloatVector128<T> value) => new(Vector128.Create(LaneReduction.Sum(value._value)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> SumAcross(FloatVector128<T> high, FloatVector128<T> low, out FloatVector128<T> remainder)
    {
        T h, l;
        if (typeof(T) == typeof(float))
        {
            Vector128<float> hs = high._value.AsSingle(), ls = low._value.AsSingle();
            LaneReduction.SumPairs(Vector128.WidenLower(hs), Vector128.WidenUpper(hs), Vector128.WidenLower(ls) + Vector128.WidenUpper(ls), out h, out l);
        }
        else
        {
            Vector128<double> hd = high._value.AsDouble(), ld = low._value.AsDouble();
            LaneReduction.SumPair(hd.GetElement(0), hd.GetElement(1), ld.GetElement(0) + ld.GetElement(1), out h, out l);
        }

        remainder = new(Vector128.Create(l));
        return new(Vector128.Create(h));
    }
}

internal readonly partial struct FloatScalar<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> MaxAcross(FloatScalar<T> value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> SumAcross(FloatScalar<T> value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> SumAcross(FloatScalar<T> high, FloatScalar<T> low, out FloatScalar<T> remainder)
    {
        // The low accumulator holds rounding errors, far below the high one: Dekker's Fast2Sum renormalizes.
        T sum = high._value + low._value;
        remainder = new(low._value - (sum - high._value));
        return new(sum);
    }
}

/// <summary>The scalar ends of the lane reductions (the last two or four lanes, and the split of a double total).</summary>
internal static class LaneReduction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max<T>(Vector128<T> value)
    {
        if (typeof(T) == typeof(float))
        {
            Vector128<float> v = value.AsSingle();
            v = Vector128.Max(v, Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1)));
            v = Vector128.Max(v, Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2)));
            return Unsafe.BitCast<float, T>(v.ToScalar());
        }

        Vector128<double> d = value.AsDouble();
        d = Vector128.Max(d, Vector128.Shuffle(d, Vector128.Create(1L, 0L)));
        return Unsafe.BitCast<double, T>(d.ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum<T>(Vector128<T> value)
    {
        if (typeof(T) == typeof(float))
        {
            Vector128<float> v = value.AsSingle();
            v += Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));
            v += Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2));
            return Unsafe.BitCast<float, T>(v.ToScalar());
        }

        Vector128<double> d = value.AsDouble();
        d += Vector128.Shuffle(d, Vector128.Create(1L, 0L));
        return Unsafe.BitCast<double, T>(d.ToScalar());
    }

    /// <summary>The pair total of two halves of high parts and the low parts' sum, by TwoSum in double (float lanes
    /// widened first: exact, and no tiny lane is lost beside a large one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SumPairs<T>(Vector512<double> highA, Vector512<double> highB, Vector512<double> low, out T high, out T remainder)
    {
        Vector512<double> s = highA + highB;
        Vector512<double> l = low + TwoSumError(highA, highB, s);
        SumPairs(s.GetLower(), s.GetUpper(), l.GetLower() + l.GetUpper(), out high, out remainder);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SumPairs<T>(Vector256<double> highA, Vector256<double> highB, Vector256<double> low, out T high, out T remainder)
    {
        Vector256<double> s = highA + highB;
        Vector256<double> l = low + TwoSumError(highA, highB, s);
        SumPairs(s.GetLower(), s.GetUpper(), l.GetLower() + l.GetUpper(), out high, out remainder);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SumPairs<T>(Vector128<double> highA, Vector128<double> highB, Vector128<double> low, out T high, out T remainder)
    {
        Vector128<double> s = highA + highB;
        Vector128<double> l = low + TwoSumError(highA, highB, s);
        SumPair(s.GetElement(0), s.GetElement(1), l.GetElement(0) + l.GetElement(1), out high, out remainder);
    }

    /// <summary>a + b + low as a pair in the lane type T (TwoSum, then Fast2Sum to renormalize; for float, the double
    /// pair rounded to float with the rest carried into the remainder).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SumPair<T>(double a, double b, double low, out T high, out T remainder)
    {
        double s = a + b;
        double l = low + TwoSumError(a, b, s);
        double h = s + l;
        l -= h - s;
        if (typeof(T) == typeof(float))
        {
            float single = (float)h;
            high = Unsafe.BitCast<float, T>(single);
            remainder = Unsafe.BitCast<float, T>((float)((h - single) + l));
        }
        else
        {
            high = Unsafe.BitCast<double, T>(h);
            remainder = Unsafe.BitCast<double, T>(l);
        }
    }

    /// <summary>Knuth's TwoSum: the exact rounding error of s = a + b, without branches or a magnitude order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TwoSumError(double a, double b, double s)
    {
        double bv = s - a;
        return (a - (s - bv)) + (b - bv);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> TwoSumError(Vector512<double> a, Vector512<double> b, Vector512<double> s)
    {
        Vector512<double> bv = s - a;
        return (a - (s - bv)) + (b - bv);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> TwoSumError(Vector256<double> a, Vector256<double> b, Vector256<double> s)
    {
        Vector256<double> bv = s - a;
        return (a - (s - bv)) + (b - bv);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> TwoSumError(Vector128<double> a, Vector128<double> b, Vector128<double> s)
    {
        Vector128<double> bv = s - a;
        return (a - (s - bv)) + (b - bv);
    }
}
