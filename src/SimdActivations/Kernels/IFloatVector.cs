using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdActivations.Kernels;

/// <summary>
/// The arithmetic an operator may use, over one register of <c>float</c> or <c>double</c> lanes
/// (<see cref="FloatVector128{T}"/>, <see cref="FloatVector256{T}"/>, <see cref="FloatVector512{T}"/>)
/// or over a single element (<see cref="FloatScalar{T}"/>).
/// </summary>
/// <remarks>
/// The BCL's <c>ISimdVector&lt;TSelf, T&gt;</c> is internal in .NET 10, so operators are written against this
/// interface instead: each operator's math is written once, generic over <typeparamref name="TSelf"/>, and the
/// JIT specializes it per width (every implementation is a struct holding one register). The element type is
/// hidden: constants are given as <c>double</c> and rounded once to the lane type (a compile-time constant after
/// inlining). A mask is a vector whose lanes are all-ones (true) or all-zeros (false).
/// </remarks>
internal partial interface IFloatVector<TSelf> where TSelf : struct, IFloatVector<TSelf>
{
    /// <summary>Number of lanes.</summary>
    static abstract int Count { get; }

    /// <summary><see langword="true"/> when the lanes are <c>double</c>, <see langword="false"/> for <c>float</c>.</summary>
    static abstract bool IsDouble { get; }

    /// <summary>Broadcasts <paramref name="value"/> rounded to the lane type.</summary>
    static abstract TSelf Create(double value);

    /// <summary>
    /// Broadcasts <paramref name="ifDouble"/> for double lanes and <paramref name="ifSingle"/> for float lanes. For
    /// run-time parameters: operators keep both roundings, so no conversion runs inside the loop (a scalar
    /// double→float conversion there also carries a false dependency from one iteration to the next).
    /// </summary>
    static abstract TSelf Create(double ifDouble, float ifSingle);

    static abstract TSelf operator +(TSelf left, TSelf right);
    static abstract TSelf operator -(TSelf left, TSelf right);
    static abstract TSelf operator *(TSelf left, TSelf right);
    static abstract TSelf operator /(TSelf left, TSelf right);
    static abstract TSelf operator -(TSelf value);
    static abstract TSelf operator &(TSelf left, TSelf right);
    static abstract TSelf operator |(TSelf left, TSelf right);
    static abstract TSelf operator ^(TSelf left, TSelf right);

    /// <summary><c>a·b + c</c>, fused (one rounding) where the CPU has FMA, else multiply then add.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary><c>c − a·b</c> as <see cref="MultiplyAdd"/> rounds it, in one instruction where the CPU has FMA (the
    /// JIT does not fold a negated operand into <c>vfnmadd</c>).</summary>
    static abstract TSelf MultiplyAddNegated(TSelf a, TSelf b, TSelf c);

    /// <summary><c>a·b − c</c>, fused where the hardware has FMA (as <see cref="MultiplyAdd"/>): one <c>vfmsub</c> where
    /// <c>MultiplyAdd(a, b, −c)</c> spent one more operation on the negation.</summary>
    static abstract TSelf MultiplySubtract(TSelf a, TSelf b, TSelf c);

    /// <summary><c>−(a·b) − c</c> as <see cref="MultiplyAdd"/> rounds <c>(−a)·b + (−c)</c>: one <c>vfnmsub</c> where the
    /// CPU has FMA.</summary>
    static abstract TSelf MultiplySubtractNegated(TSelf a, TSelf b, TSelf c);

    /// <summary>IEEE 754 minimum: NaN if either is NaN; −0 below +0.</summary>
    static abstract TSelf Min(TSelf left, TSelf right);

    /// <summary>IEEE 754 maximum: NaN if either is NaN; +0 above −0.</summary>
    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>
    /// <c>bound &gt; value ? bound : value</c>: a one-instruction clamp from below that keeps a NaN
    /// <paramref name="value"/> (x86 <c>maxps</c> returns its second operand when either is NaN; Arm's propagates
    /// NaN). Unlike <see cref="Max"/> it does not order −0 below +0.
    /// </summary>
    static abstract TSelf ClampBelow(TSelf value, TSelf bound);

    /// <summary><c>bound &lt; value ? bound : value</c>: the clamp from above that keeps a NaN <paramref name="value"/>.</summary>
    static abstract TSelf ClampAbove(TSelf value, TSelf bound);

