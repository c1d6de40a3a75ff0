namespace SimdActivations.Tests;

/// <summary>The tanh family's stated semantics, on the vector path (the inputs repeated to 17+ elements) and the scalar path (1).</summary>
public sealed class TanhFamilyTests
{
    private static float[] Apply(Action<float[], float[]> function, params float[] x)
    {
        float[] input = Enumerable.Repeat(x, 17).SelectMany(v => v).ToArray();
        float[] output = new float[input.Length];
        function(input, output);
        float[] single = new float[1];
        for (int i = 0; i < x.Length; i++)
        {
            function([x[i]], single);
            BitConverter.SingleToInt32Bits(single[0]).Should().Be(BitConverter.SingleToInt32Bits(output[i]), $"scalar and vector paths at x = {x[i]:R}");
        }

        return output[..x.Length];
    }

    private static double[] Apply(Action<double[], double[]> function, params double[] x)
    {
        double[] input = Enumerable.Repeat(x, 9).SelectMany(v => v).ToArray();
        double[] output = new double[input.Length];
        function(input, output);
        return output[..x.Length];
    }

    private static void ShouldBeBitwise(float actual, float expected, string because = "") =>
        BitConverter.SingleToInt32Bits(actual).Should().Be(BitConverter.SingleToInt32Bits(expected), because);

    [Fact]
    public void Tanh_is_odd_exact_at_zero_and_saturates()
    {
        float[] y = Apply((x, d) => Activations.Tanh<float>(x, d),
            0f, -0f, 1e-30f, -1e-30f, float.Epsilon, -float.Epsilon, 1e-5f, float.PositiveInfinity, float.NegativeInfinity,
            9.1f, -9.1f, 20f, 1e30f, float.MaxValue, float.NaN);
        ShouldBeBitwise(y[0], 0f);
        ShouldBeBitwise(y[1], -0f);
        y[2].Should().Be(1e-30f);
        y[3].Should().Be(-1e-30f);
        y[4].Should().Be(float.Epsilon, "tanh(x) = x for subnormal x");
        y[5].Should().Be(-float.Epsilon);
        y[6].Should().Be(1e-5f, "tanh(1e−5) = 1e−5 − 3.3e−16 rounds to 1e−5");
        y[7].Should().Be(1f);
        y[8].Should().Be(-1f);
        y[9].Should().Be(1f);
        y[10].Should().Be(-1f);
        y[11].Should().Be(1f);
        y[12].Should().Be(1f);
        y[13].Should().Be(1f);
        float.IsNaN(y[14]).Should().BeTrue();
    }

    [Fact]
    public void Tanh_of_zeros_is_zero_on_long_arrays()
    {
        // TensorPrimitives.Tanh (System.Numerics.Tensors 11) returns −5.96e−8 here for arrays of 4 or more.
        float[] zeros = new float[100];
        float[] y = new float[100];
        Activations.Tanh<float>(zeros, y);
        y.Should().OnlyContain(v => BitConverter.SingleToInt32Bits(v) == 0);
        double[] zerosDouble = new double[100];
        double[] yDouble = new double[100];
        Activations.Tanh<double>(zerosDouble, yDouble);
        yDouble.Should().OnlyContain(v => BitConverter.DoubleToInt64Bits(v) == 0);
    }

