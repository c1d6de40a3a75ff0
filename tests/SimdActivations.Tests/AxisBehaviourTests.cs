using System.Numerics;
using System.Numerics.Tensors;
using SimdActivations.Tests.Infrastructure;

namespace SimdActivations.Tests;

/// <summary>
/// Properties of every activation along an axis, whatever its formula: every row length from 1 to 300 and several
/// row counts against a plain double computation (which exercises the lanes, the two-register rows and the passes
/// with every tail); a row alone and in a batch give the same bits; in place, misaligned and strided (tensor spans)
/// calls match; the backward agrees with a central difference of the forward in double.
/// </summary>
public sealed class AxisBehaviourTests
{
    public static TheoryData<string> Activations() =>
        ["softmax", "log_softmax", "softmin", "sparsemax", "glu", "maxout", "maxout(k=3)", "maxout(k=16)"];

    [Theory]
    [MemberData(nameof(Activations))]
    public void Every_row_length_and_row_count_matches_a_double_computation_float(string name) => EveryRowLength<float>(name, Precision.Single);

    [Theory]
    [MemberData(nameof(Activations))]
    public void Every_row_length_and_row_count_matches_a_double_computation_double(string name) => EveryRowLength<double>(name, Precision.Double);

    [Theory]
    [MemberData(nameof(Activations))]
    public void A_row_gives_the_same_bits_alone_and_in_a_batch(string name)
    {
        foreach (int length in new[] { 1, 2, 3, 6, 10, 12, 15, 16, 17, 24, 30, 32, 33, 48, 64, 100, 257 })
        {
            if (!AxisReferenceMath.Accepts(name, length))
            {
                continue;
            }

            int rows = 37;
            IActivation batched = Activation.Parse(WithRowLength(name, length));
            IActivation single = Activation.Parse(name);
            float[] x = RandomRow(rows * length, length);
            int outLength = AxisReferenceMath.OutputLength(name, length);
            float[] y = new float[rows * outLength];
            batched.Forward<float>(x, y);
            float[] dy = RandomRow(rows * outLength, length + 1);
            float[] dx = new float[x.Length];
            batched.Derivative<float>(x, y, dy, dx);
            for (int r = 0; r < rows; r++)
            {
                float[] yRow = new float[outLength];
                single.Forward<float>(x.AsSpan(r * length, length), yRow);
                yRow.Should().Equal(y.AsSpan(r * outLength, outLength).ToArray(), (a, b) => a.Equals(b), $"forward row {r} of length {length}");
                float[] dxRow = new float[length];
                single.Derivative<float>(x.AsSpan(r * length, length), yRow, dy.AsSpan(r * outLength, outLength), dxRow);
                dxRow.Should().Equal(dx.AsSpan(r * length, length).ToArray(), (a, b) => a.Equals(b), $"backward row {r} of length {length}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void In_place_and_misaligned_calls_match(string name)
    {
        foreach (int length in new[] { 6, 12, 48, 96 })
        {
            if (!AxisReferenceMath.Accepts(name, length))
            {
                continue;
            }

            IActivation activation = Activation.Parse(WithRowLength(name, length));
            int n = 5 * length;
            int outLength = activation.OutputLength(n);
            float[] x = RandomRow(n, length);
            float[] y = new float[outLength];
            activation.Forward<float>(x, y);
            float[] dy = RandomRow(outLength, 3);
            float[] dx = new float[n];
            activation.Derivative<float>(x, y, dy, dx);

            foreach (int offset in new[] { 1, 3, 7, 17 })
            {
                float[] buffer = new float[n + offset];
                x.CopyTo(buffer, offset);
                float[] shifted = new float[outLength + offset];
                activation.Forward<float>(buffer.AsSpan(offset, n), shifted.AsSpan(offset, outLength));
                shifted.AsSpan(offset).ToArray().Should().Equal(y, (a, b) => a.Equals(b), $"misaligned by {offset}");
            }

            // In place: the output starts where the input starts (GLU and maxout write a shorter prefix).
            float[] inPlace = (float[])x.Clone();
            activation.Forward<float>(inPlace, inPlace);
            inPlace.AsSpan(0, outLength).ToArray().Should().Equal(y, (a, b) => a.Equals(b), "forward in place");

            // Backward over x, and over dy (dx starting where dy starts).
            float[] overX = (float[])x.Clone();
            activation.Derivative<float>(overX, y, dy, overX);
            overX.Should().Equal(dx, (a, b) => a.Equals(b), "backward in place over x");
            float[] overDy = new float[n];
            dy.CopyTo(overDy, 0);
            float[] yCopy = (float[])y.Clone();
            activation.Derivative<float>(x, yCopy, overDy.AsSpan(0, outLength), overDy);
            overDy.Should().Equal(dx, (a, b) => a.Equals(b), "backward in place over dy");
            if (outLength == n)
            {
                float[] overY = (float[])y.Clone();
                activation.Derivative<float>(x, overY, dy, overY);
                overY.Should().Equal(dx, (a, b) => a.Equals(b), "backward in place over y");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Backward_matches_a_central_difference_in_double(string name)
    {
        var random = new Random(5);
        foreach (int length in new[] { 6, 12, 48, 96 })
        {
            if (!AxisReferenceMath.Accepts(name, length))
            {
                continue;
            }

            IActivation activation = Activation.Parse(WithRowLength(name, length));
            int rows = 3;
            double[] x = [.. Enumerable.Range(0, rows * length).Select(_ => random.NextDouble() * 8 - 4)];
            int outLength = activation.OutputLength(x.Length);
            double[] dy = [.. Enumerable.Range(0, outLength).Select(_ => random.NextDouble() * 2 - 1)];
            double[] y = new double[outLength];
            activation.Forward<double>(x, y);
            double[] dx = new double[x.Length];
            activation.Derivative<double>(x, y, dy, dx);

            const double h = 1e-6;
            double Loss(double[] input)
            {
                double[] output = new double[outLength];
                activation.Forward<double>(input, output);
                return output.Zip(dy, (a, b) => a * b).Sum();
            }

            for (int i = 0; i < x.Length; i++)
            {
                double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
                plus[i] += h;
                minus[i] -= h;
                double difference = (Loss(plus) - Loss(minus)) / (2 * h);
                dx[i].Should().BeApproximately(difference, 1e-6 * Math.Max(1, Math.Abs(difference)), $"{name}, row length {length}, at {i}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Tensor_spans_along_any_axis_match_the_rows(string name)
    {
        (string function, int k) = AxisReferenceMath.Parse(name);
        int along = function == "glu" ? 4 : function == "maxout" ? 2 * k : 5;
        IActivation activation = Activation.Parse(name);
        foreach (int axis in new[] { 0, 1, 2, -1, -2, -3 })
        {
            int a = axis < 0 ? axis + 3 : axis;
            nint[] lengths = [3, 4, 7];
            lengths[a] = along;
            nint[] outLengths = (nint[])lengths.Clone();
            outLengths[a] = AxisReferenceMath.OutputLength(name, along);
            float[] data = RandomRow((int)(lengths[0] * lengths[1] * lengths[2]), 9 + a);
            float[] output = new float[outLengths[0] * outLengths[1] * outLengths[2]];
            var x = new ReadOnlyTensorSpan<float>(data, lengths, []);
            Forward(name, x, new TensorSpan<float>(output, outLengths, []), axis);
            float[] dyData = RandomRow(output.Length, 11);
            float[] dxData = new float[data.Length];
            Backward(name, x, new ReadOnlyTensorSpan<float>(output, outLengths, []), new ReadOnlyTensorSpan<float>(dyData, outLengths, []),
                new TensorSpan<float>(dxData, lengths, []), axis);

            // Each row along the axis, gathered, through the span API.
            nint[] strides = [lengths[1] * lengths[2], lengths[2], 1];
            nint[] outStrides = [outLengths[1] * outLengths[2], outLengths[2], 1];
            int[] others = [.. Enumerable.Range(0, 3).Where(d => d != a)];
            for (int i = 0; i < lengths[others[0]]; i++)
            {
                for (int j = 0; j < lengths[others[1]]; j++)
                {
                    nint start = i * strides[others[0]] + j * strides[others[1]];
                    nint outStart = i * outStrides[others[0]] + j * outStrides[others[1]];
                    int n = (int)lengths[a], m = (int)outLengths[a];
                    float[] row = [.. Enumerable.Range(0, n).Select(t => data[start + t * strides[a]])];
                    float[] expected = new float[m];
                    activation.Forward<float>(row, expected);
                    float[] got = [.. Enumerable.Range(0, m).Select(t => output[outStart + t * outStrides[a]])];
                    got.Should().Equal(expected, (p, q) => p.Equals(q), $"{name} along axis {axis}");
                    float[] gradient = [.. Enumerable.Range(0, m).Select(t => dyData[outStart + t * outStrides[a]])];
                    float[] expectedDx = new float[n];
                    activation.Derivative<float>(row, expected, gradient, expectedDx);
                    float[] gotDx = [.. Enumerable.Range(0, n).Select(t => dxData[start + t * strides[a]])];
                    gotDx.Should().Equal(expectedDx, (p, q) => p.Equals(q), $"{name} backward along axis {axis}");
                }
            }
        }
    }

    [Fact]
    public void Tensor_spans_with_gaps_broadcasts_and_in_place_match()
    {
        // Rows of 4 at stride 2 inside rows of 10: a strided, non-dense view.
        float[] data = RandomRow(40, 21);
        var view = new ReadOnlyTensorSpan<float>(data, [3, 4], [10, 2]);
        float[] output = new float[12];
        SimdActivations.Activations.Softmax(view, new TensorSpan<float>(output, [3, 4], []));
        for (int i = 0; i < 3; i++)
        {
            float[] row = [data[10 * i], data[10 * i + 2], data[10 * i + 4], data[10 * i + 6]];
            float[] expected = new float[4];
            SimdActivations.Activations.Softmax<float>(row, expected);
            output.AsSpan(4 * i, 4).ToArray().Should().Equal(expected);
        }

        // A broadcast input (stride 0): every row is the same row.
        var broadcast = new ReadOnlyTensorSpan<float>(data, [3, 4], [0, 1]);
        SimdActivations.Activations.LogSoftmax(broadcast, new TensorSpan<float>(output, [3, 4], []));
        float[] first = new float[4];
        SimdActivations.Activations.LogSoftmax<float>(data.AsSpan(0, 4), first);
        for (int i = 0; i < 3; i++)
        {
            output.AsSpan(4 * i, 4).ToArray().Should().Equal(first);
        }

        // In place, along the first axis of a dense tensor.
        float[] values = RandomRow(24, 22);
        float[] expectedValues = new float[24];
        SimdActivations.Activations.Sparsemax(new ReadOnlyTensorSpan<float>(values, [4, 6], []), new TensorSpan<float>(expectedValues, [4, 6], []), axis: 0);
        var inPlace = new TensorSpan<float>(values, [4, 6], []);
        SimdActivations.Activations.Sparsemax(inPlace, inPlace, axis: 0);
        values.Should().Equal(expectedValues);

        // Half through a strided view.
        Half[] halves = [.. data.Select(v => (Half)v)];
        Half[] halfOutput = new Half[12];
        SimdActivations.Activations.Softmax(new ReadOnlyTensorSpan<Half>(halves, [3, 4], [10, 2]), new TensorSpan<Half>(halfOutput, [3, 4], []));
        float[] fromHalves = [.. Enumerable.Range(0, 12).Select(t => (float)halves[10 * (t / 4) + 2 * (t % 4)])];
        float[] floatOutput = new float[12];
        SimdActivations.Activations.Softmax<float>(fromHalves, floatOutput, 4);
        halfOutput.Should().Equal(floatOutput.Select(v => (Half)v));
    }

    [Fact]
    public void The_instance_tensor_methods_work_along_dim()
    {
        float[] data = RandomRow(30, 23);
        var activation = (AxisActivation)Activation.Parse("softmax(dim=0)");
        activation.Dim.Should().Be(0);
        float[] viaInstance = new float[30], viaStatic = new float[30];
        activation.Forward(new ReadOnlyTensorSpan<float>(data, [5, 6], []), new TensorSpan<float>(viaInstance, [5, 6], []));
        SimdActivations.Activations.Softmax(new ReadOnlyTensorSpan<float>(data, [5, 6], []), new TensorSpan<float>(viaStatic, [5, 6], []), axis: 0);
        viaInstance.Should().Equal(viaStatic);

        float[] dy = RandomRow(30, 24), dx = new float[30], dxStatic = new float[30];
        activation.Derivative(new ReadOnlyTensorSpan<float>(data, [5, 6], []), new ReadOnlyTensorSpan<float>(viaInstance, [5, 6], []),
            new ReadOnlyTensorSpan<float>(dy, [5, 6], []), new TensorSpan<float>(dx, [5, 6], []));
        SimdActivations.Activations.SoftmaxBackward(new ReadOnlyTensorSpan<float>(viaInstance, [5, 6], []), new ReadOnlyTensorSpan<float>(dy, [5, 6], []),
            new TensorSpan<float>(dxStatic, [5, 6], []), axis: 0);
        dx.Should().Equal(dxStatic);
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Nothing_is_allocated(string name)
    {
        IActivation activation = Activation.Parse(WithRowLength(name, 48));
        float[] x = RandomRow(480, 1), y = new float[activation.OutputLength(480)], dx = new float[480];
        double[] xd = [.. x.Select(v => (double)v)], yd = new double[y.Length], dxd = new double[480];
        Half[] xh = [.. x.Select(v => (Half)v)], yh = new Half[y.Length];
        IActivation whole = Activation.Parse(name);
        float[] x10 = RandomRow(96, 2), y10 = new float[whole.OutputLength(96)];
        void Run()
        {
            activation.Forward<float>(x, y);
            activation.Derivative<float>(x, y, y, dx);
            activation.Forward<double>(xd, yd);
            activation.Derivative<double>(xd, yd, yd, dxd);
            activation.Forward<Half>(xh, yh);
            whole.Forward<float>(x10, y10);
        }

        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    private static void EveryRowLength<T>(string name, Precision precision) where T : IFloatingPointIeee754<T>
    {
        // Float results within a few ULPs of a double computation; double ones within a relative 1e-13 (the double
        // computation's own error, not the library's bound: the tables check that).
        double tolerance = precision == Precision.Single ? 5 * Math.ScaleB(1, -24) : 1e-13;
        double floor = precision == Precision.Single ? 1e-37 : 1e-300;
        foreach (int length in Enumerable.Range(1, 300))
        {
            if (!AxisReferenceMath.Accepts(name, length))
            {
                continue;
            }

            IActivation activation = Activation.Parse(WithRowLength(name, length));
            foreach (int rows in new[] { 1, 3, 17 })
            {
                T[] x = [.. RandomRow(rows * length, length * 31 + rows).Select(v => T.CreateTruncating(v))];
                int outLength = AxisReferenceMath.OutputLength(name, length);
                T[] y = new T[rows * outLength];
                activation.Forward<T>(x, y);
                T[] dy = [.. RandomRow(rows * outLength, length * 37 + rows).Select(v => T.CreateTruncating(v))];
                T[] dx = new T[x.Length];
                activation.Derivative<T>(x, y, dy, dx);
                for (int r = 0; r < rows; r++)
                {
                    double[] row = [.. x.AsSpan(r * length, length).ToArray().Select(double.CreateTruncating)];
                    double[] expected = AxisReferenceMath.Forward(name, row);
                    for (int i = 0; i < outLength; i++)
                    {
                        double got = double.CreateTruncating(y[r * outLength + i]);
                        Math.Abs(got - expected[i]).Should().BeLessThanOrEqualTo(tolerance * Math.Abs(expected[i]) + floor + SparsemaxSlack(name, row, precision),
                            $"{name} forward, row length {length}, {rows} rows, row {r} at {i}");
                    }

                    double[] gradient = [.. dy.AsSpan(r * outLength, outLength).ToArray().Select(double.CreateTruncating)];
                    (double[] expectedDx, double[] scale) = AxisReferenceMath.Backward(name, row, gradient);
                    for (int i = 0; i < length; i++)
                    {
                        double got = double.CreateTruncating(dx[r * length + i]);
                        Math.Abs(got - expectedDx[i]).Should().BeLessThanOrEqualTo(2 * tolerance * scale[i] + floor,
                            $"{name} backward, row length {length}, {rows} rows, row {r} at {i}");
                    }
                }
            }
        }
    }

    /// <summary>A sparsemax output x − τ is an absolute difference: the double computation's τ is only good to its
    /// ULPs of the row's magnitude.</summary>
    private static double SparsemaxSlack(string name, double[] row, Precision precision) =>
        name == "sparsemax" && precision == Precision.Double ? 1e-15 * row.Max(Math.Abs) * row.Length : 0;

    private static void Forward(string name, ReadOnlyTensorSpan<float> x, TensorSpan<float> y, int axis)
    {
        (string function, int k) = AxisReferenceMath.Parse(name);
        switch (function)
        {
            case "softmax": SimdActivations.Activations.Softmax(x, y, axis); break;
            case "log_softmax": SimdActivations.Activations.LogSoftmax(x, y, axis); break;
            case "softmin": SimdActivations.Activations.Softmin(x, y, axis); break;
            case "sparsemax": SimdActivations.Activations.Sparsemax(x, y, axis); break;
            case "glu": SimdActivations.Activations.Glu(x, y, axis); break;
            default: SimdActivations.Activations.Maxout(x, y, k, axis); break;
        }
    }

    private static void Backward(string name, ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> dy, TensorSpan<float> dx, int axis)
    {
        (string function, int k) = AxisReferenceMath.Parse(name);
        switch (function)
        {
            case "softmax": SimdActivations.Activations.SoftmaxBackward(y, dy, dx, axis); break;
            case "log_softmax": SimdActivations.Activations.LogSoftmaxBackward(y, dy, dx, axis); break;
            case "softmin": SimdActivations.Activations.SoftminBackward(y, dy, dx, axis); break;
            case "sparsemax": SimdActivations.Activations.SparsemaxBackward(y, dy, dx, axis); break;
            case "glu": SimdActivations.Activations.GluBackward(x, dy, dx, axis); break;
            default: SimdActivations.Activations.MaxoutBackward(x, dy, dx, k, axis); break;
        }
    }

    internal static string WithRowLength(string name, int rowLength) =>
        name.Contains('(') ? name.Replace(")", $", row_length={rowLength})") : $"{name}(row_length={rowLength})";

    internal static float[] RandomRow(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 24 - 12))];
    }
}
