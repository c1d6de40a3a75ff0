using System.Numerics;
using System.Runtime.Intrinsics;

namespace SimdActivations.Tests;

/// <summary>
/// Properties every elementwise activation must have, whatever its formula: every length from 0 to 300 and a large
/// odd one give the same bits as computing each element alone (the scalar path), at any start offset, in place or
/// not, with special values anywhere; the derivative agrees with a central difference of the forward in double.
/// </summary>
public sealed class PointwiseBehaviourTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Every registered elementwise activation, plus parameter sets that take other code paths.</summary>
    public static string[] ActivationNames() =>
    [
        .. Activation.Names.Where(name => Activation.Parse(name) is IPointwiseActivation),
        "silu(beta=1.702)",
        "hardsigmoid(slope=0.2, offset=0.5)",
        "hardtanh(min_val=-2, max_val=3)",
        "softshrink(lambd=1)",
        "hardshrink(lambd=0.25)",
        "leaky_relu(negative_slope=0)",
        "threshold(threshold=0.5, value=-1)",
        "elu(alpha=0.3)",
        "celu(alpha=2)",
        "softplus(beta=2, threshold=10)",
        "gelu(approximate=tanh)",
        "prelu(init=0.1)",
    ];

    public static TheoryData<string> Activations() => [.. ActivationNames()];

    private static readonly double[] Specials =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1.0, -1.0,
        float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 1.17549435e-38, -1.17549435e-38, 100, -100, 3, -3,
    ];

    [Theory]
    [MemberData(nameof(Activations))]
    public void Every_length_matches_the_scalar_path_float(string name) => EveryLength<float>(name);

    [Theory]
    [MemberData(nameof(Activations))]
    public void Every_length_matches_the_scalar_path_double(string name) => EveryLength<double>(name);

    [Theory]
    [MemberData(nameof(Activations))]
    public void Misaligned_starts_and_in_place_match(string name)
    {
        var activation = (IPointwiseActivation)Activation.Parse(name);
        T[] Input<T>(int n, int seed) where T : IFloatingPointIeee754<T> => RandomValues<T>(n, seed);
        foreach (int offset in new[] { 1, 2, 3, 5, 7, 9, 15, 17 })
        {
            float[] buffer = Input<float>(1000 + offset, offset);
            float[] expected = new float[1000];
            activation.Forward<float>(buffer.AsSpan(offset, 1000), expected);
            float[] output = new float[1000 + offset];
            activation.Forward<float>(buffer.AsSpan(offset, 1000), output.AsSpan(offset, 1000));
            output.AsSpan(offset, 1000).ToArray().Should().Equal(expected, (a, b) => a.Equals(b), $"offset {offset}");

            activation.Forward<float>(buffer.AsSpan(offset, 1000), buffer.AsSpan(offset, 1000));
            buffer.AsSpan(offset, 1000).ToArray().Should().Equal(expected, (a, b) => a.Equals(b), $"in place at offset {offset}");
        }

        double[] values = Input<double>(777, 3);
        double[] derivative = new double[777];
        activation.Derivative<double>(values, derivative);
        double[] dy = Input<double>(777, 4);
        double[] backward = new double[777];
        activation.Derivative<double>(values, values, dy, backward);
        activation.Derivative<double>(values, values, dy, dy);
        dy.Should().Equal(backward, (a, b) => a.Equals(b), "backward in place over dy");
        activation.Derivative<double>(values, values);
        values.Should().Equal(derivative, (a, b) => a.Equals(b), "derivative in place");
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Special_values_at_random_positions_match_the_scalar_path(string name)
    {
        var activation = (IPointwiseActivation)Activation.Parse(name);
        var random = new Random(name.Length);
        foreach (int length in new[] { 5, 16, 33, 64, 100, 257 })
        {
            float[] x = RandomValues<float>(length, length);
            double[] xd = RandomValues<double>(length, length);
            for (int k = 0; k < length / 3 + 1; k++)
            {
                double special = Specials[random.Next(Specials.Length)];
                int at = random.Next(length);
                x[at] = (float)special;
                xd[at] = special;
            }

            AssertMatchesScalar<float>(activation, x);
            AssertMatchesScalar<double>(activation, xd);
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Derivative_matches_a_central_difference_in_double(string name)
    {
        var activation = (IPointwiseActivation)Activation.Parse(name);
        var random = new Random(5);
        double[] x = Enumerable.Range(0, 400).Select(_ => random.NextDouble() * 16 - 8).ToArray();
        const double h = 1e-6;
        double[] plus = x.Select(v => v + h).ToArray();
        double[] minus = x.Select(v => v - h).ToArray();
        double[] fPlus = new double[x.Length], fMinus = new double[x.Length], derivative = new double[x.Length], f = new double[x.Length];
        activation.Forward<double>(x, f);
        activation.Forward<double>(plus, fPlus);
        activation.Forward<double>(minus, fMinus);
        activation.Derivative<double>(x, derivative);
        double[] left = new double[x.Length], right = new double[x.Length];
        activation.Derivative<double>(x.Select(v => v - 2 * h).ToArray(), left);
        activation.Derivative<double>(x.Select(v => v + 2 * h).ToArray(), right);
        for (int i = 0; i < x.Length; i++)
        {
            // Skip a kink or jump within 2h (the derivative differs on its two sides, or the one-sided differences
            // disagree), whatever the function.
            double rightDifference = (fPlus[i] - f[i]) / h, leftDifference = (f[i] - fMinus[i]) / h;
            if (Math.Abs(left[i] - right[i]) > 1e-3 * Math.Max(1, Math.Abs(derivative[i]))
                || Math.Abs(rightDifference - leftDifference) > 1e-3 * Math.Max(1, Math.Abs(rightDifference + leftDifference)))
            {
                continue;
            }

            double difference = (fPlus[i] - fMinus[i]) / (2 * h);
            derivative[i].Should().BeApproximately(difference, 1e-6 * Math.Max(1, Math.Abs(difference)), $"at x = {x[i]:R}");
        }
    }

    [Fact]
    public void Active_vector_widths_match_the_environment()
    {
        // The CI runs the suite under DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0 and DOTNET_EnableHWIntrinsic=0;
        // this proves each setting took effect (.NET 10 ignores the older DOTNET_EnableAVX512F silently).
        string report = $"Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Vector128 {Vector128.IsHardwareAccelerated}";
        output.WriteLine($"Active vector widths: {report}");
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            Vector128.IsHardwareAccelerated.Should().BeFalse(report);
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0")
        {
            Vector256.IsHardwareAccelerated.Should().BeFalse(report);
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0")
        {
            Vector512.IsHardwareAccelerated.Should().BeFalse(report);
        }
    }

    private static void EveryLength<T>(string name) where T : IFloatingPointIeee754<T>
    {
        var activation = (IPointwiseActivation)Activation.Parse(name);
        foreach (int length in Enumerable.Range(0, 301).Append(100_003))
        {
            T[] x = RandomValues<T>(length, length);
            AssertMatchesScalar(activation, x);
        }
    }

    private static void AssertMatchesScalar<T>(IPointwiseActivation activation, T[] x) where T : IFloatingPointIeee754<T>
    {
        int n = x.Length;
        T[] dy = RandomValues<T>(n, n + 1);
        T[] y = new T[n], derivative = new T[n], backward = new T[n];
        activation.Forward<T>(x, y);
        activation.Derivative<T>(x, derivative);
        activation.Derivative<T>(x, y, dy, backward);
        T[] one = new T[1];
        for (int i = 0; i < n; i++)
        {
            activation.Forward(x.AsSpan(i, 1), one);
            Same(one[0], y[i], "forward", x[i]);
            activation.Derivative(x.AsSpan(i, 1), one);
            Same(one[0], derivative[i], "derivative", x[i]);
            activation.Derivative(x.AsSpan(i, 1), y.AsSpan(i, 1), dy.AsSpan(i, 1), one);
            Same(one[0], backward[i], "backward", x[i]);
        }
    }

    private static void Same<T>(T scalar, T vector, string what, T x) where T : IFloatingPointIeee754<T>
    {
        double s = double.CreateTruncating(scalar), v = double.CreateTruncating(vector);
        if (!(double.IsNaN(s) && double.IsNaN(v)) && BitConverter.DoubleToInt64Bits(s) != BitConverter.DoubleToInt64Bits(v))
        {
            throw new Xunit.Sdk.XunitException($"{what} of {typeof(T).Name} {x}: scalar path {s:R}, vector path {v:R}");
        }
    }

    internal static T[] RandomValues<T>(int length, int seed) where T : IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => T.CreateTruncating(random.NextDouble() * 24 - 12)).ToArray();
    }
}