    /// <summary>
    /// Every float of [1/8, 1) and every seventh of [1, 9.1], through the float kernel against Math.Tanh: within
    /// 2 ULP. The reference tables are too sparse for this: the reduced form with its k rounded to nearest measured
    /// 2.68 ULP near x = 0.22 and passed them (with N/D's denominator rounded apart from N, 2.5 near x = 4.5, they
    /// failed too).
    /// </summary>
    [Fact]
    public void Tanh_stays_within_two_ulp_across_its_reduction()
    {
        var x = new List<float>();
        for (int bits = BitConverter.SingleToInt32Bits(0.125f); bits < BitConverter.SingleToInt32Bits(1f); bits++)
        {
            x.Add(BitConverter.Int32BitsToSingle(bits));
        }

        for (int bits = BitConverter.SingleToInt32Bits(1f); bits <= BitConverter.SingleToInt32Bits(9.1f); bits += 7)
        {
            x.Add(BitConverter.Int32BitsToSingle(bits));
        }

        float[] input = [.. x];
        float[] output = new float[input.Length];
        Activations.Tanh<float>(input, output);
        double worst = FloatUlps.Worst(input, output, Math.Tanh, out float at);
        worst.Should().BeLessThanOrEqualTo(2, $"the worst float is x = {at:R}");
    }

    [Fact]
    public void Tanh_is_odd_bit_for_bit()
    {
        var random = new Random(2);
        float[] x = Enumerable.Range(0, 1000).Select(_ => (float)(random.NextDouble() * 24 - 12)).ToArray();
        float[] negated = x.Select(v => -v).ToArray();
        float[] y = new float[x.Length];
        float[] yNegated = new float[x.Length];
        Activations.Tanh<float>(x, y);
        Activations.Tanh<float>(negated, yNegated);
        for (int i = 0; i < x.Length; i++)
        {
            ShouldBeBitwise(yNegated[i], -y[i], $"tanh(−x) = −tanh(x) at x = {x[i]:R}");
        }
    }

    [Fact]
    public void Tanh_derivative_keeps_its_tail_for_large_x()
    {
        // 1 − tanh² would give 0 from x ≈ 9 on; sech²(x) = 4e^−2x(1 + e^−2x)^−2 stays accurate into the subnormals.
        float[] d = Apply((x, y) => Activations.TanhDerivative<float>(x, y), 0f, 10f, -20f, 45f, 60f, float.PositiveInfinity, float.NaN);
        static float Sech2(double v) => (float)(1 / (Math.Cosh(v) * Math.Cosh(v)));
        d[0].Should().Be(1f);
        d[1].Should().BeApproximately(Sech2(10), Sech2(10) * 3e-7f);
        d[2].Should().BeApproximately(Sech2(20), Sech2(20) * 3e-7f);
        d[3].Should().BeApproximately(3.28e-39f, 0.01e-39f, "sech²(45) = 4e−90·… is a float subnormal, not 0");
        d[4].Should().Be(0f);
        d[5].Should().Be(0f);
        float.IsNaN(d[6]).Should().BeTrue();
        double[] dd = Apply((x, y) => Activations.TanhDerivative<double>(x, y), 300.0, 400.0);
        dd[0].Should().BeApproximately(4 * Math.Exp(-600), 4 * Math.Exp(-600) * 1e-15);
        dd[1].Should().Be(0.0, "sech²(400) = 4e−800 is below double's range");
    }

    [Fact]
    public void Tanh_backward_from_the_output_matches_the_one_from_the_input()
    {
        var random = new Random(9);
        float[] x = Enumerable.Range(0, 999).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray();
        float[] dy = Enumerable.Range(0, 999).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] y = new float[x.Length];
        Activations.Tanh<float>(x, y);
        float[] fromInput = new float[x.Length];
        float[] fromOutput = new float[x.Length];
        Activations.TanhBackward<float>(x, dy, fromInput);
        new TanhActivation().Derivative<float>(x, y, dy, fromOutput);
        for (int i = 0; i < x.Length; i++)
        {
            double exact = dy[i] / Math.Pow(Math.Cosh(x[i]), 2);
            double tolerance = 10 * Math.Max(Math.Abs(exact), 1e-38) * Math.Pow(2, -24);
            fromInput[i].Should().BeApproximately((float)exact, (float)tolerance, $"from x at x = {x[i]:R}");
            fromOutput[i].Should().BeApproximately((float)exact, (float)tolerance, $"from y at x = {x[i]:R}");
        }

