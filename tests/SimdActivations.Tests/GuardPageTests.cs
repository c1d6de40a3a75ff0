using System.Numerics;
using SimdActivations.Tests.Infrastructure;

namespace SimdActivations.Tests;

/// <summary>
/// Every activation, every length 0..300, float and double, in place and out of place, forward, derivative and
/// backward, on buffers that end (then start) at an inaccessible page: an access one element out of bounds kills the
/// run. Values are also compared with an ordinary-array run. Activations along an axis take each length as one row
/// (every length the function accepts) and, where 10 divides it, as rows of 10.
/// </summary>
public sealed class GuardPageTests
{
    public static TheoryData<string> Activations() => PointwiseBehaviourTests.Activations();

    public static TheoryData<string> AxisActivations() => AxisBehaviourTests.Activations();

    [Theory]
    [MemberData(nameof(Activations))]
    public void Float_never_touches_memory_outside_its_spans(string name) => Run<float>(name);

    [Theory]
    [MemberData(nameof(Activations))]
    public void Double_never_touches_memory_outside_its_spans(string name) => Run<double>(name);

    [Theory]
    [MemberData(nameof(AxisActivations))]
    public void Float_along_an_axis_never_touches_memory_outside_its_spans(string name) => RunAxis<float>(name);

    [Theory]
    [MemberData(nameof(AxisActivations))]
    public void Double_along_an_axis_never_touches_memory_outside_its_spans(string name) => RunAxis<double>(name);

    private static void RunAxis<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (bool guardAfter in new[] { true, false })
        {
            for (int length = 0; length <= 300; length++)
            {
                var specifications = new List<string>();
                if (length == 0 || AxisReferenceMath.Accepts(name, length))
                {
                    specifications.Add(name);
                }

                if (length > 0 && length % 10 == 0 && AxisReferenceMath.Accepts(name, 10))
                {
                    specifications.Add(AxisBehaviourTests.WithRowLength(name, 10));
                }

                foreach (string specification in specifications)
                {
                    IActivation activation = Activation.Parse(specification);
                    int outputLength = activation.OutputLength(length);
                    T[] values = PointwiseBehaviourTests.RandomValues<T>(length, length);
                    T[] gradient = PointwiseBehaviourTests.RandomValues<T>(outputLength, length + 1);
                    T[] expected = new T[outputLength];
                    T[] expectedDx = new T[length];
                    activation.Forward<T>(values, expected);
                    activation.Derivative<T>(values, expected, gradient, expectedDx);

                    using var x = new GuardedBuffer<T>(length, guardAfter);
                    using var y = new GuardedBuffer<T>(outputLength, guardAfter);
                    using var dy = new GuardedBuffer<T>(outputLength, guardAfter);
                    using var dx = new GuardedBuffer<T>(length, guardAfter);
                    values.CopyTo(x.Span);
                    gradient.CopyTo(dy.Span);

                    activation.Forward<T>(x.Span, y.Span);
                    y.Span.ToArray().Should().Equal(expected, specification);
                    activation.Derivative<T>(x.Span, y.Span, dy.Span, dx.Span);
                    dx.Span.ToArray().Should().Equal(expectedDx, specification);
                    if (outputLength == length)
                    {
                        // In place: the forward over x itself, the backward into dy.
                        activation.Derivative<T>(x.Span, y.Span, dy.Span, dy.Span);
                        activation.Forward<T>(x.Span, x.Span);
                    }
                }
            }
        }
    }

    private static void Run<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var activation = (IPointwiseActivation)Activation.Parse(name);
        foreach (bool guardAfter in new[] { true, false })
        {
            for (int length = 0; length <= 300; length++)
            {
                T[] values = PointwiseBehaviourTests.RandomValues<T>(length, length);
                T[] expected = new T[length];
                activation.Forward<T>(values, expected);

                using var x = new GuardedBuffer<T>(length, guardAfter);
                using var dy = new GuardedBuffer<T>(length, guardAfter);
                using var y = new GuardedBuffer<T>(length, guardAfter);
                values.CopyTo(x.Span);
                values.CopyTo(dy.Span);

                activation.Forward<T>(x.Span, y.Span);
                y.Span.ToArray().Should().Equal(expected);
                activation.Derivative<T>(x.Span, y.Span);
                activation.Derivative<T>(x.Span, x.Span, dy.Span, y.Span);

                // In place: every shape over its own buffer.
                activation.Derivative<T>(x.Span, x.Span, dy.Span, dy.Span);
                activation.Derivative<T>(x.Span, x.Span);
                activation.Forward<T>(y.Span, y.Span);
            }
        }
    }
}
