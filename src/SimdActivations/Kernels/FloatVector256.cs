using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdActivations.Kernels;

/// <summary>A 256-bit register of <typeparamref name="T"/> lanes (<c>float</c> or <c>double</c>).</summary>
internal readonly partial struct FloatVector256<T> : IVectorMemory<FloatVector256<T>, T>
{
    private readonly Vector256<T> _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private FloatVector256(Vector256<T> value) => _value = value;

    public static int Count => Vector256<T>.Count;

    // Forced: a plain property is inlined only while the loop's inlining budget lasts, and an operator large enough to
    // exhaust it (tanh at 256 bits) would otherwise keep both lane-type branches, with a call to decide between them.
    public static bool IsDouble
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(double);
    }

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Create(double value) => typeof(T) == typeof(float)
        ? new(Vector256.Create((float)value).As<float, T>())
        : new(Vector256.Create(value).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Create(double ifDouble, float ifSingle) => typeof(T) == typeof(float)
        ? new(Vector256.Create(ifSingle).As<float, T>())
        : new(Vector256.Create(ifDouble).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Load(ref readonly T source, nuint index) => new(Vector256.LoadUnsafe(in source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatVector256<T> value, ref T destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreNonTemporal(FloatVector256<T> value, ref T destination, nuint index)
    {
        void* address = Unsafe.AsPointer(ref Unsafe.Add(ref destination, index));
        if (typeof(T) == typeof(float))
        {
            Vector256.StoreAlignedNonTemporal(value._value.AsSingle(), (float*)address);
        }
        else
        {
            Vector256.StoreAlignedNonTemporal(value._value.AsDouble(), (double*)address);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe FloatVector256<T> GatherStrided(ref readonly T source, nuint stride, Vector256<int> offsets)
    {
        if (!Avx2.IsSupported)
        {
            return FloatVector.GatherStridedByElement<FloatVector256<T>, T>(in source, stride);
        }

        fixed (byte* address = &Unsafe.As<T, byte>(ref Unsafe.AsRef(in source)))
        {
            return typeof(T) == typeof(float)
                ? new(Avx2.GatherVector256((float*)address, offsets, 4).As<float, T>())
                : new(Avx2.GatherVector256((double*)address, offsets.GetLower(), 8).As<double, T>());
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> operator +(FloatVector256<T> left, FloatVector256<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> operator -(FloatVector256<T> left, FloatVector256<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> operator *(FloatVector256<T> left, FloatVector256<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> operator /(FloatVector256<T> left, FloatVector256<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> operator -(FloatVector256<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> operator &(FloatVector256<T> left, FloatVector256<T> right) => new(left._value & right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> operator |(FloatVector256<T> left, FloatVector256<T> right) => new(left._value | right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> operator ^(FloatVector256<T> left, FloatVector256<T> right) => new(left._value ^ right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> MultiplyAdd(FloatVector256<T> a, FloatVector256<T> b, FloatVector256<T> c) => typeof(T) == typeof(float)
        ? new(Vector256.MultiplyAddEstimate(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>())
        : new(Vector256.MultiplyAddEstimate(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> MultiplyAddNegated(FloatVector256<T> a, FloatVector256<T> b, FloatVector256<T> c)
    {
        if (Fma.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Fma.MultiplyAddNegated(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>())
                : new(Fma.MultiplyAddNegated(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        }

        return MultiplyAdd(-a, b, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> MultiplySubtract(FloatVector256<T> a, FloatVector256<T> b, FloatVector256<T> c)
    {
        if (Fma.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Fma.MultiplySubtract(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>())
                : new(Fma.MultiplySubtract(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        }

        return MultiplyAdd(a, b, -c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> MultiplySubtractNegated(FloatVector256<T> a, FloatVector256<T> b, FloatVector256<T> c)
    {
        if (Fma.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Fma.MultiplySubtractNegated(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>())
                : new(Fma.MultiplySubtractNegated(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        }

        return MultiplyAdd(-a, b, -c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Min(FloatVector256<T> left, FloatVector256<T> right) => new(Vector256.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Max(FloatVector256<T> left, FloatVector256<T> right) => new(Vector256.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> ClampBelow(FloatVector256<T> value, FloatVector256<T> bound) => new(Vector256.MaxNative(bound._value, value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> ClampAbove(FloatVector256<T> value, FloatVector256<T> bound) => new(Vector256.MinNative(bound._value, value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> AbsClamped(FloatVector256<T> value, FloatVector256<T> limit)
    {
        if (Avx512DQ.VL.IsSupported)
        {
            // Control 1010b: the smaller magnitude (10b), sign cleared (10b).
            return typeof(T) == typeof(float)
                ? new(Avx512DQ.VL.Range(value._value.AsSingle(), limit._value.AsSingle(), 0b1010).As<float, T>())
                : new(Avx512DQ.VL.Range(value._value.AsDouble(), limit._value.AsDouble(), 0b1010).As<double, T>());
        }

        return ClampAbove(Abs(value), limit);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> ClampMagnitude(FloatVector256<T> value, FloatVector256<T> limit)
    {
        if (Avx512DQ.VL.IsSupported)
        {
            // Control 0010b: the smaller magnitude (10b), the sign of value (00b).
            return typeof(T) == typeof(float)
                ? new(Avx512DQ.VL.Range(value._value.AsSingle(), limit._value.AsSingle(), 0b0010).As<float, T>())
                : new(Avx512DQ.VL.Range(value._value.AsDouble(), limit._value.AsDouble(), 0b0010).As<double, T>());
        }

        return ClampAbove(ClampBelow(value, -limit), limit);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> MinusAbsClamped(FloatVector256<T> value, FloatVector256<T> limit)
    {
        if (Avx512DQ.VL.IsSupported)
        {
            // Control 1110b: the smaller magnitude (10b), sign forced to 1 (11b).
            return typeof(T) == typeof(float)
                ? new(Avx512DQ.VL.Range(value._value.AsSingle(), limit._value.AsSingle(), 0b1110).As<float, T>())
                : new(Avx512DQ.VL.Range(value._value.AsDouble(), limit._value.AsDouble(), 0b1110).As<double, T>());
        }

        return ClampBelow(value | Create(-0.0), -limit);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> FusedMultiplyAdd(FloatVector256<T> a, FloatVector256<T> b, FloatVector256<T> c)
    {
        if (typeof(T) == typeof(double))
        {
            return new(Vector256.FusedMultiplyAdd(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        }

        Vector256<float> x = a._value.AsSingle(), y = b._value.AsSingle(), z = c._value.AsSingle();
        if (!FloatVector.HasHardwareFma)
        {
            // In double (see FloatVector.HasHardwareFma): the product is exact there, one rounding to double, one to float.
            Vector256<double> lower = Vector256.WidenLower(x) * Vector256.WidenLower(y) + Vector256.WidenLower(z);
            Vector256<double> upper = Vector256.WidenUpper(x) * Vector256.WidenUpper(y) + Vector256.WidenUpper(z);
            return new(Vector256.Narrow(lower, upper).As<float, T>());
        }

        return new(Vector256.FusedMultiplyAdd(x, y, z).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> FusedMultiplySubtract(FloatVector256<T> a, FloatVector256<T> b, FloatVector256<T> c)
    {
        if (Fma.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Fma.MultiplySubtract(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>())
                : new(Fma.MultiplySubtract(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        }

        return FusedMultiplyAdd(a, b, -c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> InDoublePrecision<TOp>(FloatVector256<T> x, TOp op) where TOp : struct, IUnaryOperator
    {
        if (typeof(T) == typeof(double))
        {
            return op.Invoke(x);
        }

        Vector256<float> single = x._value.AsSingle();
        FloatVector256<double> lower = op.Invoke(new FloatVector256<double>(Vector256.WidenLower(single)));
        FloatVector256<double> upper = op.Invoke(new FloatVector256<double>(Vector256.WidenUpper(single)));
        return new(Vector256.Narrow(lower._value, upper._value).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SumLanes(FloatVector256<T> value) => typeof(T) == typeof(float)
        ? Vector256.Sum(value._value.AsSingle())
        : Vector256.Sum(value._value.AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Abs(FloatVector256<T> value) => new(Vector256.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> SignBit(FloatVector256<T> value) => new(value._value & Vector256.Create(FloatVector.Constant<T>(-0.0)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> FlipSignUnlessNegative(FloatVector256<T> value, FloatVector256<T> sign) =>
        new(value._value ^ Vector256.AndNot(Vector256.Create(FloatVector.Constant<T>(-0.0)), sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Round(FloatVector256<T> value) => typeof(T) == typeof(float)
        ? new(Vector256.Round(value._value.AsSingle()).As<float, T>())
        : new(Vector256.Round(value._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Floor(FloatVector256<T> value) => typeof(T) == typeof(float)
        ? new(Vector256.Floor(value._value.AsSingle()).As<float, T>())
        : new(Vector256.Floor(value._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Sqrt(FloatVector256<T> value) => new(Vector256.Sqrt(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> DivideWhereGreaterThan(FloatVector256<T> left, FloatVector256<T> right, FloatVector256<T> numerator, FloatVector256<T> denominator, FloatVector256<T> otherwise)
    {
        if (Avx512F.VL.IsSupported)
        {
            // The division as the blend's direct operand: the JIT folds it into a merge-masked vdivps.
            return typeof(T) == typeof(float)
                ? new(Avx512F.VL.BlendVariable(otherwise._value.AsSingle(), Avx.Divide(numerator._value.AsSingle(), denominator._value.AsSingle()), Avx512F.VL.CompareGreaterThan(left._value.AsSingle(), right._value.AsSingle())).As<float, T>())
                : new(Avx512F.VL.BlendVariable(otherwise._value.AsDouble(), Avx.Divide(numerator._value.AsDouble(), denominator._value.AsDouble()), Avx512F.VL.CompareGreaterThan(left._value.AsDouble(), right._value.AsDouble())).As<double, T>());
        }

        return SelectGreaterThan(left, right, numerator / denominator, otherwise);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> ScaleB(FloatVector256<T> x, FloatVector256<T> n)
    {
        if (AvxScale.IsSupported256)
        {
            return new(AvxScale.Scale(x._value, n._value));
        }

        return FloatBits.ScaleB(x, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> ScaleBFloor(FloatVector256<T> x, FloatVector256<T> n) =>
        AvxScale.IsSupported256 ? new(AvxScale.Scale(x._value, n._value)) : FloatBits.ScaleB(x, Floor(n));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Frexp(FloatVector256<T> value, out FloatVector256<T> exponent)
    {
        if (AvxScale.IsSupported256)
        {
            exponent = new(AvxScale.GetExponent(value._value));
            return new(AvxScale.GetMantissa(value._value));
        }

        return FloatBits.Frexp(value, out exponent);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> ShiftLeftBits(FloatVector256<T> value, [ConstantExpected] int count) =>
        typeof(T) == typeof(float)
            ? new(Vector256.ShiftLeft(value._value.AsInt32(), count).As<int, T>())
            : new(Vector256.ShiftLeft(value._value.AsInt64(), count).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> SixteenthPower(FloatVector256<T> bits, out FloatVector256<T> low)
    {
        if (typeof(T) == typeof(float))
        {
            Vector256<int> index = bits._value.AsInt32();
            if (Avx512F.VL.IsSupported)
            {
                low = new(Avx512F.VL.PermuteVar8x32x2(SixteenthPowers.Low256Lower, index, SixteenthPowers.Low256Upper).As<float, T>());
                return new(Avx512F.VL.PermuteVar8x32x2(SixteenthPowers.High256Lower, index, SixteenthPowers.High256Upper).As<float, T>());
            }

            if (Avx2.IsSupported)
            {
                // Each half of the table by one permute (low three bits), then bit 3, moved to the sign, picks the half.
                Vector256<float> upperHalf = Avx2.ShiftLeftLogical(index, 28).AsSingle();
                low = new(Avx.BlendVariable(
                    Avx2.PermuteVar8x32(SixteenthPowers.Low256Lower, index),
                    Avx2.PermuteVar8x32(SixteenthPowers.Low256Upper, index),
                    upperHalf).As<float, T>());
                return new(Avx.BlendVariable(
                    Avx2.PermuteVar8x32(SixteenthPowers.High256Lower, index),
                    Avx2.PermuteVar8x32(SixteenthPowers.High256Upper, index),
                    upperHalf).As<float, T>());
            }
        }

        Vector256<T> high = SixteenthPowers.LookupLanes(bits._value, out Vector256<T> lowLanes);
        low = new(lowLanes);
        return new(high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> ShiftRightBits(FloatVector256<T> value, [ConstantExpected] int count) =>
        typeof(T) == typeof(float)
            ? new(Vector256.ShiftRightLogical(value._value.AsInt32(), count).As<int, T>())
            : new(Vector256.ShiftRightLogical(value._value.AsInt64(), count).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> SelectNegativeElseOne(FloatVector256<T> x, FloatVector256<T> ifNegative)
    {
        if (Avx512F.VL.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Avx512F.VL.Fixup(ifNegative._value.AsSingle(), x._value.AsSingle(), Vector256.Create(FloatBits.NegativeElseOneTable), 0).As<float, T>())
                : new(Avx512F.VL.Fixup(ifNegative._value.AsDouble(), x._value.AsDouble(), Vector256.Create((long)FloatBits.NegativeElseOneTable), 0).As<double, T>());
        }

        return SelectLessThan(x, Create(0.0), ifNegative, Create(1.0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> CopySign(FloatVector256<T> magnitude, FloatVector256<T> sign) =>
        new(Vector256.CopySign(magnitude._value, sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Select(FloatVector256<T> condition, FloatVector256<T> left, FloatVector256<T> right) =>
        new(Vector256.ConditionalSelect(condition._value, left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> SelectLessThan(FloatVector256<T> left, FloatVector256<T> right, FloatVector256<T> ifTrue, FloatVector256<T> ifFalse) => Select(LessThan(left, right), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> SelectGreaterThan(FloatVector256<T> left, FloatVector256<T> right, FloatVector256<T> ifTrue, FloatVector256<T> ifFalse) => Select(GreaterThan(left, right), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> LessThan(FloatVector256<T> left, FloatVector256<T> right) => new(Vector256.LessThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> LessThanOrEqual(FloatVector256<T> left, FloatVector256<T> right) => new(Vector256.LessThanOrEqual(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> GreaterThan(FloatVector256<T> left, FloatVector256<T> right) => new(Vector256.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> GreaterThanOrEqual(FloatVector256<T> left, FloatVector256<T> right) => new(Vector256.GreaterThanOrEqual(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Equal(FloatVector256<T> left, FloatVector256<T> right) => new(Vector256.Equals(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> IsNaN(FloatVector256<T> value) => new(Vector256.IsNaN(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyTrue(FloatVector256<T> mask) => Vector256.ExtractMostSignificantBits(mask._value) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyLessThan(FloatVector256<T> left, FloatVector256<T> right) => Vector256.LessThanAny(left._value, right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256<T> Lookup<TTable>(FloatVector256<T> index) where TTable : ITable32 =>
        new(FloatVector.TableLanes<T, TTable>(index._value));
}
