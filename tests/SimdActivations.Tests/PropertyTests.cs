using CsCheck;

namespace SimdActivations.Tests;

/// <summary>
/// CsCheck properties over random lengths, offsets, parameters and values (specials included): the vector path
/// equals the scalar path bit for bit, in place equals out of place, and forward then backward agrees with a
/// central difference of the forward in double.
/// </summary>
public sealed class PropertyTests
{
    private static readonly string[] Names = PointwiseBehaviourTests.ActivationNames();

    private static readonly float[] Specials =
        [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue];

    private static readonly Gen<float> Values = Gen.Frequency(
        (8, Gen.Float[-30f, 30f]),
        (2, Gen.Float),
        (1, Gen.Int[0, Specials.Length - 1].Select(i => Specials[i])));

    [Fact]
    public void Vector_path_equals_scalar_path_and_in_place_equals_out_of_place() =>
        Gen.Select(Gen.Int[0, Names.Length - 1], Gen.Int[0, 15], Values.Array[0, 700])
            .Sample((index, offset, values) =>
            {
                var activation = (IPointwiseActivation)Activation.Parse(Names[index]);
                float[] buffer = new float[offset + values.Length];
                values.CopyTo(buffer, offset);
                Span<float> x = buffer.AsSpan(offset, values.Length);
                float[] y = new float[values.Length];
                activation.Forward<float>(x, y);
                float[] one = new float[1];
                for (int i = 0; i < values.Length; i++)
                {
                    activation.Forward<float>(x.Slice(i, 1), one);
                    if (BitConverter.SingleToInt32Bits(one[0]) != BitConverter.SingleToInt32Bits(y[i]) && !(float.IsNaN(one[0]) && float.IsNaN(y[i])))
                    {
                        return false;
                    }
                }

                activation.Forward<float>(x, x);
                return x.SequenceEqual(y) || x.ToArray().Zip(y).All(p => p.First.Equals(p.Second));
            }, iter: 2000);

    [Fact]
    public void Backward_agrees_with_a_central_difference_in_double() =>
        Gen.Select(Gen.Int[0, Names.Length - 1], Gen.Double[-8, 8].Array[1, 64], Gen.Double[-2, 2])
            .Sample((index, x, dy) =>
            {
                var activation = (IPointwiseActivation)Activation.Parse(Names[index]);
                const double h = 1e-6;
                double[] y = new double[x.Length], plus = new double[x.Length], minus = new double[x.Length], dx = new double[x.Length];
                double[] slopeLeft = new double[x.Length], slopeRight = new double[x.Length];
                double[] dys = Enumerable.Repeat(dy, x.Length).ToArray();
                activation.Forward<double>(x, y);
                activation.Derivative<double>(x, y, dys, dx);
                activation.Forward<double>(x.Select(v => v + h).ToArray(), plus);
                activation.Forward<double>(x.Select(v => v - h).ToArray(), minus);
                activation.Derivative<double>(x.Select(v => v - 2 * h).ToArray(), slopeLeft);
                activation.Derivative<double>(x.Select(v => v + 2 * h).ToArray(), slopeRight);
                for (int i = 0; i < x.Length; i++)
                {
                    // A kink or jump within 2h makes the difference straddle it: skip points where the derivative
                    // differs on its two sides, or where the one-sided differences disagree (a jump such as
                    // softplus's at its threshold), whatever the function.
                    double right = (plus[i] - y[i]) / h, left = (y[i] - minus[i]) / h;
                    if (Math.Abs(slopeLeft[i] - slopeRight[i]) > 1e-3 * Math.Max(1, Math.Abs(dx[i] / (dy == 0 ? 1 : dy)))
                        || Math.Abs(right - left) > 1e-3 * Math.Max(1, Math.Abs(right + left)))
                    {
                        continue;
                    }

                    double difference = dy * (plus[i] - minus[i]) / (2 * h);
                    if (Math.Abs(dx[i] - difference) > 1e-5 * Math.Max(1, Math.Abs(difference)))
                    {
                        return false;
                    }
                }

                return true;
            }, iter: 1000);
}
