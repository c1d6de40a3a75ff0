using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using SimdActivations.Kernels;
using SimdActivations.Tests.Infrastructure;

namespace SimdActivations.Tests;

/// <summary>
/// The axis family's stated semantics (special values, stability, signs of zeros) on each kind of row: short rows
/// computed in lanes (3), rows in two registers (20) and rows through the passes (100); and its argument rules.
/// </summary>
public sealed class AxisFamilyTests
{
    private static readonly int[] Lengths = [3, 20, 100];

    /// <summary>The row padded to <paramref name="length"/> with <paramref name="fill"/>, computed, and its first elements.</summary>
    private static float[] Run(Action<float[], float[]> function, int length, float fill, params float[] head)
    {
        float[] x = [.. head, .. Enumerable.Repeat(fill, length - head.Length)];
        float[] y = new float[x.Length];
        function(x, y);
        return y;
    }

    /// <summary>
    /// Softmin folds its negation into the exponential's reduction; the result must be softmax of −x to the bit, on
    /// every kind of row: in lanes (10), in registers (20), through the passes from the exact maximum (300), from a
    /// sampled maximum (16 Ki), and again from the maximum with the floor after the sample missed a spike, with an
    /// element the floor holds (−x = −∞; 16 Ki).
    /// </summary>
    [Theory]
    [InlineData(10, false)]
    [InlineData(20, false)]
    [InlineData(300, false)]
    [InlineData(16384, false)]
    [InlineData(16384, true)]
    public void Softmin_is_softmax_of_the_negated_row_bit_for_bit(int length, bool spike)
    {
        var random = new Random(length);
        float[] x = [.. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 40 - 20))];
        if (spike)
        {
            x[1000] = -400f;
            x[1001] = float.PositiveInfinity;
        }

        float[] min = new float[length];
        float[] max = new float[length];
        Activations.Softmin<float>(x, min);
        Activations.Softmax<float>([.. x.Select(v => -v)], max);
        min.Select(BitConverter.SingleToInt32Bits).Should().Equal(max.Select(BitConverter.SingleToInt32Bits));

        double[] xd = [.. x.Select(v => (double)v)];
        double[] minDouble = new double[length];
        double[] maxDouble = new double[length];
        Activations.Softmin<double>(xd, minDouble);
        Activations.Softmax<double>([.. xd.Select(v => -v)], maxDouble);
        minDouble.Select(BitConverter.DoubleToInt64Bits).Should().Equal(maxDouble.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Softmax_is_stable_where_TensorPrimitives_is_not()
    {
        float[] x = [1000f, 1001f, 1002f];
        float[] y = new float[3];
        Activations.Softmax<float>(x, y);
        y.Should().Equal([0.09003057f, 0.24472848f, 0.66524094f], (a, b) => Math.Abs(a - b) <= 2e-8f);
        TensorPrimitives.SoftMax<float>(x, y);
        float.IsNaN(y[0]).Should().BeTrue("TensorPrimitives.SoftMax does not subtract the maximum");
    }

    [Fact]
    public void Softmax_family_rows_with_special_values()
    {
        foreach (int n in Lengths)
        {
            float[] y = Run((x, o) => Activations.Softmax<float>(x, o), n, float.NegativeInfinity, float.NegativeInfinity, 0f);
            y[0].Should().Be(0f);
            y[1].Should().Be(1f);
            Run((x, o) => Activations.Softmax<float>(x, o), n, 1f, float.PositiveInfinity, 0f).Should().OnlyContain(v => float.IsNaN(v), $"a row holding +∞ ({n})");
            Run((x, o) => Activations.Softmax<float>(x, o), n, 1f, float.NaN).Should().OnlyContain(v => float.IsNaN(v), $"a row holding NaN ({n})");
            Run((x, o) => Activations.Softmax<float>(x, o), n, float.NegativeInfinity).Should().OnlyContain(v => float.IsNaN(v), $"a row of −∞ ({n})");

            float[] log = Run((x, o) => Activations.LogSoftmax<float>(x, o), n, float.NegativeInfinity, float.NegativeInfinity, 0f);
            log[0].Should().Be(float.NegativeInfinity);
            BitConverter.SingleToInt32Bits(log[1]).Should().Be(BitConverter.SingleToInt32Bits(-0f), "log-softmax's zeros are −0");
            Run((x, o) => Activations.LogSoftmax<float>(x, o), n, 1f, float.NaN).Should().OnlyContain(v => float.IsNaN(v));

            float[] min = Run((x, o) => Activations.Softmin<float>(x, o), n, float.PositiveInfinity, float.PositiveInfinity, 0f);
            min[0].Should().Be(0f);
            min[1].Should().Be(1f);
            Run((x, o) => Activations.Softmin<float>(x, o), n, 1f, float.NegativeInfinity).Should().OnlyContain(v => float.IsNaN(v), "softmin of a row holding −∞");

            float[] tiny = Run((x, o) => Activations.Softmax<float>(x, o), n, float.NegativeInfinity, 0f, -100f);
            tiny[1].Should().BeApproximately(3.7200760e-44f, 2e-45f, "e^−100 is a float subnormal, not 0");
        }
    }

    [Theory]
    [InlineData(10.3)]
    [InlineData(11.5)]
    [InlineData(30.0)]
    [InlineData(300.0)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-1e30)]
    [InlineData(-3e38)]
    [InlineData(-2000.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void Long_rows_with_an_element_the_sampled_maximum_misses(double value)
    {
        // Rows of at least 64 vectors start from the maximum of every sixteenth vector and skip the maximum's pass
        // (SoftmaxRow): an element above that sample, far above it (the row is computed again from its maximum), or −∞
        // or hugely negative (its term without the floor is NaN, +∞ or 0) must not change the result. Index 1000 lies
        // in vector 62 of 16 floats (and 125 of 8 doubles), outside the sample. Log-softmax starts from the sample too
        // and keeps the result when the maximum is within log(S₀)/8 of it (10.3 here; 11.5 and the spikes are not).
        var random = new Random(5);
        double[] row = [.. Enumerable.Range(0, 4096).Select(_ => random.NextDouble() * 20 - 10)];
        row[1000] = value;
        float[] single = [.. row.Select(v => (float)v)];
        double[] expected = AxisReferenceMath.Forward("softmax", [.. single.Select(v => (double)v)]);
        float[] y = new float[single.Length];
        Activations.Softmax<float>(single, y);
        // The table bound (2 ULP), with the reference-table tests' allowance where FMA is missing.
        double limit = !System.Runtime.Intrinsics.X86.Fma.IsSupported && !System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? 2.25 : 2;
        float[] negated = [.. single.Select(v => -v)];
        float[] min = new float[single.Length];
        Activations.Softmin<float>(negated, min);
        double[] expectedLog = AxisReferenceMath.Forward("log_softmax", [.. single.Select(v => (double)v)]);
        float[] log = new float[single.Length];
        Activations.LogSoftmax<float>(single, log);
        for (int i = 0; i < row.Length; i++)
        {
            ExactValue reference = Exact(expected[i]);
            Ulp.Error(y[i], reference, Precision.Single).Should().BeLessThanOrEqualTo(limit, $"softmax at {i} of a row holding {value}");
            Ulp.Error(min[i], reference, Precision.Single).Should().BeLessThanOrEqualTo(limit, $"softmin at {i}");
            if (double.IsPositiveInfinity(value))
            {
                // As PyTorch: (+∞) − (+∞) is NaN, and so is the row's sum (the reference computation's log-softmax
                // leaves the maximum out of the sum and does not model this).
                float.IsNaN(log[i]).Should().BeTrue($"log_softmax at {i} of a row holding +∞");
            }
            else
            {
                Ulp.Error(log[i], Exact(expectedLog[i]), Precision.Single).Should().BeLessThanOrEqualTo(limit, $"log_softmax at {i}");
            }
        }

        row[1000] = value == 300 ? 3000 : value;
        double[] expectedDouble = AxisReferenceMath.Forward("softmax", row);
        double[] z = new double[row.Length];
        Activations.Softmax<double>(row, z);
        double[] expectedLogDouble = AxisReferenceMath.Forward("log_softmax", row);
        double[] logDouble = new double[row.Length];
        Activations.LogSoftmax<double>(row, logDouble);
        for (int i = 0; i < row.Length; i++)
        {
            if (double.IsNaN(expectedDouble[i]))
            {
                double.IsNaN(z[i]).Should().BeTrue($"double softmax at {i} of a row holding {row[1000]}");
            }
            else
            {
                Math.Abs(z[i] - expectedDouble[i]).Should().BeLessThanOrEqualTo(1e-13 * expectedDouble[i] + 1e-300, $"double softmax at {i} of a row holding {row[1000]}");
            }

            if (double.IsPositiveInfinity(row[1000]) || double.IsNaN(expectedLogDouble[i]))
            {
                double.IsNaN(logDouble[i]).Should().BeTrue($"double log_softmax at {i} of a row holding {row[1000]}");
            }
            else if (double.IsNegativeInfinity(expectedLogDouble[i]))
            {
                logDouble[i].Should().Be(double.NegativeInfinity, $"double log_softmax at {i} of a row holding {row[1000]}");
            }
            else
            {
                Math.Abs(logDouble[i] - expectedLogDouble[i]).Should().BeLessThanOrEqualTo(1e-13 * Math.Abs(expectedLogDouble[i]) + 1e-300, $"double log_softmax at {i} of a row holding {row[1000]}");
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Log_softmax_of_long_rows_from_the_stored_differences(int kind)
    {
        // Long float rows take y = d − L₀ from d = x − m₀ stored by the sum's pass (LogSoftmaxRow.FromSample); d is
        // rounded where x is far smaller in magnitude than m₀ (kind 0: a third of the row within 1e−6 of zero), and
        // exact within a binade of it (kind 1: [1000, 1010]).
        var random = new Random(11 + kind);
        float[] x = [.. Enumerable.Range(0, 8192).Select(_ => kind switch
        {
            0 => random.Next(3) == 0 ? (float)((random.NextDouble() - 0.5) * 2e-6) : (float)(random.NextDouble() * 30 - 15),
            1 => (float)(1000 + random.NextDouble() * 10),
            _ => (float)(random.NextDouble() * 200 - 100),
        })];
        double[] expected = AxisReferenceMath.Forward("log_softmax", [.. x.Select(v => (double)v)]);
        float[] y = new float[x.Length];
        Activations.LogSoftmax<float>(x, y);
        double limit = !System.Runtime.Intrinsics.X86.Fma.IsSupported && !System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? 2.25 : 2;
        for (int i = 0; i < x.Length; i++)
        {
            Ulp.Error(y[i], Exact(expected[i]), Precision.Single).Should().BeLessThanOrEqualTo(limit, $"log_softmax at {i} (x = {x[i]})");
        }
    }

    [Theory]
    [InlineData("softmax", 0)]
    [InlineData("softmax", 1)]
    [InlineData("softmax", 2)]
    [InlineData("log_softmax", 0)]
    [InlineData("log_softmax", 1)]
    [InlineData("log_softmax", 2)]
    public void Backward_of_long_rows_with_gradients_that_cancel(string function, int kind)
    {
        // Long float rows add ⟨dy, y⟩ (softmax) or Σdy (log-softmax) in blocks of four vectors before each TwoSum
        // (GradientTerms): the blocks' roundings stay within each output's error scale, y·(|dy| + Σy|dy|) or
        // |dy| + e^y·Σ|dy|. Kind 2 (a flat row) puts ±10⁴ at the start of two lanes and small terms after them, whose
        // blocks fall below half an ULP of the running sum: a sum without compensation between blocks drops them
        // (measured with that sum: 52.8 ULPs of the error scale, both functions).
        var random = new Random(31 + kind);
        const int n = 16384;
        float[] x = [.. Enumerable.Range(0, n).Select(i => kind switch
        {
            0 => (float)(random.NextDouble() * 2 - 1),
            1 => i == 5000 ? 0f : -20f,
            _ => 0f,
        })];
        float[] dy = [.. Enumerable.Range(0, n).Select(i => kind switch
        {
            2 => i == 0 ? 1e4f : i == 1 ? -1e4f : (float)(random.NextDouble() * 1e-4),
            _ => (float)(random.NextDouble() * 2 - 1),
        })];
        float[] y = new float[n], dx = new float[n];
        bool log = function == "log_softmax";
        if (log)
        {
            Activations.LogSoftmax<float>(x, y);
            Activations.LogSoftmaxBackward<float>(y, dy, dx);
        }
        else
        {
            Activations.Softmax<float>(x, y);
            Activations.SoftmaxBackward<float>(y, dy, dx);
        }

        // The references take the float y as given: the backward's own error, not the forward's.
        double[] p = [.. y.Select(v => log ? Math.Exp(v) : v)];
        double total = log ? dy.Sum(v => (double)v) : p.Zip(dy, (a, b) => a * b).Sum();
        double magnitude = log ? dy.Sum(v => Math.Abs((double)v)) : p.Zip(dy, (a, b) => a * Math.Abs(b)).Sum();
        double limit = Activation.Describe(function).Accuracy.SingleDerivative;
        for (int i = 0; i < n; i++)
        {
            double expected = log ? dy[i] - p[i] * total : p[i] * (dy[i] - total);
            double scale = log ? Math.Abs(dy[i]) + p[i] * magnitude : p[i] * (Math.Abs(dy[i]) + magnitude);
            ScaledUlp.Error(dx[i], Exact(expected), scale, Precision.Single).Should().BeLessThanOrEqualTo(limit, $"{function} dx at {i} (kind {kind})");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(203)]
    public void Maxout_of_pairs_matches_the_element_by_element_rule(int groups)
    {
        // k = 2 over float takes four pairs per vector step (MaxoutPairs): the same maxima (NaN propagates, +0 above
        // −0) and the same routing (the first arg-max, the first NaN) as the rule element by element, also in place.
        var random = new Random(groups);
        float[] specials = [float.NaN, -0f, 0f, float.PositiveInfinity, float.NegativeInfinity, 1f, -1f];
        float[] x = [.. Enumerable.Range(0, 2 * groups).Select(_ => random.Next(3) == 0 ? specials[random.Next(specials.Length)] : (float)random.Next(-3, 4))];
        float[] dy = [.. Enumerable.Range(0, groups).Select(i => i + 1f)];
        float[] expectedY = new float[groups];
        float[] expectedDx = new float[2 * groups];
        for (int g = 0; g < groups; g++)
        {
            float a = x[2 * g], b = x[2 * g + 1];
            expectedY[g] = float.IsNaN(a) || float.IsNaN(b) ? float.NaN : a == b ? (float.IsNegative(a) ? b : a) : Math.Max(a, b);
            bool second = !float.IsNaN(a) && (float.IsNaN(b) || b > a);
            expectedDx[2 * g + (second ? 1 : 0)] = dy[g];
        }

        float[] y = new float[groups];
        Activations.Maxout<float>(x, y, 2);
        y.Select(BitConverter.SingleToInt32Bits).Select(b => float.IsNaN(BitConverter.Int32BitsToSingle(b)) ? int.MinValue : b)
            .Should().Equal(expectedY.Select(v => float.IsNaN(v) ? int.MinValue : BitConverter.SingleToInt32Bits(v)));
        float[] inPlace = (float[])x.Clone();
        Activations.Maxout<float>(inPlace, inPlace.AsSpan(0, groups), 2);
        inPlace.AsSpan(0, groups).ToArray().Should().Equal(y, (p, q) => BitConverter.SingleToInt32Bits(p) == BitConverter.SingleToInt32Bits(q) || (float.IsNaN(p) && float.IsNaN(q)));

        float[] dx = new float[2 * groups];
        Activations.MaxoutBackward<float>(x, dy, dx, 2);
        dx.Should().Equal(expectedDx);
        float[] overX = (float[])x.Clone();
        Activations.MaxoutBackward<float>(overX, dy, overX, 2);
        overX.Should().Equal(expectedDx);
        float[] overDy = new float[2 * groups];
        dy.CopyTo(overDy, 0);
        Activations.MaxoutBackward<float>(x, overDy.AsSpan(0, groups), overDy, 2);
        overDy.Should().Equal(expectedDx);
    }

    [Theory]
    [InlineData(2, 37)]
    [InlineData(3, 16)]
    [InlineData(3, 53)]
    [InlineData(4, 100)]
    [InlineData(5, 17)]
    [InlineData(7, 40)]
    [InlineData(16, 33)]
    [InlineData(32, 20)]
    [InlineData(33, 9)]
    public void Maxout_of_any_k_matches_the_element_by_element_rule(int k, int groups)
    {
        // 2 ≤ k ≤ 16 (but float pairs, and the backward of k = 2) gathers piece j of a vector of groups at once
        // (MaxoutGathered) where x86 has AVX2; the groups past the last whole vector, and k = 32 and 33, go group by group.
        Check<float>(k, groups);
        Check<double>(k, groups);

        static void Check<T>(int k, int groups) where T : IFloatingPointIeee754<T>
        {
            var random = new Random(k * 1000 + groups);
            T[] specials = [T.NaN, T.NegativeZero, T.Zero, T.PositiveInfinity, T.NegativeInfinity, T.One, -T.One];
            T[] x = [.. Enumerable.Range(0, k * groups).Select(_ => random.Next(6) == 0 ? specials[random.Next(specials.Length)] : T.CreateTruncating(random.Next(-3, 4)))];
            T[] dy = [.. Enumerable.Range(0, groups).Select(i => T.CreateTruncating(i + 1))];
            T[] expectedY = new T[groups];
            T[] expectedDx = new T[k * groups];
            for (int g = 0; g < groups; g++)
            {
                int best = 0;
                for (int j = 1; j < k && !T.IsNaN(x[g * k + best]); j++)
                {
                    T v = x[g * k + j];
                    if (T.IsNaN(v) || v > x[g * k + best])
                    {
                        best = j;
                    }
                }

                T max = x[g * k];
                for (int j = 1; j < k; j++)
                {
                    max = T.Max(max, x[g * k + j]); // IEEE maximum: NaN propagates, +0 above −0
                }

                expectedY[g] = max;
                expectedDx[g * k + best] = dy[g];
            }

            T[] y = new T[groups];
            Activations.Maxout<T>(x, y, k);
            Bits(y).Should().Equal(Bits(expectedY), $"{typeof(T).Name} maxout, k = {k}");
            T[] inPlace = (T[])x.Clone();
            Activations.Maxout<T>(inPlace, inPlace.AsSpan(0, groups), k);
            Bits(inPlace.AsSpan(0, groups).ToArray()).Should().Equal(Bits(expectedY), "in place");

            T[] dx = new T[k * groups];
            Activations.MaxoutBackward<T>(x, dy, dx, k);
            Bits(dx).Should().Equal(Bits(expectedDx), $"{typeof(T).Name} maxout backward, k = {k}");
            T[] overX = (T[])x.Clone();
            Activations.MaxoutBackward<T>(overX, dy, overX, k);
            Bits(overX).Should().Equal(Bits(expectedDx), "backward over x");
            T[] overDy = new T[k * groups];
            dy.CopyTo(overDy, 0);
            Activations.MaxoutBackward<T>(x, overDy.AsSpan(0, groups), overDy, k);
            Bits(overDy).Should().Equal(Bits(expectedDx), "backward over dy");
        }

        // Bit patterns, every NaN as one.
        static string[] Bits<T>(T[] values) where T : IFloatingPointIeee754<T> =>
            [.. values.Select(v => T.IsNaN(v) ? "NaN" : double.CreateTruncating(v).ToString("R", CultureInfo.InvariantCulture) + (T.IsNegative(v) ? "-" : "+"))];
    }

    /// <summary>A double reference as an exact value (special values by name, as in the tables).</summary>
    private static ExactValue Exact(double value) => ExactValue.Parse(
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : value.ToString("R", CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(33)]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(16384)]
    [InlineData(65536)]
    public void Log_softmax_of_rows_a_spike_dominates(int length)
    {
        // At the spike, y = −log(1 + T) with T the sum of the other terms, as small as 1e−10 here: T must be summed to
        // its own precision (65 536 elements had measured 41 ULP when the terms far below the lanes' start value went
        // whole into the plain sum of rounding errors). Reference: T summed in double from the smallest term up, and
        // log1p(T) by its series where T is small. Several rows of each length, so short ones run with rows in lanes.
        int rows = length < 1000 ? 37 : 2;
        var random = new Random(length);
        float[] x = [.. Enumerable.Range(0, rows * length).Select(_ => (float)(random.NextDouble() * 20 - 10))];
        for (int r = 0; r < rows; r++)
        {
            x[r * length + r % length] = r % 2 == 0 ? 30f : 20f;
        }

        float[] y = new float[x.Length];
        Activations.LogSoftmax<float>(x, y, length);
        double limit = !System.Runtime.Intrinsics.X86.Fma.IsSupported && !System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? 2.25 : 2;
        for (int r = 0; r < rows; r++)
        {
            float[] row = x.AsSpan(r * length, length).ToArray();
            int spike = r % length;
            double others = 0;
            foreach (double term in row.Where((_, i) => i != spike).Select(v => Math.Exp(v - (double)row[spike])).OrderBy(v => v))
            {
                others += term;
            }

            double log = others < 1e-4 ? others - others * others / 2 + others * others * others / 3 : Math.Log(1 + others);
            for (int i = 0; i < length; i++)
            {
                double expected = row[i] - (double)row[spike] - log;
                Ulp.Error(y[r * length + i], Exact(expected), Precision.Single).Should().BeLessThanOrEqualTo(limit, $"row {r} of length {length} at {i}, spike at {spike}");
            }
        }
    }

    [Fact]
    public void Sparsemax_projects_onto_the_simplex()
    {
        foreach (int n in Lengths)
        {
            float[] x = PointwiseBehaviourTests.RandomValues<float>(n, n);
            float[] y = new float[n];
            Activations.Sparsemax<float>(x, y);
            y.Should().OnlyContain(v => v >= 0 && !float.IsNegative(v), "outputs are +0 or positive");
            y.Sum(v => (double)v).Should().BeApproximately(1, 1e-6);

            float[] edge = Run((x, o) => Activations.Sparsemax<float>(x, o), n, float.NegativeInfinity, 0.25f, 0f);
            edge[0].Should().Be(0.625f);
            edge[1].Should().Be(0.375f);
            edge.Skip(2).Should().OnlyContain(v => v == 0, "−∞ elements give 0");
            Run((x, o) => Activations.Sparsemax<float>(x, o), n, 0f, float.PositiveInfinity).Should().OnlyContain(v => float.IsNaN(v));
            Run((x, o) => Activations.Sparsemax<float>(x, o), n, 0f, float.NaN).Should().OnlyContain(v => float.IsNaN(v));
            Run((x, o) => Activations.Sparsemax<float>(x, o), n, float.NegativeInfinity).Should().OnlyContain(v => float.IsNaN(v));
        }

        // Around 1000 the outputs are small against x: the threshold is kept to twice the precision.
        float[] near = [1000f, 1000.5f, 1000.25f];
        float[] result = new float[3];
        Activations.Sparsemax<float>(near, result);
        result.Should().Equal(1f / 12, 7f / 12, 1f / 3);
    }

    [Fact]
    public void Sparsemax_threshold_agrees_with_the_sorting_algorithm()
    {
        // The sorting algorithm is the fallback for rows where Newton's method would take too many steps.
        var random = new Random(8);
        foreach (int n in new[] { 1, 2, 5, 33, 500, 4000 })
        {
            double[] x = [.. Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * random.NextDouble() * 4, 3))];
            SparsemaxMath.SortedThreshold(in x[0], (nuint)n, out double high, out double low);
            double[] y = new double[n];
            Activations.Sparsemax<double>(x, y);
            for (int i = 0; i < n; i++)
            {
                double expected = Math.Max((x[i] - high) - low, 0);
                y[i].Should().BeApproximately(expected, 1e-15, $"n = {n}, at {i}");
            }
        }
    }

    [Theory]
    [InlineData(127, 0)]
    [InlineData(128, 0)]
    [InlineData(1009, 0)]
    [InlineData(4096, 0)]
    [InlineData(4096, 1)]
    [InlineData(1000, 2)]
    [InlineData(1000, 3)]
    [InlineData(1000, 4)]
    public void Sparsemax_of_long_rows_from_their_candidates(int n, int kind)
    {
        // Rows of 8+ vectors run the Newton steps on the elements at or above max − 1.0625 only, copied out (on the
        // stack up to 1024, rented above): a spread row (few candidates), a row of equal values (all candidates), one
        // element far above the rest (a single candidate, padded), ties just below max − 1, and a support reaching
        // almost 1 below the maximum.
        var random = new Random(n + kind);
        float[] x = [.. Enumerable.Range(0, n).Select(i => kind switch
        {
            0 => (float)(random.NextDouble() * 20 - 10),
            1 => 3f,
            2 => i == 517 ? 50f : (float)random.NextDouble(),
            3 => i % 3 == 0 ? 2f : i % 3 == 1 ? 0.9999999f : 1f,
            _ => i == 100 ? 5f : i == 700 ? 4.0001f : (float)(random.NextDouble() * 5 - 10),
        })];
        double[] expected = AxisReferenceMath.Forward("sparsemax", [.. x.Select(v => (double)v)]);
        float[] y = new float[n];
        Activations.Sparsemax<float>(x, y);
        for (int i = 0; i < n; i++)
        {
            Math.Abs(y[i] - expected[i]).Should().BeLessThanOrEqualTo(Math.Max(Math.Abs(expected[i]), 1e-6) * 1.2e-7, $"n = {n}, kind {kind}, at {i}");
        }
    }

    [Fact]
    public void Glu_gates_each_half_and_saturates_without_nan()
    {
        foreach (int n in new[] { 6, 20, 200 })
        {
            float[] x = new float[n];
            int h = n / 2;
            x[0] = 3f;
            x[h] = 0f;
            x[1] = float.PositiveInfinity;
            x[h + 1] = 2f;
            x[2] = float.PositiveInfinity;
            x[h + 2] = float.NegativeInfinity;
            float[] y = new float[h];
            Activations.Glu<float>(x, y);
            y[0].Should().Be(1.5f);
            y[1].Should().Be(float.PositiveInfinity);
            float.IsNaN(y[2]).Should().BeTrue("∞·σ(−∞) is ∞·0");
        }

        // a near the largest float times a gate near 1: no overflow before the scaling.
        float[] big = [3e38f, 10f];
        float[] result = new float[1];
        Activations.Glu<float>(big, result);
        result[0].Should().BeApproximately(3e38f * (float)(1 / (1 + Math.Exp(-10))), 1e32f);
    }

    [Fact]
    public void Maxout_takes_the_ieee_maximum_and_routes_the_gradient_to_the_first()
    {
        float[] x = [1f, 3f, 3f, 2f, -0f, 0f, float.NaN, 5f, 7f, float.NaN];
        float[] y = new float[5];
        Activations.Maxout<float>(x, y, 2);
        y[0].Should().Be(3f);
        y[1].Should().Be(3f);
        BitConverter.SingleToInt32Bits(y[2]).Should().Be(0, "+0 is above −0");
        float.IsNaN(y[3]).Should().BeTrue();
        float.IsNaN(y[4]).Should().BeTrue();

        float[] dy = [1f, 2f, 3f, 4f, 5f];
        float[] dx = new float[10];
        Activations.MaxoutBackward<float>(x, dy, dx, 2);
        dx.Should().Equal(0f, 1f, 2f, 0f, 3f, 0f, 4f, 0f, 0f, 5f);

        float[] wide = [.. Enumerable.Range(0, 64).Select(i => (float)(i % 17))];
        float[] four = new float[4];
        Activations.Maxout<float>(wide, four, 16);
        four.Should().Equal(15f, 16f, 16f, 16f);
    }

    [Fact]
    public void Backward_passes_use_the_forward_output()
    {
        float[] y = [0.25f, 0.75f];
        float[] dy = [1f, 0f];
        float[] dx = new float[2];
        Activations.SoftmaxBackward<float>(y, dy, dx);
        dx.Should().Equal(0.25f * 0.75f, -0.75f * 0.25f);
        Activations.SoftminBackward<float>(y, dy, dx);
        dx.Should().Equal(-0.25f * 0.75f, 0.75f * 0.25f);
        float[] logY = [MathF.Log(0.25f), MathF.Log(0.75f)];
        Activations.LogSoftmaxBackward<float>(logY, dy, dx);
        dx[0].Should().BeApproximately(0.75f, 1e-7f);
        dx[1].Should().BeApproximately(-0.75f, 1e-7f);
        Activations.SparsemaxBackward<float>([0f, 0.5f, 0.5f], [1f, 2f, 4f], dx = new float[3]);
        dx.Should().Equal(0f, -1f, 1f);
    }

    [Fact]
    public void Row_lengths_are_validated()
    {
        float[] x = new float[12];
        float[] y = new float[12];
        Invalid(() => Activations.Softmax<float>(x, y, 0)).ParamName.Should().Be("rowLength");
        Invalid(() => Activations.Softmax<float>(x, y, -3)).ParamName.Should().Be("rowLength");
        Invalid(() => Activations.LogSoftmax<float>(x, y, 5)).ParamName.Should().Be("rowLength");
        Invalid(() => Activations.Glu<float>(x, y, 3)).ParamName.Should().Be("rowLength");
        Invalid(() => Activations.Glu<float>(x.AsSpan(0, 11), y)).ParamName.Should().Be("x");
        Invalid(() => Activations.Maxout<float>(x, y, 5)).ParamName.Should().Be("x");
        Invalid(() => Activations.Maxout<float>(x, y, 4, 6)).ParamName.Should().Be("rowLength");
        FluentActions.Invoking(() => Activations.Maxout<float>(x, y, 0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("k");
        Invalid(() => Activations.Softmax<float>(x, y, 0)).Message.Should().Contain("divide");
    }

    [Fact]
    public void Destinations_and_gradients_are_validated()
    {
        float[] x = new float[12];
        Invalid(() => Activations.Softmax<float>(x, new float[11])).ParamName.Should().Be("destination");
        Invalid(() => Activations.Glu<float>(x, new float[5])).ParamName.Should().Be("destination");
        Invalid(() => Activations.Softmax<float>(x.AsSpan(0, 6), x.AsSpan(1, 6))).ParamName.Should().Be("destination");
        Invalid(() => Activations.SoftmaxBackward<float>(x, new float[11], new float[12])).ParamName.Should().Be("dy");
        Invalid(() => Activations.GluBackward<float>(x, new float[5], new float[12])).ParamName.Should().Be("dy");
        Invalid(() => Activations.SoftmaxBackward<float>(x, x, new float[11])).ParamName.Should().Be("dx");
        Invalid(() => Activations.SoftmaxBackward<float>(x.AsSpan(0, 6), x.AsSpan(6, 6), x.AsSpan(3, 6))).ParamName.Should().Be("dx");

        IActivation glu = Activation.Parse("glu");
        Invalid(() => glu.Forward<float>(x, new float[5])).ParamName.Should().Be("y");
        Invalid(() => glu.Forward<float>(new float[7], new float[7])).ParamName.Should().Be("x");
        Invalid(() => glu.Derivative<float>(x, new float[6], new float[5], new float[12])).ParamName.Should().Be("dy");
        Invalid(() => glu.Derivative<float>(x, new float[5], new float[6], new float[12])).ParamName.Should().Be("y");
        Invalid(() => glu.Derivative<float>(x, new float[6], new float[6], new float[11])).ParamName.Should().Be("dx");
        Invalid(() => glu.OutputLength(7)).ParamName.Should().Be("inputLength");
        Invalid(() => Activation.Parse("softmax(row_length=5)").Forward<float>(x, x)).ParamName.Should().Be("x");
    }

    [Fact]
    public void Empty_spans_do_nothing()
    {
        foreach (string name in new[] { "softmax", "log_softmax", "softmin", "sparsemax", "glu", "maxout" })
        {
            IActivation activation = Activation.Parse(name);
            activation.Forward<float>([], []);
            activation.Derivative<float>([], [], [], []);
            activation.Forward<Half>([], []);
            Activation.Parse(AxisBehaviourTests.WithRowLength(name, 4)).Forward<double>([], []);
            ((AxisActivation)activation).Forward(ReadOnlyTensorSpan<float>.Empty, TensorSpan<float>.Empty);
            ((AxisActivation)activation).Derivative(ReadOnlyTensorSpan<float>.Empty, ReadOnlyTensorSpan<float>.Empty, ReadOnlyTensorSpan<float>.Empty, TensorSpan<float>.Empty);
        }
    }

    [Fact]
    public void Tensor_arguments_are_validated()
    {
        float[] data = new float[12];
        ReadOnlyTensorSpan<float> X() => new(data, [3, 4], []);
        FluentActions.Invoking(() => Activations.Softmax(X(), new TensorSpan<float>(new float[12], [3, 4], []), 2))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("axis");
        FluentActions.Invoking(() => Activations.Softmax(X(), new TensorSpan<float>(new float[12], [4, 3], []), -1))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("destination");
        FluentActions.Invoking(() => Activations.Glu(X(), new TensorSpan<float>(new float[12], [3, 4], []), 1))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("destination");
        FluentActions.Invoking(() => Activations.Glu(new ReadOnlyTensorSpan<float>(data, [4, 3], []), new TensorSpan<float>(new float[12], [4, 3], []), 1))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("x");
        FluentActions.Invoking(() => Activations.Softmax(X(), new TensorSpan<float>(new float[12], [3, 4], [0, 1]), -1))
            .Should().Throw<ArgumentException>().WithMessage("*broadcasts*");
        float[] shared = new float[16];
        FluentActions.Invoking(() => Activations.Softmax(new ReadOnlyTensorSpan<float>(shared, 0, [3, 4], []), new TensorSpan<float>(shared, 1, [3, 4], []), -1))
            .Should().Throw<ArgumentException>().WithMessage("*overlaps*");
    }

    [Theory]
    [InlineData("softmax", "softmax")]
    [InlineData("softmax(dim=-1)", "softmax")]
    [InlineData("softmax(row_length=10)", "softmax(row_length=10)")]
    [InlineData("logsoftmax", "log_softmax")]
    [InlineData("log_softmax(dim=1)", "log_softmax(dim=1)")]
    [InlineData("maxout", "maxout")]
    [InlineData("maxout(k=3, row_length=12)", "maxout(k=3, row_length=12)")]
    [InlineData("glu(row_length=8)", "glu(row_length=8)")]
    public void Axis_names_parse_and_round_trip(string specification, string name)
    {
        IActivation activation = Activation.Parse(specification);
        activation.Name.Should().Be(name);
        activation.Should().BeAssignableTo<AxisActivation>().And.NotBeAssignableTo<IPointwiseActivation>();
        Activation.Parse(activation.Name).Name.Should().Be(name);
    }

    [Fact]
    public void Output_lengths_and_parameter_errors()
    {
        Activation.Parse("glu").OutputLength(10).Should().Be(5);
        Activation.Parse("maxout(k=4)").OutputLength(12).Should().Be(3);
        Activation.Parse("maxout(k=4, row_length=8)").OutputLength(16).Should().Be(4);
        Activation.Parse("softmax(row_length=10)").OutputLength(30).Should().Be(30);
        ((MaxoutActivation)Activation.Parse("maxout(k=3)")).K.Should().Be(3);
        FluentActions.Invoking(() => Activation.Parse("softmax(row_length=-1)")).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("rowLength");
        FluentActions.Invoking(() => Activation.Parse("glu(row_length=3)")).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("rowLength");
        FluentActions.Invoking(() => Activation.Parse("maxout(k=0)")).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("k");
        FluentActions.Invoking(() => Activation.Parse("maxout(k=3, row_length=4)")).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("rowLength");
        FluentActions.Invoking(() => Activation.Parse("softmax(dim=0.5)")).Should().Throw<ArgumentException>().WithMessage("*integer*");
    }

    private static ArgumentException Invalid(Action action) => FluentActions.Invoking(action).Should().Throw<ArgumentException>().Which;

    private static ArgumentException Invalid(Func<int> action) => FluentActions.Invoking(action).Should().Throw<ArgumentException>().Which;
}
