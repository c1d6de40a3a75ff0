using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace SimdActivations.Tests.Infrastructure;

/// <summary>
/// Calls a method with span parameters through reflection: spans cannot be boxed, so the arguments are passed as
/// <see cref="ArraySegment{T}"/> (or arrays) and a small dynamic method converts them to (ReadOnly)Span on the
/// stack before the call. Other arguments are unboxed to their parameter types.
/// </summary>
public static class SpanInvoker
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<object?[], object?>> Invokers = new();

    public static object? Invoke(MethodInfo method, object?[] arguments)
    {
        object?[] normalized = arguments.Select((a, i) => a switch
        {
            float[] f => new ArraySegment<float>(f),
            double[] d => new ArraySegment<double>(d),
            _ => a,
        }).ToArray();
        return Invokers.GetOrAdd(method, Build)(normalized);
    }

    private static Func<object?[], object?> Build(MethodInfo method)
    {
        var dynamic = new DynamicMethod($"Invoke_{method.Name}", typeof(object), [typeof(object[])], typeof(SpanInvoker).Module, skipVisibility: true);
        ILGenerator il = dynamic.GetILGenerator();
        ParameterInfo[] parameters = method.GetParameters();
        for (int i = 0; i < parameters.Length; i++)
        {
            Type type = parameters[i].ParameterType;
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            if (type == typeof(System.Numerics.Tensors.TensorSpan<float>) || type == typeof(System.Numerics.Tensors.ReadOnlyTensorSpan<float>))
            {
                il.Emit(OpCodes.Castclass, typeof(TensorArgument));
                il.Emit(OpCodes.Call, typeof(TensorArgument).GetMethod(
                    type == typeof(System.Numerics.Tensors.TensorSpan<float>) ? nameof(TensorArgument.Writable) : nameof(TensorArgument.ReadOnly))!);
            }
            else if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Span<>) || type.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>)))
            {
                Type element = type.GetGenericArguments()[0];
                Type segment = typeof(ArraySegment<>).MakeGenericType(element);
                il.Emit(OpCodes.Unbox_Any, segment);
                MethodInfo conversion = type.GetMethods(BindingFlags.Public | BindingFlags.Static)
                    .Single(m => m.Name == "op_Implicit" && m.GetParameters()[0].ParameterType == segment);
                il.Emit(OpCodes.Call, conversion);
            }
            else
            {
                il.Emit(OpCodes.Unbox_Any, type);
            }
        }

        il.Emit(OpCodes.Call, method);
        if (method.ReturnType == typeof(void))
        {
            il.Emit(OpCodes.Ldnull);
        }
        else if (method.ReturnType.IsValueType)
        {
            il.Emit(OpCodes.Box, method.ReturnType);
        }

        il.Emit(OpCodes.Ret);
        return dynamic.CreateDelegate<Func<object?[], object?>>();
    }
}

/// <summary>A float tensor argument for <see cref="SpanInvoker"/>: an array segment seen with a shape (dense, row-major).</summary>
public sealed class TensorArgument(float[] array, int offset, params nint[] lengths)
{
    public float[] Array { get; } = array;

    public System.Numerics.Tensors.TensorSpan<float> Writable() =>
        new(Array.AsSpan(offset, (int)lengths.Aggregate((nint)1, (a, b) => a * b)), lengths, []);

    public System.Numerics.Tensors.ReadOnlyTensorSpan<float> ReadOnly() =>
        new(Array.AsSpan(offset, (int)lengths.Aggregate((nint)1, (a, b) => a * b)), lengths, []);
}
