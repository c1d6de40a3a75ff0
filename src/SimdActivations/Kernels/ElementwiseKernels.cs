using System.Runtime.CompilerServices;

namespace SimdActivations.Kernels;

/// <summary>
/// What <see cref="ElementwiseLoop"/> computes at one position: reads the inputs there and applies an operator.
/// One loop serves the unary, binary and ternary shapes through this interface; the kernels are ref structs
/// holding references to the inputs, passed by value as type arguments, so nothing is dispatched at run time.
/// </summary>
internal interface IElementwiseKernel<T>
{
    /// <summary>The operator's <see cref="IUnaryOperator.IsLightweight"/>.</summary>
    static abstract bool IsLightweight { get; }

    TV Compute<TV>(nuint index) where TV : struct, IVectorMemory<TV, T>;
}

/// <summary>destination[i] = op(x[i]).</summary>
internal readonly ref struct UnaryKernel<T, TOp>(ref readonly T x, TOp op) : IElementwiseKernel<T>
    where TOp : struct, IUnaryOperator
{
    private readonly ref readonly T _x = ref x;

    public static bool IsLightweight => TOp.IsLightweight;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Compute<TV>(nuint index) where TV : struct, IVectorMemory<TV, T> => op.Invoke(TV.Load(in _x, index));
}

/// <summary>destination[i] = op(x[i], y[i]).</summary>
internal readonly ref struct BinaryKernel<T, TOp>(ref readonly T x, ref readonly T y, TOp op) : IElementwiseKernel<T>
    where TOp : struct, IBinaryOperator
{
    private readonly ref readonly T _x = ref x;
    private readonly ref readonly T _y = ref y;

    public static bool IsLightweight => TOp.IsLightweight;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Compute<TV>(nuint index) where TV : struct, IVectorMemory<TV, T> =>
        op.Invoke(TV.Load(in _x, index), TV.Load(in _y, index));
}

/// <summary>destination[i] = op(x[i], y[i], z[i]).</summary>
internal readonly ref struct TernaryKernel<T, TOp>(ref readonly T x, ref readonly T y, ref readonly T z, TOp op) : IElementwiseKernel<T>
    where TOp : struct, ITernaryOperator
{
    private readonly ref readonly T _x = ref x;
    private readonly ref readonly T _y = ref y;
    private readonly ref readonly T _z = ref z;

    public static bool IsLightweight => TOp.IsLightweight;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Compute<TV>(nuint index) where TV : struct, IVectorMemory<TV, T> =>
        op.Invoke(TV.Load(in _x, index), TV.Load(in _y, index), TV.Load(in _z, index));
}
