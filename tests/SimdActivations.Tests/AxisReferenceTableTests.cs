using System.Numerics;
using SimdActivations.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimdActivations.Tests;

/// <summary>
/// Every axis reference table (tools/reference/generate_axis.py, mpmath at 60 digits) against the activation it
/// names: each row as one span, forward and backward, in float and double, within the registry's bound; the same
/// rows batched with a row length give the same bits; Half is the float result rounded.
/// </summary>
public sealed class AxisReferenceTableTests(ITestOutputHelper output)
{
    public static TheoryData<string> Tables() => [.. AxisReferenceTable.FileNames()];

    [Theory]
    [MemberData(nameof(Tables))]
    public void Forward_float_is_within_the_bound(string table) => Forward<float>(table, Precision.Single);

    [Theory]
    [MemberData(nameof(Tables))]
    public void Forward_double_is_within_the_bound(string table) => Forward<double>(table, Precision.Double);

    [Theory]
    [MemberData(nameof(Tables))]
    public void Backward_float_is_within_the_bound(string table) => Backward<float>(table, Precision.Single);

    [Theory]
    [MemberData(nameof(Tables))]
    public void Backward_double_is_within_the_bound(string table) => Backward<double>(table, Precision.Double);

    [Theory]
    [MemberData(nameof(Tables))]
    public void Rows_batched_with_a_row_length_give_the_same_bits(string table)
    {
        AxisReferenceTable reference = AxisReferenceTable.Load(table);
        IActivation single = Activation.Parse(reference.Specification);
        foreach (var group in reference.Rows.Where(r => r.X.Length <= 1000).GroupBy(r => r.X.Length))
        {
            AxisRow[] rows = [.. group];
            int length = group.Key;
            IActivation batched = Activation.Parse(WithRowLength(reference, length));
            float[] x = [.. rows.SelectMany(r => r.X)];
            int outLength = single.OutputLength(length);
            float[] y = new float[rows.Length * outLength];
            batched.Forward<float>(x, y);
            float[] dy = [.. rows.SelectMany(r => r.Dy.Length > 0 ? r.Dy : new float[outLength])];
            float[] dx = new float[x.Length];
            batched.Derivative<float>(x, y, dy, dx);
            for (int r = 0; r < rows.Length; r++)
            {
                float[] yRow = new float[outLength];
                single.Forward<float>(rows[r].X, yRow);
                Bits(y.AsSpan(r * outLength, outLength)).Should().Equal(Bits(yRow), $"forward of row {rows[r].Id} in a batch of {rows.Length}");
                float[] dxRow = new float[length];
                single.Derivative<float>(rows[r].X, yRow, dy.AsSpan(r * outLength, outLength), dxRow);
                Bits(dx.AsSpan(r * length, length)).Should().Equal(Bits(dxRow), $"backward of row {rows[r].Id} in a batch of {rows.Length}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Half_is_the_float_result_rounded_to_half(string table)
    {
        AxisReferenceTable reference = AxisReferenceTable.Load(table);
        IActivation activation = Activation.Parse(reference.Specification);
        foreach (AxisRow row in reference.Rows.Where(r => r.X.Length <= 4096))
        {
            Half[] x = [.. row.X.Select(v => (Half)v)];
            float[] xf = [.. x.Select(h => (float)h)];
            int outLength = activation.OutputLength(x.Length);
            var y = new Half[outLength];
            var yf = new float[outLength];
            activation.Forward<Half>(x, y);
            activation.Forward<float>(xf, yf);
            for (int i = 0; i < outLength; i++)
            {
                // NaN payloads and signs are not specified (the scalar path's arithmetic NaN differs from the vector path's).
                if (!(Half.IsNaN(y[i]) && float.IsNaN(yf[i])))
                {
                    BitConverter.HalfToInt16Bits(y[i]).Should().Be(BitConverter.HalfToInt16Bits((Half)yf[i]), $"row {row.Id} ({row.Description}) at {i}");
                }
            }
        }
    }

    private void Forward<T>(string table, Precision precision) where T : IFloatingPointIeee754<T>
    {
        AxisReferenceTable reference = AxisReferenceTable.Load(table);
        IActivation activation = Activation.Parse(reference.Specification);
        AccuracyBound bound = Activation.Describe(reference.Function).Accuracy;
        double limit = WithoutFma(precision == Precision.Single ? bound.SingleForward : bound.DoubleForward);
        double worst = 0;
        string where = "";
        foreach (AxisRow row in reference.Rows)
        {
            T[] x = [.. row.X.Select(v => T.CreateTruncating(v))];
            T[] y = new T[row.Y.Length];
            activation.Forward<T>(x, y);
            for (int i = 0; i < y.Length; i++)
            {
                double error = Ulp.Error(double.CreateTruncating(y[i]), row.Y[i], precision);
                if (!(error <= worst))
                {
                    worst = error;
                    where = $"row {row.Id} ({row.Description}) at {i}: {double.CreateTruncating(y[i]):R} vs {row.Y[i].Approximate:R}";
                }
            }
        }

        output.WriteLine($"{table} {typeof(T).Name} forward: max {worst:F3} ULP (bound {limit}); worst {where}");
        worst.Should().BeLessThanOrEqualTo(limit + 1e-6, where);
    }

    private void Backward<T>(string table, Precision precision) where T : IFloatingPointIeee754<T>
    {
        AxisReferenceTable reference = AxisReferenceTable.Load(table);
        IActivation activation = Activation.Parse(reference.Specification);
        AccuracyBound bound = Activation.Describe(reference.Function).Accuracy;
        double limit = WithoutFma(precision == Precision.Single ? bound.SingleDerivative : bound.DoubleDerivative);
        double worst = 0;
        string where = "";
        int compared = 0;
        foreach (AxisRow row in reference.Rows.Where(r => r.Dy.Length > 0))
        {
            T[] x = [.. row.X.Select(v => T.CreateTruncating(v))];
            T[] y = new T[row.Y.Length];
            activation.Forward<T>(x, y);
            T[] dy = [.. row.Dy.Select(v => T.CreateTruncating(v))];
            T[] dx = new T[x.Length];
            activation.Derivative<T>(x, y, dy, dx);
            for (int i = 0; i < dx.Length; i++)
            {
                if (row.Dx[i] is not ExactValue exact)
                {
                    continue;
                }

                compared++;
                double error = ScaledUlp.Error(double.CreateTruncating(dx[i]), exact, row.Scale[i], precision);
                if (!(error <= worst))
                {
                    worst = error;
                    where = $"row {row.Id} ({row.Description}) at {i}: {double.CreateTruncating(dx[i]):R} vs {exact.Approximate:R}, scale {row.Scale[i]:R}";
                }
            }
        }

        output.WriteLine($"{table} {typeof(T).Name} backward: max {worst:F3} ULP of the largest term (bound {limit}); {compared} values; worst {where}");
        compared.Should().BePositive();
        worst.Should().BeLessThanOrEqualTo(limit + 1e-6, where);
    }

    /// <summary>As for the pointwise tables: without FMA each polynomial step rounds twice (up to 0.25 ULP more).</summary>
    private static double WithoutFma(double limit) =>
        !System.Runtime.Intrinsics.X86.Fma.IsSupported && !System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported && limit > 0.5 ? limit + 0.25 : limit;

    private static string WithRowLength(AxisReferenceTable table, int rowLength) =>
        $"{table.Function}({string.Join(", ", table.Parameters.Select(p => $"{p.Key}={p.Value}").Append($"row_length={rowLength}"))})";

    private static int[] Bits(ReadOnlySpan<float> values)
    {
        int[] bits = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            // NaN payloads are not part of the contract.
            bits[i] = float.IsNaN(values[i]) ? int.MinValue : BitConverter.SingleToInt32Bits(values[i]);
        }

        return bits;
    }
}
