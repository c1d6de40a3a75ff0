using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdActivations.Kernels;

/// <summary>
/// One <c>float</c> or <c>double</c> element seen as a one-lane vector, so the scalar path (short tails, CPUs
/// without SIMD, and every other element type through <c>double</c>) runs the very same operator code as the
/// vector path and agrees with it bit for bit. A mask is the all-ones bit pattern (a NaN) or +0.
/// </summary>
internal readonly partial struct FloatScalar<T> : IVectorMemory<FloatScalar<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FloatScalar(T value) => _value = value;

    public T Value => _value;

    public static int Count => 1;

    // Forced: a plain property is inlined only while the loop's inlining budget lasts, and an operator large enough to
    // exhaust it (tanh at 256 bits) would otherwise keep both lane-type branches, with a call to decide between them.
    public static bool IsDouble
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(double);
    }

    public static bool IsHardwareAccelerated => true;

    private static FloatScalar<T> True => new(T.AllBitsSet);

    private static FloatScalar<T> False => new(T.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Create(double value) => new(FloatVector.Constant<T>(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Create(double ifDouble, float ifSingle) =>
        typeof(T) == typeof(float) ? new(Unsafe.BitCast<float, T>(ifSingle)) : new(Unsafe.BitCast<double, T>(ifDouble));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Load(ref readonly T source, nuint index) => new(Unsafe.Add(ref Unsafe.AsRef(in source), index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatScalar<T> value, ref T destination, nuint index) => Unsafe.Add(ref destination, index) = value._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNonTemporal(FloatScalar<T> value, ref T destination, nuint index) => Store(value, ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> GatherStrided(ref readonly T source, nuint stride, Vector256<int> offsets) => Load(in source, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> operator +(FloatScalar<T> left, FloatScalar<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> operator -(FloatScalar<T> left, FloatScalar<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> operator *(FloatScalar<T> left, FloatScalar<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> operator /(FloatScalar<T> left, FloatScalar<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> operator -(FloatScalar<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> operator &(FloatScalar<T> left, FloatScalar<T> right) => new(left._value & right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> operator |(FloatScalar<T> left, FloatScalar<T> right) => new(left._value | right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> operator ^(FloatScalar<T> left, FloatScalar<T> right) => new(left._value ^ right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> MultiplyAdd(FloatScalar<T> a, FloatScalar<T> b, FloatScalar<T> c) =>
        new(T.MultiplyAddEstimate(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> SelectNegativeElseOne(FloatScalar<T> x, FloatScalar<T> ifNegative) =>
        x._value < T.Zero ? ifNegative : T.IsNaN(x._value) ? x : Create(1.0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> CopySign(FloatScalar<T> magnitude, FloatScalar<T> sign) => new(T.CopySign(magnitude._value, sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> MultiplyAddNegated(FloatScalar<T> a, FloatScalar<T> b, FloatScalar<T> c) =>
        new(T.MultiplyAddEstimate(-a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> MultiplySubtract(FloatScalar<T> a, FloatScalar<T> b, FloatScalar<T> c) =>
        new(T.MultiplyAddEstimate(a._value, b._value, -c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> MultiplySubtractNegated(FloatScalar<T> a, FloatScalar<T> b, FloatScalar<T> c) =>
        new(T.MultiplyAddEstimate(-a._value, b._value, -c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Min(FloatScalar<T> left, FloatScalar<T> right) => new(T.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Max(FloatScalar<T> left, FloatScalar<T> right) => new(T.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> ClampBelow(FloatScalar<T> value, FloatScalar<T> bound) => bound._value > value._value ? bound : value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> ClampAbove(FloatScalar<T> value, FloatScalar<T> bound) => bound._value < value._value ? bound : value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> AbsClamped(FloatScalar<T> value, FloatScalar<T> limit) => ClampAbove(Abs(value), limit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> ClampMagnitude(FloatScalar<T> value, FloatScalar<T> limit) => ClampAbove(ClampBelow(value, -limit), limit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> MinusAbsClamped(FloatScalar<T> value, FloatScalar<T> limit) => ClampBelow(value | Create(-0.0), -limit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> FusedMultiplyAdd(FloatScalar<T> a, FloatScalar<T> b, FloatScalar<T> c) =>
        typeof(T) == typeof(float) && !FloatVector.HasHardwareFma
            ? new(T.CreateTruncating((double)float.CreateTruncating(a._value) * float.CreateTruncating(b._value) + float.CreateTruncating(c._value)))
            : new(T.FusedMultiplyAdd(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> FusedMultiplySubtract(FloatScalar<T> a, FloatScalar<T> b, FloatScalar<T> c) => FusedMultiplyAdd(a, b, -c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> InDoublePrecision<TOp>(FloatScalar<T> x, TOp op) where TOp : struct, IUnaryOperator =>
        typeof(T) == typeof(double)
            ? op.Invoke(x)
            : new(T.CreateTruncating(op.Invoke(new FloatScalar<double>(double.CreateTruncating(x._value))).Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SumLanes(FloatScalar<T> value) => double.CreateTruncating(value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Abs(FloatScalar<T> value) => new(T.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> SignBit(FloatScalar<T> value) => new(value._value & T.NegativeZero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> FlipSignUnlessNegative(FloatScalar<T> value, FloatScalar<T> sign) => new(value._value ^ (~sign._value & T.NegativeZero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Round(FloatScalar<T> value) => new(T.Round(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Floor(FloatScalar<T> value) => new(T.Floor(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Sqrt(FloatScalar<T> value) => new(T.Sqrt(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> DivideWhereGreaterThan(FloatScalar<T> left, FloatScalar<T> right, FloatScalar<T> numerator, FloatScalar<T> denominator, FloatScalar<T> otherwise) =>
        left._value > right._value ? new(numerator._value / denominator._value) : otherwise;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> ScaleB(FloatScalar<T> x, FloatScalar<T> n) =>
        new(T.ScaleB(x._value, int.CreateSaturating(n._value)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> ScaleBFloor(FloatScalar<T> x, FloatScalar<T> n) => ScaleB(x, Floor(n));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Frexp(FloatScalar<T> value, out FloatScalar<T> exponent) => FloatBits.Frexp(value, out exponent);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> ShiftLeftBits(FloatScalar<T> value, [ConstantExpected] int count)
    {
        if (typeof(T) == typeof(float))
        {
            int bits = BitConverter.SingleToInt32Bits(Unsafe.BitCast<T, float>(value._value)) << count;
            return new(Unsafe.BitCast<float, T>(BitConverter.Int32BitsToSingle(bits)));
        }

        long longBits = BitConverter.DoubleToInt64Bits(Unsafe.BitCast<T, double>(value._value)) << count;
        return new(Unsafe.BitCast<double, T>(BitConverter.Int64BitsToDouble(longBits)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> SixteenthPower(FloatScalar<T> bits, out FloatScalar<T> low)
    {
        T high = SixteenthPowers.Lookup(bits._value, out T lowValue);
        low = new(lowValue);
        return new(high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> ShiftRightBits(FloatScalar<T> value, [ConstantExpected] int count)
    {
        if (typeof(T) == typeof(float))
        {
            uint bits = BitConverter.SingleToUInt32Bits(Unsafe.BitCast<T, float>(value._value)) >> count;
            return new(Unsafe.BitCast<float, T>(BitConverter.UInt32BitsToSingle(bits)));
        }

        ulong longBits = BitConverter.DoubleToUInt64Bits(Unsafe.BitCast<T, double>(value._value)) >> count;
        return new(Unsafe.BitCast<double, T>(BitConverter.UInt64BitsToDouble(longBits)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Select(FloatScalar<T> condition, FloatScalar<T> left, FloatScalar<T> right) =>
        T.IsNaN(condition._value) ? left : right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> SelectLessThan(FloatScalar<T> left, FloatScalar<T> right, FloatScalar<T> ifTrue, FloatScalar<T> ifFalse) => left._value < right._value ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> SelectGreaterThan(FloatScalar<T> left, FloatScalar<T> right, FloatScalar<T> ifTrue, FloatScalar<T> ifFalse) => left._value > right._value ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> LessThan(FloatScalar<T> left, FloatScalar<T> right) => left._value < right._value ? True : False;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> LessThanOrEqual(FloatScalar<T> left, FloatScalar<T> right) => left._value <= right._value ? True : False;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> GreaterThan(FloatScalar<T> left, FloatScalar<T> right) => left._value > right._value ? True : False;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> GreaterThanOrEqual(FloatScalar<T> left, FloatScalar<T> right) => left._value >= right._value ? True : False;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Equal(FloatScalar<T> left, FloatScalar<T> right) => left._value == right._value ? True : False;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> IsNaN(FloatScalar<T> value) => T.IsNaN(value._value) ? True : False;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyTrue(FloatScalar<T> mask) => T.IsNaN(mask._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyLessThan(FloatScalar<T> left, FloatScalar<T> right) => left._value < right._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar<T> Lookup<TTable>(FloatScalar<T> index) where TTable : ITable32 =>
        new(FloatVector.TableEntry<T, TTable>(index._value));
}
