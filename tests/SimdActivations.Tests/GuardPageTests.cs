using System.Numerics;
using SimdActivations.Tests.Infrastructure;

namespace SimdActivations.Tests;

/// <summary>
/// Every elementwise activation, every length 0..300, float and double, in place and out of place, forward,
/// derivative and backward, on buffers that end (then start) at an inaccessible page: an access one element out
/// of bounds kills the run. Values are also compared with an ordinary-array run.
/// </summary>
public sealed class GuardPageTests
{
    public static TheoryData<string> Activations() => PointwiseBehaviourTests.Activations();

    [Theory]
    [MemberData(nameof(Activations))]
    public void Float_never_touches_memory_outside_its_spans(string name) => Run<float>(name);

    [Theory]
    [MemberData(nameof(Activations))]
    public void Double_never_touches_memory_outside_its_spans(string name) => Run<double>(name);

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