        // Saturated outputs (y = ±1 exactly) still give the true, tiny gradient rather than 0.
        float[] big = [12f, -12f];
        float[] yBig = new float[2];
        Activations.Tanh<float>(big, yBig);
        yBig.Should().Equal(1f, -1f);
        float[] dx = new float[2];
        new TanhActivation().Derivative<float>(big, yBig, [1f, 1f], dx);
        float sech2 = (float)(1 / (Math.Cosh(12.0) * Math.Cosh(12.0)));
        dx[0].Should().BeApproximately(sech2, sech2 * 3e-7f);
        dx[1].Should().BeApproximately(sech2, sech2 * 3e-7f);
    }

    [Fact]
    public void Hard_tanh_clamps_with_nan_and_zero_semantics()
    {
        float[] y = Apply((x, d) => Activations.HardTanh<float>(x, d), -2f, -1f, -0.5f, -0f, 0.5f, 1f, 2f, float.NaN, float.NegativeInfinity, float.PositiveInfinity);
        y[..7].Should().Equal(-1f, -1f, -0.5f, -0f, 0.5f, 1f, 1f);
        ShouldBeBitwise(y[3], -0f, "−0 is inside (−1, 1) and kept");
        float.IsNaN(y[7]).Should().BeTrue();
        y[8].Should().Be(-1f);
        y[9].Should().Be(1f);

        float[] relu6 = Apply((x, d) => Activations.HardTanh<float>(x, d, 0, 6), -0f, -3f, 7f);
        ShouldBeBitwise(relu6[0], 0f, "IEEE max(−0, +0) = +0, as PyTorch's clamp");
        relu6[1].Should().Be(0f);
        relu6[2].Should().Be(6f);

        float[] d = Apply((x, o) => Activations.HardTanhDerivative<float>(x, o, -2, 3), -2f, 3f, -1.9999999f, 2.9999998f, 0f, -5f, 5f, float.NaN);
        d[..7].Should().Equal(0f, 0f, 1f, 1f, 1f, 0f, 0f);
        float.IsNaN(d[7]).Should().BeTrue();
    }

    [Fact]
    public void Hard_tanh_bounds_that_are_not_floats_decide_exactly()
    {
        // 0.1 is not a float: (float)0.1 = 0.100000001 lies above it, so it is outside [−0.1, 0.1] and clamped, and the
        // derivative there is 0.
        float above = (float)0.1;
        float[] y = Apply((x, d) => Activations.HardTanh<float>(x, d, -0.1, 0.1), above, -above, 0.05f);
        y.Should().Equal(above, -above, 0.05f);
        float[] d = Apply((x, o) => Activations.HardTanhDerivative<float>(x, o, -0.1, 0.1), above, -above, 0.0999999940f, 0.05f);
        d.Should().Equal(0f, 0f, 1f, 1f);
    }

    [Fact]
    public void Tanhshrink_is_accurate_where_it_cancels()
    {
        // PyTorch returns 0 for tanhshrink(1e−10); the value is x³/3 = 3.3e−31.
        float[] y = Apply((x, d) => Activations.TanhShrink<float>(x, d), 1e-10f, -1e-10f, 1e-3f, 0f, -0f, 100f, float.NegativeInfinity, float.NaN);
        y[0].Should().BeApproximately(3.3333333e-31f, 3.3333333e-31f * 2e-7f);
        y[1].Should().BeApproximately(-3.3333333e-31f, 3.3333333e-31f * 2e-7f);
        double thousandth = 1e-3f;
        double expected = thousandth * thousandth * thousandth / 3 - 2 * Math.Pow(thousandth, 5) / 15;
        y[2].Should().BeApproximately((float)expected, (float)expected * 2e-7f);
        ShouldBeBitwise(y[3], 0f);
        ShouldBeBitwise(y[4], -0f, "odd: −0 stays −0");
        y[5].Should().Be(99f);
        y[6].Should().Be(float.NegativeInfinity);
        float.IsNaN(y[7]).Should().BeTrue();

        double[] yd = Apply((x, d) => Activations.TanhShrink<double>(x, d), 1e-100, 0.5, 2.0);
        yd[0].Should().BeApproximately(1e-300 / 3, 1e-300 / 3 * 1e-15);
        yd[1].Should().BeApproximately(0.5 - Math.Tanh(0.5), 1e-16);
        yd[2].Should().BeApproximately(2.0 - Math.Tanh(2.0), 1e-15);

        float[] derivative = Apply((x, d) => Activations.TanhShrinkDerivative<float>(x, d), 0f, 1e-20f, float.PositiveInfinity, float.NaN);
        derivative[0].Should().Be(0f);
        derivative[1].Should().BeApproximately(1e-40f, 2e-45f, "tanh²(1e−20) = 1e−40, a subnormal");
        derivative[2].Should().Be(1f);
        float.IsNaN(derivative[3]).Should().BeTrue();
    }

    [Fact]
    public void Softsign_saturates_keeps_zero_sign_and_a_tiny_derivative()
    {
        float[] y = Apply((x, d) => Activations.SoftSign<float>(x, d), float.PositiveInfinity, float.NegativeInfinity, -0f, 1f, -3f, float.MaxValue, float.NaN);
        y[0].Should().Be(1f);
        y[1].Should().Be(-1f);
        ShouldBeBitwise(y[2], -0f);
        y[3].Should().Be(0.5f);
        y[4].Should().Be(-0.75f);
        y[5].Should().Be(1f);
        float.IsNaN(y[6]).Should().BeTrue();

        float[] d = Apply((x, o) => Activations.SoftSignDerivative<float>(x, o), 0f, 1f, -3f, 1e20f, float.PositiveInfinity, float.NaN);
        d[..3].Should().Equal(1f, 0.25f, 0.0625f);
        d[3].Should().BeApproximately(1e-40f, 1e-45f, "1/(1 + 1e20)² is a float subnormal, not 0 (no overflow of the square)");
        d[4].Should().Be(0f);
        float.IsNaN(d[5]).Should().BeTrue();
        double[] dd = Apply((x, o) => Activations.SoftSignDerivative<double>(x, o), 1e160, -1e200);
        dd[0].Should().BeApproximately(1e-320, 1e-323, "the square of 1 + 10¹⁶⁰ would overflow");
        dd[1].Should().Be(0.0);
    }

    [Fact]
    public void Soft_shrink_propagates_nan_and_zeroes_the_dead_zone()
    {
        float[] y = Apply((x, d) => Activations.SoftShrink<float>(x, d), float.NaN, 0.5f, -0.5f, 0.25f, -0f, 2f, -2f, float.PositiveInfinity);
        float.IsNaN(y[0]).Should().BeTrue("PyTorch once returned 0 for softshrink(NaN)");
        foreach (float zero in y[1..5])
        {
            ShouldBeBitwise(zero, 0f);
        }

        y[5].Should().Be(1.5f);
        y[6].Should().Be(-1.5f);
        y[7].Should().Be(float.PositiveInfinity);

        // A λ that is not a float still gives the correctly rounded x − λ.
        float[] z = Apply((x, d) => Activations.SoftShrink<float>(x, d, 0.1), 0.3f, -0.7f);
        z[0].Should().Be((float)(0.3f - 0.1));
        z[1].Should().Be((float)(-0.7f + 0.1));

        float[] d = Apply((x, o) => Activations.SoftShrinkDerivative<float>(x, o), 0.5f, -0.5f, 0.5000001f, -3f, 0f, float.NegativeInfinity, float.NaN);
        d[..6].Should().Equal(0f, 0f, 1f, 1f, 0f, 1f);
        float.IsNaN(d[6]).Should().BeTrue();
    }

    [Fact]
    public void Hard_shrink_keeps_values_beyond_lambda_and_propagates_nan()
    {
        float[] y = Apply((x, d) => Activations.HardShrink<float>(x, d), float.NaN, 0.5f, -0.5f, 0.5000001f, -0.6f, -0f, float.NegativeInfinity);
        float.IsNaN(y[0]).Should().BeTrue();
        ShouldBeBitwise(y[1], 0f);
        ShouldBeBitwise(y[2], 0f);
        y[3].Should().Be(0.5000001f);
        y[4].Should().Be(-0.6f);
        ShouldBeBitwise(y[5], 0f);
        y[6].Should().Be(float.NegativeInfinity);

        // (float)0.1 lies above 0.1, so it is kept: the comparison is with λ itself.
        float above = (float)0.1;
        Apply((x, d) => Activations.HardShrink<float>(x, d, 0.1), above, 0.0999999940f).Should().Equal(above, 0f);
        Apply((x, d) => Activations.HardShrinkDerivative<float>(x, d, 0.1), above, 0.0999999940f, float.NaN)[..2].Should().Equal(1f, 0f);
        Apply((x, d) => Activations.HardShrink<float>(x, d, 0), 1e-45f, -0f).Should().Equal(1e-45f, 0f);
    }

    [Fact]
    public void Double_results_follow_the_same_rules()
    {
        double[] t = Apply((x, d) => Activations.Tanh<double>(x, d), -0.0, 1e-300, 19.5, double.NegativeInfinity, 0.3);
        BitConverter.DoubleToInt64Bits(t[0]).Should().Be(BitConverter.DoubleToInt64Bits(-0.0));
        t[1].Should().Be(1e-300);
        t[2].Should().Be(1.0);
        t[3].Should().Be(-1.0);
        t[4].Should().BeApproximately(Math.Tanh(0.3), 1e-16);
        Apply((x, d) => Activations.HardTanh<double>(x, d, -2, 3), -2.5, 2.5, 3.5).Should().Equal(-2.0, 2.5, 3.0);
        Apply((x, d) => Activations.SoftShrink<double>(x, d, 1), 1.5, -0.5).Should().Equal(0.5, 0.0);
        Apply((x, d) => Activations.HardShrink<double>(x, d, 0.25), 0.3, 0.25).Should().Equal(0.3, 0.0);
        Apply((x, d) => Activations.SoftSign<double>(x, d), 3.0, double.PositiveInfinity).Should().Equal(0.75, 1.0);
    }

    [Theory]
    [InlineData("hard_tanh", "hardtanh")]
    [InlineData("hardtanh(min_val=-2, max_val=3)", "hardtanh(min_val=-2, max_val=3)")]
    [InlineData("hardtanh(min_val=-1.0, max_val=1)", "hardtanh")]
    [InlineData("tanh_shrink", "tanhshrink")]
    [InlineData("soft_sign", "softsign")]
    [InlineData("soft_shrink(lambd=1)", "softshrink(lambd=1)")]
    [InlineData("hard_shrink(lambd=0.5)", "hardshrink")]
    public void Names_aliases_and_parameters_parse(string specification, string name) =>
        Activation.Parse(specification).Name.Should().Be(name);

    [Fact]
    public void Invalid_parameters_throw_at_the_static_call_too()
    {
        float[] x = new float[4];
        FluentActions.Invoking(() => Activations.HardTanh<float>(x, x, 1, 1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("minVal");
        FluentActions.Invoking(() => Activations.HardTanhDerivative<float>(x, x, 0, double.NaN)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxVal");
        FluentActions.Invoking(() => Activations.SoftShrink<float>(x, x, -0.1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("lambd");
        FluentActions.Invoking(() => Activations.HardShrinkBackward<float>(x, x, x, double.PositiveInfinity)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("lambd");
        FluentActions.Invoking(() => new HardShrinkActivation(double.NaN)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("lambd");
    }
}
