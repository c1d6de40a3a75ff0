using System.Reflection;
using System.Runtime.ExceptionServices;
using SimdActivations.Tests.Infrastructure;

namespace SimdActivations.Tests;

/// <summary>
/// Every public static method of <see cref="Activations"/>, found by reflection and classified by its parameter
/// shape, is checked for DESIGN §7: a too-short destination and a partially overlapping one throw
/// ArgumentException naming it, exact aliasing gives the out-of-place result, empty input is a no-op, inputs of
/// different lengths throw naming the odd one, and a NaN parameter throws ArgumentOutOfRangeException naming it.
/// A method whose shape the test does not know fails, so nothing new slips through unchecked.
/// </summary>
public sealed class PublicSurfaceTests
{
    private enum Shape
    {
        /// <summary>(ReadOnlySpan x, Span destination, parameters…)</summary>
        Map,

        /// <summary>(Span values, parameters…)</summary>
        InPlace,

        /// <summary>(ReadOnlySpan x, ReadOnlySpan dy, Span dx, parameters…)</summary>
        Backward,

        /// <summary>(ReadOnlySpan x, ReadOnlySpan dy, parameters…) → T</summary>
        Reduction,

        /// <summary>(ReadOnlyTensorSpan x, TensorSpan destination, parameters…, axis)</summary>
        TensorMap,

        /// <summary>(ReadOnlyTensorSpan x, ReadOnlyTensorSpan dy, TensorSpan dx, parameters…, axis)</summary>
        TensorBackward,

        /// <summary>Per-channel weights: (ReadOnlySpan x, Span destination, ReadOnlySpan weight)</summary>
        WeightMap,

        /// <summary>(Span values, ReadOnlySpan weight)</summary>
        WeightInPlace,

        /// <summary>(ReadOnlySpan x, ReadOnlySpan dy, Span dx, ReadOnlySpan weight)</summary>
        WeightBackward,

        /// <summary>(ReadOnlySpan x, ReadOnlySpan dy, Span weightGradient): one gradient per channel</summary>
        WeightGradient,

        /// <summary>Random slopes: (ReadOnlySpan x, Span destination, Span slopes, Random or seed, parameters…)</summary>
        SampledMap,

        /// <summary>(ReadOnlySpan x, ReadOnlySpan dy, ReadOnlySpan slopes, Span dx)</summary>
        SampledBackward,
    }

    private const int N = 24;
    private const int RowLength = 12;
    private const int K = 3;

    /// <summary>Values for the integer parameters the API uses, valid and invalid.</summary>
    private static readonly Dictionary<string, (int Valid, int[] Invalid)> Integers = new()
    {
        ["rowLength"] = (RowLength, [0, -1, 5]),
        ["k"] = (K, [0, -2]),  // a k that does not divide the row is the row's error (rowLength or x)
        ["axis"] = (-1, [2, -3]),
    };

    /// <summary>Valid values for the double parameters that have no default.</summary>
    private static readonly Dictionary<string, double> RequiredDoubles = new()
    {
        ["threshold"] = 0.5,
        ["value"] = -1,
    };

    public static TheoryData<string> Methods() =>
        [.. typeof(Activations).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(Signature).Distinct().Order()];