    /// <summary>
    /// <c>max(−|value|, −limit)</c> for a positive <paramref name="limit"/>, ±0 → −0: the folded, bounded argument of
    /// e^−|x|, in one <c>vrangeps/pd</c> where AVX-512DQ is there (an OR and a clamp elsewhere). A NaN
    /// <paramref name="value"/> gives −limit on AVX-512 (<c>vrangeps</c> does not propagate it) and NaN elsewhere,
    /// so a caller must carry NaN to its result through another use of the input.
    /// </summary>
    static abstract TSelf MinusAbsClamped(TSelf value, TSelf limit);

    /// <summary><c>min(|value|, limit)</c> for a positive <paramref name="limit"/>, in one <c>vrangeps/pd</c> on AVX-512
    /// (an AND and a clamp elsewhere). As with <see cref="MinusAbsClamped"/>, a NaN gives <paramref name="limit"/> on
    /// AVX-512 and NaN elsewhere: the caller carries NaN by another use of the input.</summary>
    static abstract TSelf AbsClamped(TSelf value, TSelf limit);

    /// <summary><c>value</c> clamped to [−limit, limit] for a positive <paramref name="limit"/>, ±0 kept: one
    /// <c>vrangeps/pd</c> on AVX-512 (two clamps elsewhere). As with <see cref="MinusAbsClamped"/>, a NaN gives ±limit on
    /// AVX-512 and NaN elsewhere: the caller carries NaN by another use of the input.</summary>
    static abstract TSelf ClampMagnitude(TSelf value, TSelf limit);

    /// <summary><c>a·b + c</c> rounded once, always: hardware FMA where the CPU has it, else a correctly rounded
    /// software fallback (slow; used only where an error-free product is needed).</summary>
    static abstract TSelf FusedMultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary><c>a·b − c</c> rounded once, always, as <see cref="FusedMultiplyAdd"/>: the error of a rounded product
    /// c = fl(a·b) in one instruction (<c>vfmsub</c>), where <c>FusedMultiplyAdd(a, b, −c)</c> spent one more on the
    /// negation.</summary>
    static abstract TSelf FusedMultiplySubtract(TSelf a, TSelf b, TSelf c);

    /// <summary>
    /// Applies <paramref name="op"/> to the lanes in double precision: <c>float</c> lanes are widened to
    /// <c>double</c> (two registers), run through the operator and narrowed back (one rounding to float); <c>double</c>
    /// lanes run as they are. Piecewise-linear functions use it to round their float results exactly once.
    /// </summary>
    static abstract TSelf InDoublePrecision<TOp>(TSelf x, TOp op) where TOp : struct, IUnaryOperator;

    /// <summary>The sum of the lanes (in lane precision, in an unspecified order), as a <c>double</c>.</summary>
    static abstract double SumLanes(TSelf value);

    /// <summary>|x| (clears the sign bit, NaN stays NaN).</summary>
    static abstract TSelf Abs(TSelf value);

    /// <summary>The sign bit of <paramref name="value"/> alone (−0 or +0 per lane, NaN's sign included).</summary>
    static abstract TSelf SignBit(TSelf value);

    /// <summary><paramref name="value"/> with its sign flipped where <paramref name="sign"/>'s sign bit is clear, kept
    /// where it is set: −sign(s)·value, bit by bit (one <c>vpternlogd</c> on AVX-512, where −value ^ SignBit(s) took
    /// three operations).</summary>
    static abstract TSelf FlipSignUnlessNegative(TSelf value, TSelf sign);

    /// <summary>Rounds to the nearest integer, ties to even.</summary>
    static abstract TSelf Round(TSelf value);

    /// <summary>Rounds toward −∞ to an integer.</summary>
    static abstract TSelf Floor(TSelf value);

    /// <summary>Square root, correctly rounded.</summary>
    static abstract TSelf Sqrt(TSelf value);

    /// <summary>
    /// <c>left &gt; right ? numerator / denominator : otherwise</c>, the comparison ordered (NaN fails it): on AVX-512 one
    /// merge-masked <c>vdivps/pd</c> whose mask is the comparison, no separate blend.
    /// </summary>
    static abstract TSelf DivideWhereGreaterThan(TSelf left, TSelf right, TSelf numerator, TSelf denominator, TSelf otherwise);

