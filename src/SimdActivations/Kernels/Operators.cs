namespace SimdActivations.Kernels;

/// <summary>
/// y = f(x), written once for every width: the loops call <see cref="Invoke{TV}"/> with
/// <see cref="FloatVector512{T}"/>, <see cref="FloatVector256{T}"/>, <see cref="FloatVector128{T}"/> or
/// <see cref="FloatScalar{T}"/>, and the JIT compiles one specialization of each (no interface dispatch: the
/// operator is a struct type argument). Parameterized operators are readonly structs holding their parameters.
/// </summary>
internal interface IUnaryOperator
{
    /// <summary>
    /// <see langword="true"/> for operators of a few instructions (ReLU, thresholds), whose loops are bound by memory
    /// bandwidth: <see cref="ElementwiseLoop"/> gives them a main loop unrolled four times and streaming stores for
    /// long inputs. Heavy operators keep the default: four inlined copies of them would exhaust the JIT's inlining
    /// budget (see CONTRIBUTING), and they gain nothing from unrolling.
    /// </summary>
    static virtual bool IsLightweight => false;

    TV Invoke<TV>(TV x) where TV : struct, IFloatVector<TV>;
}

/// <summary>z = f(x, y), e.g. a fused backward dx = f′(x)·dy.</summary>
internal interface IBinaryOperator
{
    /// <inheritdoc cref="IUnaryOperator.IsLightweight"/>
    static virtual bool IsLightweight => false;

    TV Invoke<TV>(TV x, TV y) where TV : struct, IFloatVector<TV>;
}

/// <summary>w = f(x, y, z), e.g. a backward that also reads the forward output: dx = g(x, y)·dy.</summary>
internal interface ITernaryOperator
{
    /// <inheritdoc cref="IUnaryOperator.IsLightweight"/>
    static virtual bool IsLightweight => false;

    TV Invoke<TV>(TV x, TV y, TV z) where TV : struct, IFloatVector<TV>;
}
