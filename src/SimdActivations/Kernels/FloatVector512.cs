using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdActivations.Kernels;

/// <summary>A 512-bit register of <typeparamref name="T"/> lanes (<c>float</c> or <c>double</c>).</summary>
internal readonly partial struct FloatVector512<T> : IVectorMemory<FloatVector512<T>, T>
{
    private readonly Vector512<T> _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private FloatVector512(Vector512<T> value) => _value = value;

    public static int Count => Vector512<T>.Count;

    // Forced: a plain property is inlined only while the loop's inlining budget lasts, and an operator large enough to
    // exhaust it (tanh at 256 bits) would otherwise keep both lane-type branches, with a call to decide between them.
    public static bool IsDouble
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(double);
    }

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Create(double value) => typeof(T) == typeof(float)
        ? new(Vector512.Create((float)value).As<float, T>())
        : new(Vector512.Create(value).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Create(double ifDouble, float ifSingle) => typeof(T) == typeof(float)
        ? new(Vector512.Create(ifSingle).As<float, T>())
        : new(Vector512.Create(ifDouble).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Load(ref readonly T source, nuint index) => new(Vector512.LoadUnsafe(in source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatVector512<T> value, ref T destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreNonTemporal(FloatVector512<T> value, ref T destination, nuint index)
    {
        void* address = Unsafe.AsPointer(ref Unsafe.Add(ref destination, index));
        if (typeof(T) == typeof(float))
        {
            Vector512.StoreAlignedNonTemporal(value._value.AsSingle(), (float*)address);
        }
        else
        {
            Vector512.StoreAlignedNonTemporal(value._value.AsDouble(), (double*)address);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe FloatVector512<T> GatherStrided(ref readonly T source, nuint stride, Vector256<int> offsets)
    {
        if (!Avx2.IsSupported)
        {
            return FloatVector.GatherStridedByElement<FloatVector512<T>, T>(in source, stride);
        }

        fixed (byte* address = &Unsafe.As<T, byte>(ref Unsafe.AsRef(in source)))
        {
            nint upper = Vector512<T>.Count / 2 * (nint)stride;
            if (typeof(T) == typeof(float))
            {
                float* low = (float*)address;
                return new(Avx2.GatherVector256(low, offsets, 4).ToVector512Unsafe().WithUpper(Avx2.GatherVector256(low + upper, offsets, 4)).As<float, T>());
            }
            else
            {
                double* low = (double*)address;
                Vector128<int> half = offsets.GetLower();
                return new(Avx2.GatherVector256(low, half, 8).ToVector512Unsafe().WithUpper(Avx2.GatherVector256(low + upper, half, 8)).As<double, T>());
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> operator +(FloatVector512<T> left, FloatVector512<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> operator -(FloatVector512<T> left, FloatVector512<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> operator *(FloatVector512<T> left, FloatVector512<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> operator /(FloatVector512<T> left, FloatVector512<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> operator -(FloatVector512<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> operator &(FloatVector512<T> left, FloatVector512<T> right) => new(left._value & right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> operator |(FloatVector512<T> left, FloatVector512<T> right) => new(left._value | right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> operator ^(FloatVector512<T> left, FloatVector512<T> right) => new(left._value ^ right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> MultiplyAdd(FloatVector512<T> a, FloatVector512<T> b, FloatVector512<T> c) => typeof(T) == typeof(float)
        ? new(Vector512.MultiplyAddEstimate(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>())
        : new(Vector512.MultiplyAddEstimate(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> MultiplyAddNegated(FloatVector512<T> a, FloatVector512<T> b, FloatVector512<T> c)
    {
        if (Avx512F.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Avx512F.FusedMultiplyAddNegated(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>())
                : new(Avx512F.FusedMultiplyAddNegated(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        }

        return MultiplyAdd(-a, b, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> MultiplySubtract(FloatVector512<T> a, FloatVector512<T> b, FloatVector512<T> c)
    {
        if (Avx512F.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Avx512F.FusedMultiplySubtract(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>())
                : new(Avx512F.FusedMultiplySubtract(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        }

        return MultiplyAdd(a, b, -c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> MultiplySubtractNegated(FloatVector512<T> a, FloatVector512<T> b, FloatVector512<T> c)
    {
        if (Avx512F.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Avx512F.FusedMultiplySubtractNegated(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>())
                : new(Avx512F.FusedMultiplySubtractNegated(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        }

        return MultiplyAdd(-a, b, -c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Min(FloatVector512<T> left, FloatVector512<T> right) => new(Vector512.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Max(FloatVector512<T> left, FloatVector512<T> right) => new(Vector512.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> ClampBelow(FloatVector512<T> value, FloatVector512<T> bound) => new(Vector512.MaxNative(bound._value, value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> ClampAbove(FloatVector512<T> value, FloatVector512<T> bound) => new(Vector512.MinNative(bound._value, value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> AbsClamped(FloatVector512<T> value, FloatVector512<T> limit)
    {
        if (Avx512DQ.IsSupported)
        {
            // Control 1010b: the smaller magnitude (10b), sign cleared (10b).
            return typeof(T) == typeof(float)
                ? new(Avx512DQ.Range(value._value.AsSingle(), limit._value.AsSingle(), 0b1010).As<float, T>())
                : new(Avx512DQ.Range(value._value.AsDouble(), limit._value.AsDouble(), 0b1010).As<double, T>());
        }

        return ClampAbove(Abs(value), limit);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> ClampMagnitude(FloatVector512<T> value, FloatVector512<T> limit)
    {
        if (Avx512DQ.IsSupported)
        {
            // Control 0010b: the smaller magnitude (10b), the sign of value (00b).
            return typeof(T) == typeof(float)
                ? new(Avx512DQ.Range(value._value.AsSingle(), limit._value.AsSingle(), 0b0010).As<float, T>())
                : new(Avx512DQ.Range(value._value.AsDouble(), limit._value.AsDouble(), 0b0010).As<double, T>());
        }

        return ClampAbove(ClampBelow(value, -limit), limit);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> MinusAbsClamped(FloatVector512<T> value, FloatVector512<T> limit)
    {
        if (Avx512DQ.IsSupported)
        {
            // Control 1110b: the smaller magnitude (10b), sign forced to 1 (11b).
            return typeof(T) == typeof(float)
                ? new(Avx512DQ.Range(value._value.AsSingle(), limit._value.AsSingle(), 0b1110).As<float, T>())
                : new(Avx512DQ.Range(value._value.AsDouble(), limit._value.AsDouble(), 0b1110).As<double, T>());
        }

        return ClampBelow(value | Create(-0.0), -limit);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> FusedMultiplyAdd(FloatVector512<T> a, FloatVector512<T> b, FloatVector512<T> c) => typeof(T) == typeof(float)
        ? new(Vector512.FusedMultiplyAdd(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>())
        : new(Vector512.FusedMultiplyAdd(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> FusedMultiplySubtract(FloatVector512<T> a, FloatVector512<T> b, FloatVector512<T> c)
    {
        if (Avx512F.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Avx512F.FusedMultiplySubtract(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>())
                : new(Avx512F.FusedMultiplySubtract(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        }

        return FusedMultiplyAdd(a, b, -c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> InDoublePrecision<TOp>(FloatVector512<T> x, TOp op) where TOp : struct, IUnaryOperator
    {
        if (typeof(T) == typeof(double))
        {
            return op.Invoke(x);
        }

        Vector512<float> single = x._value.AsSingle();
        FloatVector512<double> lower = op.Invoke(new FloatVector512<double>(Vector512.WidenLower(single)));
        FloatVector512<double> upper = op.Invoke(new FloatVector512<double>(Vector512.WidenUpper(single)));
        return new(Vector512.Narrow(lower._value, upper._value).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SumLanes(FloatVector512<T> value) => typeof(T) == typeof(float)
        ? Vector512.Sum(value._value.AsSingle())
        : Vector512.Sum(value._value.AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Abs(FloatVector512<T> value) => new(Vector512.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> SignBit(FloatVector512<T> value) => new(value._value & Vector512.Create(FloatVector.Constant<T>(-0.0)));

    /// <remarks>Truth table 0xD2 over (value, sign, −0): value ^ (~sign &amp; −0).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> FlipSignUnlessNegative(FloatVector512<T> value, FloatVector512<T> sign)
    {
        Vector512<T> mask = Vector512.Create(FloatVector.Constant<T>(-0.0));
        if (Avx512F.IsSupported)
        {
            return new(Avx512F.TernaryLogic(value._value.AsUInt32(), sign._value.AsUInt32(), mask.AsUInt32(), 0xD2).As<uint, T>());
        }

        return new(value._value ^ Vector512.AndNot(mask, sign._value));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Round(FloatVector512<T> value) => typeof(T) == typeof(float)
        ? new(Vector512.Round(value._value.AsSingle()).As<float, T>())
        : new(Vector512.Round(value._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Floor(FloatVector512<T> value) => typeof(T) == typeof(float)
        ? new(Vector512.Floor(value._value.AsSingle()).As<float, T>())
        : new(Vector512.Floor(value._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Sqrt(FloatVector512<T> value) => new(Vector512.Sqrt(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> DivideWhereGreaterThan(FloatVector512<T> left, FloatVector512<T> right, FloatVector512<T> numerator, FloatVector512<T> denominator, FloatVector512<T> otherwise)
    {
        if (Avx512F.IsSupported)
        {
            // The division as the blend's direct operand: the JIT folds it into a merge-masked vdivps.
            return typeof(T) == typeof(float)
                ? new(Avx512F.BlendVariable(otherwise._value.AsSingle(), Avx512F.Divide(numerator._value.AsSingle(), denominator._value.AsSingle()), Avx512F.CompareGreaterThan(left._value.AsSingle(), right._value.AsSingle())).As<float, T>())
                : new(Avx512F.BlendVariable(otherwise._value.AsDouble(), Avx512F.Divide(numerator._value.AsDouble(), denominator._value.AsDouble()), Avx512F.CompareGreaterThan(left._value.AsDouble(), right._value.AsDouble())).As<double, T>());
        }

        return SelectGreaterThan(left, right, numerator / denominator, otherwise);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> ScaleB(FloatVector512<T> x, FloatVector512<T> n)
    {
        if (AvxScale.IsSupported512)
        {
            return new(AvxScale.Scale(x._value, n._value));
        }

        return FloatBits.ScaleB(x, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> ScaleBFloor(FloatVector512<T> x, FloatVector512<T> n) =>
        AvxScale.IsSupported512 ? new(AvxScale.Scale(x._value, n._value)) : FloatBits.ScaleB(x, Floor(n));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Frexp(FloatVector512<T> value, out FloatVector512<T> exponent)
    {
        if (AvxScale.IsSupported512)
        {
            exponent = new(AvxScale.GetExponent(value._value));
            return new(AvxScale.GetMantissa(value._value));
        }

        return FloatBits.Frexp(value, out exponent);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> ShiftLeftBits(FloatVector512<T> value, [ConstantExpected] int count) =>
        typeof(T) == typeof(float)
            ? new(Vector512.ShiftLeft(value._value.AsInt32(), count).As<int, T>())
            : new(Vector512.ShiftLeft(value._value.AsInt64(), count).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> SixteenthPower(FloatVector512<T> bits, out FloatVector512<T> low)
    {
        if (typeof(T) == typeof(float) && Avx512F.IsSupported)
        {
            Vector512<int> index = bits._value.AsInt32();
            low = new(Avx512F.PermuteVar16x32(SixteenthPowers.Low512, index).As<float, T>());
            return new(Avx512F.PermuteVar16x32(SixteenthPowers.High512, index).As<float, T>());
        }

        Vector512<T> high = SixteenthPowers.LookupLanes(bits._value, out Vector512<T> lowLanes);
        low = new(lowLanes);
        return new(high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> ShiftRightBits(FloatVector512<T> value, [ConstantExpected] int count) =>
        typeof(T) == typeof(float)
            ? new(Vector512.ShiftRightLogical(value._value.AsInt32(), count).As<int, T>())
            : new(Vector512.ShiftRightLogical(value._value.AsInt64(), count).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> SelectNegativeElseOne(FloatVector512<T> x, FloatVector512<T> ifNegative)
    {
        if (Avx512F.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Avx512F.Fixup(ifNegative._value.AsSingle(), x._value.AsSingle(), Vector512.Create(FloatBits.NegativeElseOneTable), 0).As<float, T>())
                : new(Avx512F.Fixup(ifNegative._value.AsDouble(), x._value.AsDouble(), Vector512.Create((long)FloatBits.NegativeElseOneTable), 0).As<double, T>());
        }

        return SelectLessThan(x, Create(0.0), ifNegative, Create(1.0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> CopySign(FloatVector512<T> magnitude, FloatVector512<T> sign) =>
        new(Vector512.CopySign(magnitude._value, sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Select(FloatVector512<T> condition, FloatVector512<T> left, FloatVector512<T> right)
    {
        // BlendVariable lets the JIT keep a comparison's result in a k-mask register (vblendmps) instead of
        // expanding it to a vector and blending bitwise (vpmovm2d + vpternlogd).
        if (Avx512F.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Avx512F.BlendVariable(right._value.AsSingle(), left._value.AsSingle(), condition._value.AsSingle()).As<float, T>())
                : new(Avx512F.BlendVariable(right._value.AsDouble(), left._value.AsDouble(), condition._value.AsDouble()).As<double, T>());
        }

        return new(Vector512.ConditionalSelect(condition._value, left._value, right._value));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> SelectLessThan(FloatVector512<T> left, FloatVector512<T> right, FloatVector512<T> ifTrue, FloatVector512<T> ifFalse)
    {
        if (!Avx512F.IsSupported)
        {
            return Select(LessThan(left, right), ifTrue, ifFalse);
        }

        return typeof(T) == typeof(float)
            ? new(Avx512F.BlendVariable(ifFalse._value.AsSingle(), ifTrue._value.AsSingle(), Avx512F.CompareLessThan(left._value.AsSingle(), right._value.AsSingle())).As<float, T>())
            : new(Avx512F.BlendVariable(ifFalse._value.AsDouble(), ifTrue._value.AsDouble(), Avx512F.CompareLessThan(left._value.AsDouble(), right._value.AsDouble())).As<double, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> SelectGreaterThan(FloatVector512<T> left, FloatVector512<T> right, FloatVector512<T> ifTrue, FloatVector512<T> ifFalse)
    {
        if (!Avx512F.IsSupported)
        {
            return Select(GreaterThan(left, right), ifTrue, ifFalse);
        }

        return typeof(T) == typeof(float)
            ? new(Avx512F.BlendVariable(ifFalse._value.AsSingle(), ifTrue._value.AsSingle(), Avx512F.CompareGreaterThan(left._value.AsSingle(), right._value.AsSingle())).As<float, T>())
            : new(Avx512F.BlendVariable(ifFalse._value.AsDouble(), ifTrue._value.AsDouble(), Avx512F.CompareGreaterThan(left._value.AsDouble(), right._value.AsDouble())).As<double, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> LessThan(FloatVector512<T> left, FloatVector512<T> right) => !Avx512F.IsSupported
        ? new(Vector512.LessThan(left._value, right._value))
        : typeof(T) == typeof(float)
            ? new(Avx512F.CompareLessThan(left._value.AsSingle(), right._value.AsSingle()).As<float, T>())
            : new(Avx512F.CompareLessThan(left._value.AsDouble(), right._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> LessThanOrEqual(FloatVector512<T> left, FloatVector512<T> right) => !Avx512F.IsSupported
        ? new(Vector512.LessThanOrEqual(left._value, right._value))
        : typeof(T) == typeof(float)
            ? new(Avx512F.CompareLessThanOrEqual(left._value.AsSingle(), right._value.AsSingle()).As<float, T>())
            : new(Avx512F.CompareLessThanOrEqual(left._value.AsDouble(), right._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> GreaterThan(FloatVector512<T> left, FloatVector512<T> right) => !Avx512F.IsSupported
        ? new(Vector512.GreaterThan(left._value, right._value))
        : typeof(T) == typeof(float)
            ? new(Avx512F.CompareGreaterThan(left._value.AsSingle(), right._value.AsSingle()).As<float, T>())
            : new(Avx512F.CompareGreaterThan(left._value.AsDouble(), right._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> GreaterThanOrEqual(FloatVector512<T> left, FloatVector512<T> right) => !Avx512F.IsSupported
        ? new(Vector512.GreaterThanOrEqual(left._value, right._value))
        : typeof(T) == typeof(float)
            ? new(Avx512F.CompareGreaterThanOrEqual(left._value.AsSingle(), right._value.AsSingle()).As<float, T>())
            : new(Avx512F.CompareGreaterThanOrEqual(left._value.AsDouble(), right._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Equal(FloatVector512<T> left, FloatVector512<T> right) => !Avx512F.IsSupported
        ? new(Vector512.Equals(left._value, right._value))
        : typeof(T) == typeof(float)
            ? new(Avx512F.CompareEqual(left._value.AsSingle(), right._value.AsSingle()).As<float, T>())
            : new(Avx512F.CompareEqual(left._value.AsDouble(), right._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> IsNaN(FloatVector512<T> value) => !Avx512F.IsSupported
        ? new(Vector512.IsNaN(value._value))
        : typeof(T) == typeof(float)
            ? new(Avx512F.CompareUnordered(value._value.AsSingle(), value._value.AsSingle()).As<float, T>())
            : new(Avx512F.CompareUnordered(value._value.AsDouble(), value._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyTrue(FloatVector512<T> mask) => Vector512.ExtractMostSignificantBits(mask._value) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyLessThan(FloatVector512<T> left, FloatVector512<T> right) => Vector512.LessThanAny(left._value, right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512<T> Lookup<TTable>(FloatVector512<T> index) where TTable : ITable32 =>
        typeof(T) == typeof(float) && Avx512F.IsSupported
            ? new(Avx512F.PermuteVar16x32x2(TTable.Lower, index._value.AsInt32(), TTable.Upper).As<float, T>())
            : new(FloatVector.TableLanes<T, TTable>(index._value));
}