    /// <summary>
    /// <c>x · 2ⁿ</c> for integer-valued <paramref name="n"/> of any magnitude, rounded once (gradual underflow to
    /// subnormals, overflow to ∞). NaN or infinite <paramref name="n"/> is not allowed.
    /// </summary>
    static abstract TSelf ScaleB(TSelf x, TSelf n);

    /// <summary><c>x·2^⌊n⌋</c> as <see cref="ScaleB"/> rounds it: AVX-512's <c>vscalefps/pd</c> floors n itself, so no
    /// rounding instruction is spent on it there.</summary>
    static abstract TSelf ScaleBFloor(TSelf x, TSelf n);

    /// <summary>
    /// Splits a positive finite normal <paramref name="value"/> into <c>m · 2^e</c> with <c>m</c> in [1, 2):
    /// returns <c>m</c> and writes <c>e</c> (integer-valued, as a float lane) to <paramref name="exponent"/>.
    /// </summary>
    static abstract TSelf Frexp(TSelf value, out TSelf exponent);

    /// <summary>Shifts the raw bits of each lane left, as a 32-bit (float) or 64-bit (double) integer.</summary>
    static abstract TSelf ShiftLeftBits(TSelf value, [ConstantExpected] int count);

    /// <summary>Shifts the raw bits of each lane right (logical), as a 32-bit (float) or 64-bit (double) integer.</summary>
    static abstract TSelf ShiftRightBits(TSelf value, [ConstantExpected] int count);

    /// <summary>
    /// 2^(j/16) rounded to the lane type, and in <paramref name="low"/> the rest of it, for j the low four bits of each
    /// lane's bit pattern (<see cref="SixteenthPowers"/>): one permute per part where the instruction set has one.
    /// </summary>
    static abstract TSelf SixteenthPower(TSelf bits, out TSelf low);

    /// <summary>
    /// <c>x &lt; 0 ? ifNegative : 1</c> (−∞ counts as negative, −0 does not), in one <c>vfixupimmps/pd</c> on AVX-512,
    /// which also gives NaN for a NaN <paramref name="x"/>; elsewhere a compare and blend, which gives 1 there (the
    /// callers' other operands carry NaN on that path).
    /// </summary>
    static abstract TSelf SelectNegativeElseOne(TSelf x, TSelf ifNegative);

    /// <summary><paramref name="magnitude"/> with the sign bit of <paramref name="sign"/> (one <c>vpternlog</c> on AVX-512).</summary>
    static abstract TSelf CopySign(TSelf magnitude, TSelf sign);

    /// <summary>Lane-wise <c>condition ? left : right</c> for a mask <paramref name="condition"/>.</summary>
    static abstract TSelf Select(TSelf condition, TSelf left, TSelf right);

    /// <summary>
    /// Lane-wise <c>left &lt; right ? ifTrue : ifFalse</c> (false when either is NaN). One call, so that on AVX-512
    /// the comparison's k-mask feeds the blend directly instead of round-tripping through a vector register.
    /// </summary>
    static abstract TSelf SelectLessThan(TSelf left, TSelf right, TSelf ifTrue, TSelf ifFalse);

    /// <summary>Lane-wise <c>left &gt; right ? ifTrue : ifFalse</c> (false when either is NaN).</summary>
    static abstract TSelf SelectGreaterThan(TSelf left, TSelf right, TSelf ifTrue, TSelf ifFalse);

    /// <summary>Mask of <c>left &lt; right</c> (false when either is NaN).</summary>
    static abstract TSelf LessThan(TSelf left, TSelf right);

    /// <summary>Mask of <c>left ≤ right</c> (false when either is NaN).</summary>
    static abstract TSelf LessThanOrEqual(TSelf left, TSelf right);

    /// <summary>Mask of <c>left &gt; right</c> (false when either is NaN).</summary>
    static abstract TSelf GreaterThan(TSelf left, TSelf right);

    /// <summary>Mask of <c>left ≥ right</c> (false when either is NaN).</summary>
    static abstract TSelf GreaterThanOrEqual(TSelf left, TSelf right);

    /// <summary>Mask of <c>left == right</c> (false when either is NaN).</summary>
    static abstract TSelf Equal(TSelf left, TSelf right);

