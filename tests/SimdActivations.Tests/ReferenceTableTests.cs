using System.Numerics;
using SimdActivations.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimdActivations.Tests;

/// <summary>
/// Every committed reference table (tools/reference/generate.py, mpmath at 60 digits) against the activation it
/// names: forward, derivative and fused backward, in float and double, through the vector path (the whole table
/// as one span) and the scalar path (one element at a time), within the registry's accuracy bound.
/// </summary>
public sealed class ReferenceTableTests(ITestOutputHelper output)
{
    public static TheoryData<string> Tables() => [.. ReferenceTable.FileNames()];

    [Theory]
    [MemberData(nameof(Tables))]
    public void Forward_float_is_within_the_bound(string table) =>
        Check<float>(table, Precision.Single, Direction.Forward);

    [Theory]
    [MemberData(nameof(Tables))]
    public void Forward_double_is_within_the_bound(string table) =>
        Check<double>(table, Precision.Double, Direction.Forward);

    [Theory]
    [MemberData(nameof(Tables))]
    public void Derivative_float_is_within_the_bound(string table) =>
        Check<float>(table, Precision.Single, Direction.Derivative);

    [Theory]
    [MemberData(nameof(Tables))]
    public void Derivative_double_is_within_the_bound(string table) =>
        Check<double>(table, Precision.Double, Direction.Derivative);

    [Theory]
    [MemberData(nameof(Tables))]
    public void Backward_float_is_within_the_bound(string table) =>
        Check<float>(table, Precision.Single, Direction.Backward);

    [Theory]
    [MemberData(nameof(Tables))]
    public void Backward_double_is_within_the_bound(string table) =>
        Check<double>(table, Precision.Double, Direction.Backward);

