using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdActivations.Kernels;

/// <summary>A 128-bit register of <typeparamref name="T"/> lanes (<c>float</c> or <c>double</c>).</summary>
internal readonly partial struct FloatVector128<T> : IVectorMemory<FloatVector128<T>, T>
{
    private readonly Vector128<T> _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private FloatVector128(Vector128<T> value) => _value = value;

    public static int Count => Vector128<T>.Count;

    // Forced: a plain property is inlined only while the loop's inlining budget lasts, and an operator large enough to
    // exhaust it (tanh at 256 bits) would otherwise keep both lane-type branches, with a call to decide between them.
    public static bool IsDouble
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(double);
    }

    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> Create(double value) => typeof(T) == typeof(float)
        ? new(Vector128.Create((float)value).As<float, T>())
        : new(Vector128.Create(value).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> Create(double ifDouble, float ifSingle) => typeof(T) == typeof(float)
        ? new(Vector128.Create(ifSingle).As<float, T>())
        : new(Vector128.Create(ifDouble).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> Load(ref readonly T source, nuint index) => new(Vector128.LoadUnsafe(in source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatVector128<T> value, ref T destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreNonTemporal(FloatVector128<T> value, ref T destination, nuint index)
    {
        void* address = Unsafe.AsPointer(ref Unsafe.Add(ref destination, index));
        if (typeof(T) == typeof(float))
        {
            Vector128.StoreAlignedNonTemporal(value._value.AsSingle(), (float*)address);
        }
        else
        {
            Vector128.StoreAlignedNonTemporal(value._value.AsDouble(), (double*)address);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe FloatVector128<T> GatherStrided(ref readonly T source, nuint stride, Vector256<int> offsets)
    {
        if (!Avx2.IsSupported)
        {
            return FloatVector.GatherStridedByElement<FloatVector128<T>, T>(in source, stride);
        }

        fixed (byte* address = &Unsafe.As<T, byte>(ref Unsafe.AsRef(in source)))
        {
            // The double form reads the index vector's first two lanes.
            return typeof(T) == typeof(float)
                ? new(Avx2.GatherVector128((float*)address, offsets.GetLower(), 4).As<float, T>())
                : new(Avx2.GatherVector128((double*)address, offsets.GetLower(), 8).As<double, T>());
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> operator +(FloatVector128<T> left, FloatVector128<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> operator -(FloatVector128<T> left, FloatVector128<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> operator *(FloatVector128<T> left, FloatVector128<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> operator /(FloatVector128<T> left, FloatVector128<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> operator -(FloatVector128<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> operator &(FloatVector128<T> left, FloatVector128<T> right) => new(left._value & right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> operator |(FloatVector128<T> left, FloatVector128<T> right) => new(left._value | right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> operator ^(FloatVector128<T> left, FloatVector128<T> right) => new(left._value ^ right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> MultiplyAdd(FloatVector128<T> a, FloatVector128<T> b, FloatVector128<T> c) => typeof(T) == typeof(float)
        ? new(Vector128.MultiplyAddEstimate(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>())
        : new(Vector128.MultiplyAddEstimate(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> MultiplyAddNegated(FloatVector128<T> a, FloatVector128<T> b, FloatVector128<T> c)
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
    public static FloatVector128<T> MultiplySubtract(FloatVector128<T> a, FloatVector128<T> b, FloatVector128<T> c)
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
    public static FloatVector128<T> MultiplySubtractNegated(FloatVector128<T> a, FloatVector128<T> b, FloatVector128<T> c)
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
    public static FloatVector128<T> Min(FloatVector128<T> left, FloatVector128<T> right) => new(Vector128.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> Max(FloatVector128<T> left, FloatVector128<T> right) => new(Vector128.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> ClampBelow(FloatVector128<T> value, FloatVector128<T> bound) => new(Vector128.MaxNative(bound._value, value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> ClampAbove(FloatVector128<T> value, FloatVector128<T> bound) => new(Vector128.MinNative(bound._value, value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> AbsClamped(FloatVector128<T> value, FloatVector128<T> limit)
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
    public static FloatVector128<T> ClampMagnitude(FloatVector128<T> value, FloatVector128<T> limit)
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
    public static FloatVector128<T> MinusAbsClamped(FloatVector128<T> value, FloatVector128<T> limit)
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
    public static FloatVector128<T> FusedMultiplyAdd(FloatVector128<T> a, FloatVector128<T> b, FloatVector128<T> c)
    {
        if (typeof(T) == typeof(double))
        {
            return new(Vector128.FusedMultiplyAdd(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        }

        Vector128<float> x = a._value.AsSingle(), y = b._value.AsSingle(), z = c._value.AsSingle();
        if (!FloatVector.HasHardwareFma)
        {
            // In double (see FloatVector.HasHardwareFma): the product is exact there, one rounding to double, one to float.
            Vector128<double> lower = Vector128.WidenLower(x) * Vector128.WidenLower(y) + Vector128.WidenLower(z);
            Vector128<double> upper = Vector128.WidenUpper(x) * Vector128.WidenUpper(y) + Vector128.WidenUpper(z);
            return new(Vector128.Narrow(lower, upper).As<float, T>());
        }

        return new(Vector128.FusedMultiplyAdd(x, y, z).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> FusedMultiplySubtract(FloatVector128<T> a, FloatVector128<T> b, FloatVector128<T> c)
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
    public static FloatVector128<T> InDoublePrecision<TOp>(FloatVector128<T> x, TOp op) where TOp : struct, IUnaryOperator
    {
        if (typeof(T) == typeof(double))
        {
            return op.Invoke(x);
        }

        Vector128<float> single = x._value.AsSingle();
        FloatVector128<double> lower = op.Invoke(new FloatVector128<double>(Vector128.WidenLower(single)));
        FloatVector128<double> upper = op.Invoke(new FloatVector128<double>(Vector128.WidenUpper(single)));
        return new(Vector128.Narrow(lower._value, upper._value).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SumLanes(FloatVector128<T> value) => typeof(T) == typeof(float)
        ? Vector128.Sum(value._value.AsSingle())
        : Vector128.Sum(value._value.AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> Abs(FloatVector128<T> value) => new(Vector128.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> SignBit(FloatVector128<T> value) => new(value._value & Vector128.Create(FloatVector.Constant<T>(-0.0)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> FlipSignUnlessNegative(FloatVector128<T> value, FloatVector128<T> sign) =>
        new(value._value ^ Vector128.AndNot(Vector128.Create(FloatVector.Constant<T>(-0.0)), sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> Round(FloatVector128<T> value) => typeof(T) == typeof(float)
        ? new(Vector128.Round(value._value.AsSingle()).As<float, T>())
        : new(Vector128.Round(value._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> Floor(FloatVector128<T> value) => typeof(T) == typeof(float)
        ? new(Vector128.Floor(value._value.AsSingle()).As<float, T>())
        : new(Vector128.Floor(value._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> Sqrt(FloatVector128<T> value) => new(Vector128.Sqrt(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> DivideWhereGreaterThan(FloatVector128<T> left, FloatVector128<T> right, FloatVector128<T> numerator, FloatVector128<T> denominator, FloatVector128<T> otherwise)
    {
        if (Avx512F.VL.IsSupported)
        {
            // The division as the blend's direct operand: the JIT folds it into a merge-masked vdivps.
            return typeof(T) == typeof(float)
                ? new(Avx512F.VL.BlendVariable(otherwise._value.AsSingle(), Sse.Divide(numerator._value.AsSingle(), denominator._value.AsSingle()), Avx512F.VL.CompareGreaterThan(left._value.AsSingle(), right._value.AsSingle())).As<float, T>())
                : new(Avx512F.VL.BlendVariable(otherwise._value.AsDouble(), Sse2.Divide(numerator._value.AsDouble(), denominator._value.AsDouble()), Avx512F.VL.CompareGreaterThan(left._value.AsDouble(), right._value.AsDouble())).As<double, T>());
        }

        return SelectGreaterThan(left, right, numerator / denominator, otherwise);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> ScaleB(FloatVector128<T> x, FloatVector128<T> n)
    {
        if (AvxScale.IsSupported128)
        {
            return new(AvxScale.Scale(x._value, n._value));
        }

        return FloatBits.ScaleB(x, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> ScaleBFloor(FloatVector128<T> x, FloatVector128<T> n) =>
        AvxScale.IsSupported128 ? new(AvxScale.Scale(x._value, n._value)) : FloatBits.ScaleB(x, Floor(n));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> Frexp(FloatVector128<T> value, out FloatVector128<T> exponent)
    {
        if (AvxScale.IsSupported128)
        {
            exponent = new(AvxScale.GetExponent(value._value));
            return new(AvxScale.GetMantissa(value._value));
        }

        return FloatBits.Frexp(value, out exponent);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> ShiftLeftBits(FloatVector128<T> value, [ConstantExpected] int count) =>
        typeof(T) == typeof(float)
            ? new(Vector128.ShiftLeft(value._value.AsInt32(), count).As<int, T>())
            : new(Vector128.ShiftLeft(value._value.AsInt64(), count).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> SixteenthPower(FloatVector128<T> bits, out FloatVector128<T> low)
    {
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            // Each quarter of the table by one permute (low two bits), then bits 2 and 3, moved to the sign, pick it.
            Vector128<int> index = bits._value.AsInt32();
            Vector128<float> oddQuarter = Sse2.ShiftLeftLogical(index, 29).AsSingle();
            Vector128<float> upperHalf = Sse2.ShiftLeftLogical(index, 28).AsSingle();
            low = new(Quarters(index, oddQuarter, upperHalf, SixteenthPowers.Low128First, SixteenthPowers.Low128Second,
                SixteenthPowers.Low128Third, SixteenthPowers.Low128Fourth).As<float, T>());
            return new(Quarters(index, oddQuarter, upperHalf, SixteenthPowers.High128First, SixteenthPowers.High128Second,
                SixteenthPowers.High128Third, SixteenthPowers.High128Fourth).As<float, T>());
        }

        Vector128<T> high = SixteenthPowers.LookupLanes(bits._value, out Vector128<T> lowLanes);
        low = new(lowLanes);
        return new(high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Quarters(
        Vector128<int> index, Vector128<float> oddQuarter, Vector128<float> upperHalf,
        Vector128<float> first, Vector128<float> second, Vector128<float> third, Vector128<float> fourth) =>
        Sse41.BlendVariable(
            Sse41.BlendVariable(Avx.PermuteVar(first, index), Avx.PermuteVar(second, index), oddQuarter),
            Sse41.BlendVariable(Avx.PermuteVar(third, index), Avx.PermuteVar(fourth, index), oddQuarter),
            upperHalf);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> ShiftRightBits(FloatVector128<T> value, [ConstantExpected] int count) =>
        typeof(T) == typeof(float)
            ? new(Vector128.ShiftRightLogical(value._value.AsInt32(), count).As<int, T>())
            : new(Vector128.ShiftRightLogical(value._value.AsInt64(), count).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> SelectNegativeElseOne(FloatVector128<T> x, FloatVector128<T> ifNegative)
    {
        if (Avx512F.VL.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Avx512F.VL.Fixup(ifNegative._value.AsSingle(), x._value.AsSingle(), Vector128.Create(FloatBits.NegativeElseOneTable), 0).As<float, T>())
                : new(Avx512F.VL.Fixup(ifNegative._value.AsDouble(), x._value.AsDouble(), Vector128.Create((long)FloatBits.NegativeElseOneTable), 0).As<double, T>());
        }

        return SelectLessThan(x, Create(0.0), ifNegative, Create(1.0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> CopySign(FloatVector128<T> magnitude, FloatVector128<T> sign) =>
        new(Vector128.CopySign(magnitude._value, sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> Select(FloatVector128<T> condition, FloatVector128<T> left, FloatVector128<T> right) =>
        new(Vector128.ConditionalSelect(condition._value, left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> SelectLessThan(FloatVector128<T> left, FloatVector128<T> right, FloatVector128<T> ifTrue, FloatVector128<T> ifFalse) => Select(LessThan(left, right), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> SelectGreaterThan(FloatVector128<T> left, FloatVector128<T> right, FloatVector128<T> ifTrue, FloatVector128<T> ifFalse) => Select(GreaterThan(left, right), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> LessThan(FloatVector128<T> left, FloatVector128<T> right) => new(Vector128.LessThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> LessThanOrEqual(FloatVector128<T> left, FloatVector128<T> right) => new(Vector128.LessThanOrEqual(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> GreaterThan(FloatVector128<T> left, FloatVector128<T> right) => new(Vector128.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> GreaterThanOrEqual(FloatVector128<T> left, FloatVector128<T> right) => new(Vector128.GreaterThanOrEqual(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> Equal(FloatVector128<T> left, FloatVector128<T> right) => new(Vector128.Equals(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> IsNaN(FloatVector128<T> value) => new(Vector128.IsNaN(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyTrue(FloatVector128<T> mask) => Vector128.ExtractMostSignificantBits(mask._value) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyLessThan(FloatVector128<T> left, FloatVector128<T> right) => Vector128.LessThanAny(left._value, right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128<T> Lookup<TTable>(FloatVector128<T> index) where TTable : ITable32 =>
        new(FloatVector.TableLanes<T, TTable>(index._value));
}