    /// <summary>Mask of the NaN lanes.</summary>
    static abstract TSelf IsNaN(TSelf value);

    /// <summary><see langword="true"/> when any lane of the mask is set (used only to skip rare fix-up work).</summary>
    static abstract bool AnyTrue(TSelf mask);

    /// <summary><see langword="true"/> when <c>left &lt; right</c> in any lane (false for NaN): on AVX-512 a compare into
    /// a k-mask and a <c>kortest</c>, where <see cref="AnyTrue"/> of <see cref="LessThan"/> moves the mask through a
    /// vector register and back.</summary>
    static abstract bool AnyLessThan(TSelf left, TSelf right);

    /// <summary>
    /// Entries of the 32-entry float table <typeparamref name="TTable"/> at the low five bits of each lane's bit
    /// pattern: one <c>vpermt2ps</c> for float lanes at 512 bits with AVX-512, lane by lane elsewhere (see
    /// <see cref="NormalTailTable.IsAccelerated"/> for who calls it where). The table is a type argument, so that a
    /// lookup passes one vector rather than three (each argument of an inlined call is a local of the loop).
    /// </summary>
    static abstract TSelf Lookup<TTable>(TSelf index) where TTable : ITable32;
}

/// <summary>A 32-entry float table as two vectors (entries 0–15 and 16–31), for <see cref="IFloatVector{TSelf}.Lookup{TTable}"/>.</summary>
internal interface ITable32
{
    static abstract Vector512<float> Lower { get; }

    static abstract Vector512<float> Upper { get; }
}

/// <summary>The 32 entries of a table, for <see cref="Table32{TValues}"/>.</summary>
internal interface ITableValues
{
    static abstract ReadOnlySpan<float> Values { get; }
}

/// <summary>The table <typeparamref name="TValues"/> as two vectors, read once into static fields.</summary>
internal readonly struct Table32<TValues> : ITable32 where TValues : ITableValues
{
    private static readonly Vector512<float> LowerHalf = Vector512.Create(TValues.Values);
    private static readonly Vector512<float> UpperHalf = Vector512.Create(TValues.Values[16..]);

    public static Vector512<float> Lower
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => LowerHalf;
    }

    public static Vector512<float> Upper
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => UpperHalf;
    }
}

/// <summary>Loads and stores of an <see cref="IFloatVector{TSelf}"/> from memory of element type <typeparamref name="T"/>.</summary>
internal interface IVectorMemory<TSelf, T> : IFloatVector<TSelf> where TSelf : struct, IVectorMemory<TSelf, T>
{
    /// <summary>Whether this width runs on vector hardware for <typeparamref name="T"/> on this machine.</summary>
    static abstract bool IsHardwareAccelerated { get; }

    static abstract TSelf Load(ref readonly T source, nuint index);

    static abstract void Store(TSelf value, ref T destination, nuint index);

    /// <summary>
    /// Lane i takes <c>source[i·stride]</c>: <c>vgatherdps/pd</c> where x86 has AVX2 (two 256-bit gathers for 512 bits:
    /// .NET exposes no 512-bit gather), element by element elsewhere. <paramref name="offsets"/> holds i·stride for
    /// i &lt; 8 (<see cref="FloatVector.StridedOffsets"/>, made once per loop: the JIT does not hoist the multiply);
    /// stride·Count must stay small (the gather's offsets are 32-bit).
    /// </summary>
    static abstract TSelf GatherStrided(ref readonly T source, nuint stride, Vector256<int> offsets);

    /// <summary>
    /// Stores bypassing the caches (x86 <c>movntps</c>): for outputs too large to stay in cache, it saves reading each
    /// destination line before writing it. The destination must be pinned and the element at
    /// <paramref name="index"/> aligned to the vector size.
    /// </summary>
    static abstract void StoreNonTemporal(TSelf value, ref T destination, nuint index);
}