    [Theory]
    [MemberData(nameof(Tables))]
    public void Half_is_the_float_result_rounded_to_half(string table)
    {
        ReferenceTable reference = ReferenceTable.Load(table);
        var activation = (IPointwiseActivation)Activation.Parse(reference.Specification);
        Half[] x = reference.Rows.Select(r => (Half)r.X).ToArray();
        float[] xf = x.Select(h => (float)h).ToArray();

        var y = new Half[x.Length];
        var yf = new float[x.Length];
        activation.Forward<Half>(x, y);
        activation.Forward<float>(xf, yf);
        var dy = new Half[x.Length];
        var dyf = new float[x.Length];
        activation.Derivative<Half>(x, dy);
        activation.Derivative<float>(xf, dyf);

        for (int i = 0; i < x.Length; i++)
        {
            // NaN payloads and signs are not specified; every other result is the float result rounded to Half.
            if (!(Half.IsNaN(y[i]) && float.IsNaN(yf[i])))
            {
                BitConverter.HalfToInt16Bits(y[i]).Should().Be(BitConverter.HalfToInt16Bits((Half)yf[i]), $"forward at x = {x[i]}");
            }

            if (!(Half.IsNaN(dy[i]) && float.IsNaN(dyf[i])))
            {
                BitConverter.HalfToInt16Bits(dy[i]).Should().Be(BitConverter.HalfToInt16Bits((Half)dyf[i]), $"derivative at x = {x[i]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Parameter_gradient_matches_the_table(string table)
    {
        ReferenceTable reference = ReferenceTable.Load(table);
        IActivation activation = Activation.Parse(reference.Specification);
        string[] gradients = reference.Rows.FirstOrDefault()?.ParameterGradients.Keys.ToArray() ?? [];
        if (activation is not ILearnableActivation learnable || gradients.Length == 0)
        {
            return;
        }

        var rows = reference.Rows.Where(r => double.IsFinite(r.X) && Math.Abs(r.X) < 50).ToArray();
        var random = new Random(7);
        double[] x = rows.Select(r => r.X).ToArray();
        double[] dy = rows.Select(_ => Math.Round(random.NextDouble() * 4 - 2, 6)).ToArray();
        var gradient = new double[learnable.Parameters.Count];
        learnable.AccumulateParameterGradient<double>(x, dy, gradient);

        for (int k = 0; k < gradients.Length; k++)
        {
            double expected = 0, magnitude = 0;
            for (int i = 0; i < rows.Length; i++)
            {
                double term = rows[i].ParameterGradients[gradients[k]].Approximate * dy[i];
                expected += term;
                magnitude += Math.Abs(term);
            }

            output.WriteLine($"{gradients[k]}: computed {gradient[k]:R}, reference {expected:R}");
            gradient[k].Should().BeApproximately(expected, 1e-12 * magnitude + 1e-300);
        }
    }

    private enum Direction
    {
        Forward,
        Derivative,
        Backward,
    }

    private void Check<T>(string table, Precision precision, Direction direction) where T : IFloatingPointIeee754<T>
    {
        ReferenceTable reference = ReferenceTable.Load(table);
        var activation = (IPointwiseActivation)Activation.Parse(reference.Specification);
        AccuracyBound bound = Activation.Describe(reference.Function).Accuracy;
        double limit = (precision, direction) switch
        {
            (Precision.Single, Direction.Forward) => bound.SingleForward,
            (Precision.Double, Direction.Forward) => bound.DoubleForward,
            (Precision.Single, _) => bound.SingleDerivative,
            _ => bound.DoubleDerivative,
        };

        var rows = reference.Rows;
        T[] x = rows.Select(r => T.CreateTruncating(r.X)).ToArray();
        var random = new Random(11);
        double[] dyValues = rows.Select(_ => (double)(float)(random.NextDouble() * 4 - 2)).ToArray();
        T[] dy = dyValues.Select(T.CreateTruncating).ToArray();
        ExactValue[] expected = rows.Select((r, i) => direction switch
        {
            Direction.Forward => r.F,
            Direction.Derivative => r.DF,
            _ => r.DF.Times(dyValues[i]),
        }).ToArray();

        // The backward adds one rounding (the product with dy) to the derivative's error.
        if (direction == Direction.Backward)
        {
            limit += 1;
        }

        // The bounds are stated for CPUs with FMA (every x86-64-v3 and Arm64 machine). Without it (the suite's
        // DOTNET_EnableAVX2=0 and DOTNET_EnableHWIntrinsic=0 runs) each polynomial step rounds twice, which the
        // README states as up to a quarter ULP more for transcendental functions.
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported && !System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported && limit > 0.5)
        {
            limit += 0.25;
        }

        T[] vector = new T[x.Length];
        Compute(activation, direction, x, dy, vector);
        T[] scalar = new T[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            Compute(activation, direction, x.AsSpan(i, 1), dy.AsSpan(i, 1), scalar.AsSpan(i, 1));
        }

        bool[] nearRoot = direction == Direction.Forward ? new bool[rows.Count] : NearDerivativeRoots(rows);
        double worst = 0;
        double worstX = double.NaN;
        int excluded = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(vector[i]);
            double s = double.CreateTruncating(scalar[i]);
            if (!(double.IsNaN(s) && double.IsNaN(v)))
            {
                BitConverter.DoubleToInt64Bits(s).Should().Be(BitConverter.DoubleToInt64Bits(v),
                    $"the scalar and vector paths agree bit for bit at x = {rows[i].X:R} ({v:R} vs {s:R})");
            }

            double error = Ulp.Error(v, expected[i], precision);
            if (nearRoot[i])
            {
                // Within a derivative's zero crossing only the absolute error is meaningful.
                excluded++;
                Math.Abs(v - expected[i].Approximate).Should().BeLessThan(precision == Precision.Single ? 1e-6 : 1e-14,
                    $"absolute error near the derivative's zero at x = {rows[i].X:R}");
                continue;
            }

            if (!(error <= worst))
            {
                worst = error;
                worstX = rows[i].X;
            }
        }

        output.WriteLine($"{table} {typeof(T).Name} {direction}: max {worst:F3} ULP at x = {worstX:R} (bound {limit}); {x.Length} rows, {excluded} near derivative zeros");
        // The tables carry 25 significant digits, which is 4e−10 double ULP of slack in the measure itself.
        worst.Should().BeLessThanOrEqualTo(limit + 1e-6, $"{direction} of {reference.Specification} in {typeof(T).Name} at x = {worstX:R}");
    }

    private static void Compute<T>(IPointwiseActivation activation, Direction direction, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> result)
        where T : IFloatingPointIeee754<T>
    {
        switch (direction)
        {
            case Direction.Forward:
                activation.Forward(x, result);
                break;
            case Direction.Derivative:
                activation.Derivative(x, result);
                break;
            default:
                T[] y = new T[x.Length];
                activation.Forward(x, y);
                activation.Derivative(x, y, dy, result);
                break;
        }
    }

    /// <summary>
    /// The neighbourhoods of the derivative's zero crossings, where its value comes from cancellation and only
    /// absolute error means anything: around each sign change, the contiguous rows where |f′| &lt; 1/8, at most
    /// max(0.5, 1.25·|root|) away (tools/AccuracySweep uses the same rule).
    /// </summary>
    private static bool[] NearDerivativeRoots(IReadOnlyList<ReferenceRow> rows)
    {
        var near = new bool[rows.Count];
        int previous = -1;
        for (int i = 0; i < rows.Count; i++)
        {
            ReferenceRow row = rows[i];
            if (!double.IsFinite(row.X) || row.DF.Sign == 0 || (row.DF.IsSpecial && double.IsNaN(row.DF.Special)))
            {
                continue;
            }

            if (previous >= 0 && rows[previous].DF.Sign != row.DF.Sign)
            {
                double root = (rows[previous].X + row.X) / 2;
                double reach = Math.Max(0.5, 1.25 * Math.Abs(root));
                for (int j = previous; j >= 0 && Math.Abs(rows[j].DF.Approximate) < 0.125 && root - rows[j].X <= reach; j--)
                {
                    near[j] = true;
                }

                for (int j = i; j < rows.Count && Math.Abs(rows[j].DF.Approximate) < 0.125 && rows[j].X - root <= reach; j++)
                {
                    near[j] = true;
                }
            }

            previous = i;
        }

        return near;
    }
}