    [Fact]
    public void Every_public_method_has_a_known_shape()
    {
        var unknown = typeof(Activations).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => Classify(m) is null).Select(Signature).ToList();
        unknown.Should().BeEmpty("every public method must be covered by these checks; teach Classify its shape");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Validates_its_arguments_as_DESIGN_7_says(string signature)
    {
        MethodInfo method = typeof(Activations).GetMethods(BindingFlags.Public | BindingFlags.Static).Single(m => Signature(m) == signature);
        Shape shape = Classify(method) ?? throw new Xunit.Sdk.XunitException($"unclassified: {signature}");
        MethodInfo generic = method.MakeGenericMethod(typeof(float));
        ParameterInfo[] parameters = method.GetParameters();
        int spans = shape switch { Shape.InPlace => 1, Shape.Map or Shape.Reduction or Shape.TensorMap => 2, _ => 3 };
        if (shape is Shape.WeightMap or Shape.WeightInPlace or Shape.WeightBackward or Shape.WeightGradient or Shape.SampledMap or Shape.SampledBackward)
        {
            CheckWeightAndSampleShapes(shape, generic, parameters);
            return;
        }


        // Output length per input length: GLU halves rows, maxout divides them by k.
        int output = method.Name.StartsWith("Glu", StringComparison.Ordinal) ? N / 2 : method.Name.StartsWith("Maxout", StringComparison.Ordinal) ? N / K : N;
        switch (shape)
        {
            case Shape.Map:
            {
                string destination = parameters[1].Name!;
                float[] x = Values(N, 1);
                float[] expected = new float[output];
                Call(generic, parameters, [x, expected]);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, new float[output - 1]]), destination);
                float[] buffer = Values(N + 1, 2);
                Throws<ArgumentException>(() => Call(generic, parameters, [Segment(buffer, 0, N), Segment(buffer, 1, output)]), destination);
                float[] alias = (float[])x.Clone();
                Call(generic, parameters, [alias, Segment(alias, 0, output)]);
                alias[..output].Should().Equal(expected, "exact aliasing (same start) gives the out-of-place result");
                Call(generic, parameters, [Array.Empty<float>(), Array.Empty<float>()]);
                break;
            }

            case Shape.InPlace:
            {
                float[] values = Values(N, 3);
                float[] copy = (float[])values.Clone();
                Call(generic, parameters, [values]);
                MethodInfo? outOfPlace = typeof(Activations).GetMethods(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(m =>
                    m.Name == method.Name && Classify(m) == Shape.Map &&
                    m.GetParameters().Skip(2).Select(p => p.ParameterType).SequenceEqual(parameters.Skip(1).Select(p => p.ParameterType)));
                if (outOfPlace is not null)
                {
                    float[] expected = new float[N];
                    Call(outOfPlace.MakeGenericMethod(typeof(float)), outOfPlace.GetParameters(), [copy, expected]);
                    values.Should().Equal(expected, "in place gives the out-of-place result");
                }

                Call(generic, parameters, [Array.Empty<float>()]);
                break;
            }

            case Shape.Backward:
            {
                string dy = parameters[1].Name!, dx = parameters[2].Name!;
                float[] x = Values(N, 4), dyValues = Values(output, 5);
                float[] expected = new float[N];
                Call(generic, parameters, [x, dyValues, expected]);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, dyValues, new float[N - 1]]), dx);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, Values(output - 1, 6), new float[N]]), dy);
                float[] buffer = Values(N + 1, 7);
                Throws<ArgumentException>(() => Call(generic, parameters, [Segment(buffer, 1, N), dyValues, Segment(buffer, 0, N)]), dx);
                if (output == N)
                {
                    float[] alias = (float[])dyValues.Clone();
                    Call(generic, parameters, [x, alias, alias]);
                    alias.Should().Equal(expected, "dx exactly over dy gives the out-of-place result");
                }

                Call(generic, parameters, [Array.Empty<float>(), Array.Empty<float>(), Array.Empty<float>()]);
                break;
            }

            case Shape.Reduction:
            {
                string dy = parameters[1].Name!;
                Call(generic, parameters, [Values(N, 8), Values(N, 9)]);
                Throws<ArgumentException>(() => Call(generic, parameters, [Values(N, 8), Values(N - 1, 9)]), dy);
                Call(generic, parameters, [Array.Empty<float>(), Array.Empty<float>()]).Should().Be(0f);
                break;
            }

            case Shape.TensorMap:
            {
                // Shape [4, 6] along the last axis: the output has 6·output/N columns.
                nint columns = 6 * output / N;
                string destination = parameters[1].Name!;
                Call(generic, parameters, [Tensor(N, 1, 4, 6), Tensor(output, 0, 4, columns)]);
                Throws<ArgumentException>(() => Call(generic, parameters, [Tensor(N, 1, 4, 6), Tensor(output, 0, 3, columns)]), destination);
                Call(generic, parameters, [Tensor(0, 1, 0, 6), Tensor(0, 0, 0, columns)]);
                break;
            }

            case Shape.TensorBackward:
            {
                nint columns = 6 * output / N;
                string dy = parameters[1].Name!, dx = parameters[2].Name!;
                Call(generic, parameters, [Tensor(N, 1, 4, 6), Tensor(output, 2, 4, columns), Tensor(N, 0, 4, 6)]);
                Throws<ArgumentException>(() => Call(generic, parameters, [Tensor(N, 1, 4, 6), Tensor(output, 2, 4, columns), Tensor(N - 6, 0, 3, 6)]), dx);
                Throws<ArgumentException>(() => Call(generic, parameters, [Tensor(N, 1, 4, 6), Tensor(output - (int)columns, 2, 3, columns), Tensor(N, 0, 4, 6)]), dy);
                break;
            }
        }

        if (CheckWeightAndSampleShapes(shape, generic, parameters))
        {
            return;
        }

        // Invalid parameters are rejected naming them: NaN for every double, and each integer's invalid values.
        for (int k = spans; k < parameters.Length; k++)
        {
            object?[] arguments = shape switch
            {
                Shape.Map => [Values(N, 1), new float[output]],
                Shape.InPlace => [Values(N, 1)],
                Shape.Backward => [Values(N, 1), Values(output, 2), new float[N]],
                Shape.Reduction => [Values(N, 1), Values(N, 2)],
                Shape.TensorMap => [Tensor(N, 1, 4, 6), Tensor(output, 0, 4, 6 * output / N)],
                _ => [Tensor(N, 1, 4, 6), Tensor(output, 2, 4, 6 * output / N), Tensor(N, 0, 4, 6)],
            };
            int index = k;
            string name = parameters[k].Name!;
            if (parameters[k].ParameterType == typeof(double))
            {
                Throws<ArgumentOutOfRangeException>(() => Call(generic, parameters, arguments, (index, double.NaN)), name);
            }
            else if (parameters[k].ParameterType.IsEnum)
            {
                object undefined = Enum.ToObject(parameters[k].ParameterType, 77);
                Throws<ArgumentOutOfRangeException>(() => Call(generic, parameters, arguments, (index, undefined)), name);
            }
            else
            {
                foreach (int invalid in Integers[name].Invalid)
                {
                    if (name == "rowLength" && method.Name.StartsWith("Glu", StringComparison.Ordinal) && invalid == 5)
                    {
                        Throws<ArgumentException>(() => Call(generic, parameters, arguments, (index, 3)), name);
                    }

                    Throws<ArgumentException>(() => Call(generic, parameters, arguments, (index, invalid)), name);
                }
            }
        }
    }

    /// <summary>PReLU's per-channel weights (3 channels of the 24 inputs) and RReLU's sampled slopes.</summary>
    private static bool CheckWeightAndSampleShapes(Shape shape, MethodInfo generic, ParameterInfo[] parameters)
    {
        float[] weight = [0.25f, 0.1f, 0.5f];
        switch (shape)
        {
            case Shape.WeightMap:
            {
                float[] x = Values(N, 1), expected = new float[N];
                Call(generic, parameters, [x, expected, weight]);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, new float[N - 1], weight]), parameters[1].Name!);
                float[] buffer = Values(N + 1, 2);
                Throws<ArgumentException>(() => Call(generic, parameters, [Segment(buffer, 0, N), Segment(buffer, 1, N), weight]), parameters[1].Name!);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, new float[N], new float[5]]), "weight");
                Throws<ArgumentException>(() => Call(generic, parameters, [x, new float[N], Array.Empty<float>()]), "weight");
                float[] alias = (float[])x.Clone();
                Call(generic, parameters, [alias, alias, weight]);
                alias.Should().Equal(expected);
                Call(generic, parameters, [Array.Empty<float>(), Array.Empty<float>(), weight]);
                return true;
            }

            case Shape.WeightInPlace:
                Call(generic, parameters, [Values(N, 1), weight]);
                Throws<ArgumentException>(() => Call(generic, parameters, [Values(N, 1), new float[5]]), "weight");
                return true;

            case Shape.WeightBackward:
            {
                float[] x = Values(N, 1), dy = Values(N, 2), expected = new float[N];
                Call(generic, parameters, [x, dy, expected, weight]);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, dy, new float[N - 1], weight]), parameters[2].Name!);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, Values(N - 1, 2), new float[N], weight]), parameters[1].Name!);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, dy, new float[N], new float[5]]), "weight");
                float[] alias = (float[])dy.Clone();
                Call(generic, parameters, [x, alias, alias, weight]);
                alias.Should().Equal(expected);
                return true;
            }

            case Shape.WeightGradient:
                Call(generic, parameters, [Values(N, 1), Values(N, 2), new float[3]]);
                Throws<ArgumentException>(() => Call(generic, parameters, [Values(N, 1), Values(N - 1, 2), new float[3]]), parameters[1].Name!);
                Throws<ArgumentException>(() => Call(generic, parameters, [Values(N, 1), Values(N, 2), new float[5]]), parameters[2].Name!);
                return true;

            case Shape.SampledMap:
            {
                object sampler = parameters[3].ParameterType == typeof(Random) ? new Random(1) : 1UL;
                float[] x = Values(N, 1);
                Call(generic, parameters, [x, new float[N], new float[N], sampler]);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, new float[N - 1], new float[N], sampler]), parameters[1].Name!);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, new float[N], new float[N - 1], sampler]), parameters[2].Name!);
                float[] buffer = Values(N + 1, 2);
                Throws<ArgumentException>(() => Call(generic, parameters, [Segment(buffer, 0, N), Segment(buffer, 1, N), new float[N], sampler]), parameters[1].Name!);
                Throws<ArgumentOutOfRangeException>(() => Call(generic, parameters, [x, new float[N], new float[N], sampler], (4, double.NaN)), parameters[4].Name!);
                Throws<ArgumentOutOfRangeException>(() => Call(generic, parameters, [x, new float[N], new float[N], sampler], (4, 0.9)), parameters[4].Name!);
                Call(generic, parameters, [Array.Empty<float>(), Array.Empty<float>(), Array.Empty<float>(), sampler]);
                return true;
            }

            case Shape.SampledBackward:
            {
                float[] x = Values(N, 1), dy = Values(N, 2), slopes = Enumerable.Repeat(0.2f, N).ToArray();
                Call(generic, parameters, [x, dy, slopes, new float[N]]);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, dy, slopes, new float[N - 1]]), parameters[3].Name!);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, Values(N - 1, 2), slopes, new float[N]]), parameters[1].Name!);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, dy, new float[N - 1], new float[N]]), parameters[2].Name!);
                return true;
            }

            default:
                return false;
        }
    }

    private static Shape? Classify(MethodInfo method)
    {
        if (!method.IsGenericMethodDefinition)
        {
            return null;
        }

        Type t = method.GetGenericArguments()[0];
        Type readOnly = typeof(ReadOnlySpan<>).MakeGenericType(t), writable = typeof(Span<>).MakeGenericType(t);
        Type readOnlyTensor = typeof(System.Numerics.Tensors.ReadOnlyTensorSpan<>).MakeGenericType(t);
        Type tensor = typeof(System.Numerics.Tensors.TensorSpan<>).MakeGenericType(t);
        ParameterInfo[] parameters = method.GetParameters();
        Type[] spans = parameters.TakeWhile(p => p.ParameterType.IsGenericType).Select(p => p.ParameterType).ToArray();
        bool isVoid = method.ReturnType == typeof(void);
        string[] names = parameters.Select(p => p.Name!).ToArray();
        Type[] types = parameters.Select(p => p.ParameterType).ToArray();

        // Shapes with a span of per-channel weights or of sampled slopes, recognised by their parameter names.
        if (isVoid && names.Contains("weight"))
        {
            return types switch
            {
                [var a, var b, var c] when a == readOnly && b == writable && c == readOnly => Shape.WeightMap,
                [var a, var b] when a == writable && b == readOnly => Shape.WeightInPlace,
                [var a, var b, var c, var d] when a == readOnly && b == readOnly && c == writable && d == readOnly => Shape.WeightBackward,
                _ => null,
            };
        }

        if (isVoid && names.Contains("weightGradient") && types is [var g1, var g2, var g3] && g1 == readOnly && g2 == readOnly && g3 == writable)
        {
            return Shape.WeightGradient;
        }

        if (isVoid && names.Contains("slopes"))
        {
            bool sampler = types.Length > 3 && (types[3] == typeof(Random) || types[3] == typeof(ulong));
            bool scalarsAfter = parameters.Skip(4).All(p => p.ParameterType == typeof(double) && p.HasDefaultValue);
            return types switch
            {
                [var a, var b, var c, ..] when a == readOnly && b == writable && c == writable && sampler && scalarsAfter => Shape.SampledMap,
                [var a, var b, var c, var d] when a == readOnly && b == readOnly && c == readOnly && d == writable => Shape.SampledBackward,
                _ => null,
            };
        }

        bool knownScalars = parameters.Skip(spans.Length).All(p =>
            (p.ParameterType == typeof(double) && (p.HasDefaultValue || RequiredDoubles.ContainsKey(p.Name!)))
            || (p.ParameterType == typeof(int) && Integers.ContainsKey(p.Name!))
            || p.ParameterType.IsEnum);
        if (!knownScalars)
        {
            return null;
        }

        return spans switch
        {
            [var a, var b] when a == readOnly && b == writable && isVoid => Shape.Map,
            [var a] when a == writable && isVoid => Shape.InPlace,
            [var a, var b, var c] when a == readOnly && b == readOnly && c == writable && isVoid => Shape.Backward,
            [var a, var b] when a == readOnly && b == readOnly && method.ReturnType == t => Shape.Reduction,
            [var a, var b] when a == readOnlyTensor && b == tensor && isVoid => Shape.TensorMap,
            [var a, var b, var c] when a == readOnlyTensor && b == readOnlyTensor && c == tensor && isVoid => Shape.TensorBackward,
            _ => null,
        };
    }

    private static object? Call(MethodInfo generic, ParameterInfo[] parameters, object?[] spans, (int Index, object Value)? replace = null)
    {
        object?[] arguments = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            Type type = parameters[i].ParameterType;
            arguments[i] = i < spans.Length ? spans[i]
                : parameters[i].HasDefaultValue ? parameters[i].DefaultValue
                : type == typeof(int) ? Integers[parameters[i].Name!].Valid
                : type == typeof(double) ? RequiredDoubles[parameters[i].Name!]
                : type.IsEnum ? Enum.GetValues(type).GetValue(0)
                : null;
        }

        if (replace is { } r)
        {
            arguments[r.Index] = r.Value;
        }

        try
        {
            return SpanInvoker.Invoke(generic, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static void Throws<TException>(Action action, string parameter) where TException : ArgumentException =>
        FluentActions.Invoking(action).Should().Throw<TException>().Which.ParamName.Should().Be(parameter);

    private static float[] Values(int length, int seed) => PointwiseBehaviourTests.RandomValues<float>(length, seed);

    private static ArraySegment<float> Segment(float[] array, int offset, int count) => new(array, offset, count);

    private static TensorArgument Tensor(int length, int seed, params nint[] lengths) => new(Values(length, seed), 0, lengths);

    private static string Signature(MethodInfo method) =>
        $"{method.Name}({string.Join(", ", method.GetParameters().Select(p => $"{(p.ParameterType.IsGenericType ? p.ParameterType.Name.Split('`')[0] : p.ParameterType.Name)} {p.Name}"))})";
}