/// <summary>A run-time parameter kept in both lane precisions (see <see cref="IFloatVector{TSelf}.Create(double, float)"/>).</summary>
internal readonly struct Parameter(double ifDouble, float ifSingle)
{
    private readonly double _double = ifDouble;
    private readonly float _single = ifSingle;

    public Parameter(double value)
        : this(value, (float)value)
    {
    }

    /// <summary>β split as b + b_low: the float lanes' b_low is β − (float)β; the double lanes' is 0.</summary>
    public static Parameter RoundingError(double value) => new(0.0, (float)(value - (float)value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV As<TV>() where TV : struct, IFloatVector<TV> => TV.Create(_double, _single);
}

/// <summary>Small helpers shared by the vector implementations.</summary>
internal static class FloatVector
{
    /// <summary>Whether <see cref="IFloatVector{TSelf}.FusedMultiplyAdd"/> and its kin are hardware instructions (a JIT
    /// constant): kernels that need several exact products take another path where they would be software. Without it
    /// (x86 before AVX2), float lanes form a·b + c in double (the product exact, one rounding to double, one to float):
    /// exact wherever the result fits a float, as the error terms of these kernels do, and otherwise off the correctly
    /// rounded result only in double-rounding ties; GELU-tanh ran 0.05 → 0.33 and GELU 0.07 → 0.23 elements/ns against
    /// .NET's software fallback under DOTNET_EnableAVX2=0. Double lanes keep that fallback.</summary>
    public static bool HasHardwareFma
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;
    }

    /// <summary>The offsets i·stride, i &lt; 8, of <see cref="IVectorMemory{TSelf, T}.GatherStrided"/>.</summary>
    public static Vector256<int> StridedOffsets(nuint stride) => Vector256<int>.Indices * (int)stride;

    /// <summary><see cref="IVectorMemory{TSelf, T}.GatherStrided"/> element by element, for CPUs without a gather.</summary>
    public static TV GatherStridedByElement<TV, T>(ref readonly T source, nuint stride) where TV : struct, IVectorMemory<TV, T>
    {
        Unsafe.SkipInit(out TV result);
        ref T lanes = ref Unsafe.As<TV, T>(ref result);
        for (int i = 0; i < TV.Count; i++)
        {
            Unsafe.Add(ref lanes, i) = Unsafe.Add(ref Unsafe.AsRef(in source), (nuint)i * stride);
        }

        return result;
    }

    /// <summary>The entry of <see cref="IFloatVector{TSelf}.Lookup{TTable}"/> for one lane's bit pattern.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T TableEntry<T, TTable>(T bits) where TTable : ITable32
    {
        int j = typeof(T) == typeof(float)
            ? BitConverter.SingleToInt32Bits(Unsafe.BitCast<T, float>(bits)) & 31
            : (int)(BitConverter.DoubleToInt64Bits(Unsafe.BitCast<T, double>(bits)) & 31);
        float entry = j < 16 ? TTable.Lower.GetElement(j) : TTable.Upper.GetElement(j - 16);
        return typeof(T) == typeof(float) ? Unsafe.BitCast<float, T>(entry) : Unsafe.BitCast<double, T>(entry);
    }

    /// <summary><see cref="TableEntry{T, TTable}"/> lane by lane.</summary>
    public static Vector128<T> TableLanes<T, TTable>(Vector128<T> bits) where TTable : ITable32
    {
        Vector128<T> result = default;
        for (int i = 0; i < Vector128<T>.Count; i++)
        {
            result = result.WithElement(i, TableEntry<T, TTable>(bits.GetElement(i)));
        }

        return result;
    }

    /// <summary><see cref="TableEntry{T, TTable}"/> lane by lane.</summary>
    public static Vector256<T> TableLanes<T, TTable>(Vector256<T> bits) where TTable : ITable32 =>
        Vector256.Create(TableLanes<T, TTable>(bits.GetLower()), TableLanes<T, TTable>(bits.GetUpper()));

    /// <summary><see cref="TableEntry{T, TTable}"/> lane by lane.</summary>
    public static Vector512<T> TableLanes<T, TTable>(Vector512<T> bits) where TTable : ITable32 =>
        Vector512.Create(TableLanes<T, TTable>(bits.GetLower()), TableLanes<T, TTable>(bits.GetUpper()));

    /// <summary>Rounds a <c>double</c> constant to the lane type <typeparamref name="T"/> (float or double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Constant<T>(double value) =>
        // Unboxing a boxed constant of the instantiation's own type folds to the value (no allocation) and, unlike
        // Unsafe.As on a local, takes no address: an address-taken local in each of an operator's many inlined
        // constants would count against the JIT's inlining budget.
        typeof(T) == typeof(float) ? (T)(object)(float)value : (T)(object)value;
}
