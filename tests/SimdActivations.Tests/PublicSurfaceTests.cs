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
    }

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
        const int n = 24;

        switch (shape)
        {
            case Shape.Map:
            {
                string destination = parameters[1].Name!;
                float[] x = Values(n, 1);
                float[] expected = new float[n];
                Call(generic, parameters, [x, expected]);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, new float[n - 1]]), destination);
                float[] buffer = Values(n + 1, 2);
                Throws<ArgumentException>(() => Call(generic, parameters, [Segment(buffer, 0, n), Segment(buffer, 1, n)]), destination);
                float[] alias = (float[])x.Clone();
                Call(generic, parameters, [alias, alias]);
                alias.Should().Equal(expected, "exact aliasing gives the out-of-place result");
                Call(generic, parameters, [Array.Empty<float>(), Array.Empty<float>()]);
                break;
            }

            case Shape.InPlace:
            {
                float[] values = Values(n, 3);
                Call(generic, parameters, [values]);
                Call(generic, parameters, [Array.Empty<float>()]);
                break;
            }

            case Shape.Backward:
            {
                string dy = parameters[1].Name!, dx = parameters[2].Name!;
                float[] x = Values(n, 4), dyValues = Values(n, 5);
                float[] expected = new float[n];
                Call(generic, parameters, [x, dyValues, expected]);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, dyValues, new float[n - 1]]), dx);
                Throws<ArgumentException>(() => Call(generic, parameters, [x, Values(n - 1, 6), new float[n]]), dy);
                float[] buffer = Values(n + 1, 7);
                Throws<ArgumentException>(() => Call(generic, parameters, [Segment(buffer, 1, n), dyValues, Segment(buffer, 0, n)]), dx);
                float[] alias = (float[])dyValues.Clone();
                Call(generic, parameters, [x, alias, alias]);
                alias.Should().Equal(expected, "dx exactly over dy gives the out-of-place result");
                Call(generic, parameters, [Array.Empty<float>(), Array.Empty<float>(), Array.Empty<float>()]);
                break;
            }

            case Shape.Reduction:
            {
                string dy = parameters[1].Name!;
                Call(generic, parameters, [Values(n, 8), Values(n, 9)]);
                Throws<ArgumentException>(() => Call(generic, parameters, [Values(n, 8), Values(n - 1, 9)]), dy);
                Call(generic, parameters, [Array.Empty<float>(), Array.Empty<float>()]).Should().Be(0f);
                break;
            }
        }

        // A NaN parameter is rejected, naming the parameter.
        int spans = parameters.Count(p => p.ParameterType.IsGenericType);
        for (int k = spans; k < parameters.Length; k++)
        {
            if (parameters[k].ParameterType != typeof(double))
            {
                continue;
            }

            object?[] arguments = shape switch
            {
                Shape.Map => [Values(n, 1), new float[n]],
                Shape.InPlace => [Values(n, 1)],
                Shape.Backward => [Values(n, 1), Values(n, 2), new float[n]],
                _ => [Values(n, 1), Values(n, 2)],
            };
            int index = k;
            Throws<ArgumentOutOfRangeException>(() => Call(generic, parameters, arguments, (index, double.NaN)), parameters[k].Name!);
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
        Type[] spans = method.GetParameters().TakeWhile(p => p.ParameterType.IsGenericType).Select(p => p.ParameterType).ToArray();
        bool scalarsOnly = method.GetParameters().Skip(spans.Length).All(p => p.ParameterType == typeof(double) && p.HasDefaultValue);
        if (!scalarsOnly)
        {
            return null;
        }

        return spans switch
        {
            [var a, var b] when a == readOnly && b == writable && method.ReturnType == typeof(void) => Shape.Map,
            [var a] when a == writable && method.ReturnType == typeof(void) => Shape.InPlace,
            [var a, var b, var c] when a == readOnly && b == readOnly && c == writable && method.ReturnType == typeof(void) => Shape.Backward,
            [var a, var b] when a == readOnly && b == readOnly && method.ReturnType == t => Shape.Reduction,
            _ => null,
        };
    }

    private static object? Call(MethodInfo generic, ParameterInfo[] parameters, object?[] spans, (int Index, double Value)? replace = null)
    {
        object?[] arguments = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            arguments[i] = i < spans.Length ? spans[i] : parameters[i].DefaultValue;
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

    private static string Signature(MethodInfo method) =>
        $"{method.Name}({string.Join(", ", method.GetParameters().Select(p => $"{(p.ParameterType.IsGenericType ? p.ParameterType.Name.Split('`')[0] : p.ParameterType.Name)} {p.Name}"))})";
}
