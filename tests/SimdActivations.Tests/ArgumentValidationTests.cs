namespace SimdActivations.Tests;

/// <summary>DESIGN §7: what the public API rejects, with which exception and parameter name.</summary>
public sealed class ArgumentValidationTests
{
    public static TheoryData<string> Activations() => PointwiseBehaviourTests.Activations();

    [Theory]
    [MemberData(nameof(Activations))]
    public void Too_short_destination_throws_naming_it(string name)
    {
        var activation = (IPointwiseActivation)Activation.Parse(name);
        float[] x = new float[10];
        FluentActions.Invoking(() => activation.Forward<float>(x, new float[9])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("y");
        FluentActions.Invoking(() => activation.Derivative<float>(x, new float[9])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dydx");
        FluentActions.Invoking(() => activation.Derivative<float>(x, x, x, new float[9])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dx");
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Partial_overlap_throws_and_exact_aliasing_does_not(string name)
    {
        var activation = (IPointwiseActivation)Activation.Parse(name);
        float[] buffer = PointwiseBehaviourTests.RandomValues<float>(40, 1);
        FluentActions.Invoking(() => activation.Forward<float>(buffer.AsSpan(0, 20), buffer.AsSpan(1, 20))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("y");
        FluentActions.Invoking(() => activation.Derivative<float>(buffer.AsSpan(5, 20), buffer.AsSpan(0, 20))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dydx");
        FluentActions.Invoking(() => activation.Derivative<float>(buffer.AsSpan(0, 20), buffer.AsSpan(0, 20), buffer.AsSpan(20, 20), buffer.AsSpan(10, 20)))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dx");
        FluentActions.Invoking(() => activation.Forward<float>(buffer.AsSpan(0, 20), buffer.AsSpan(0, 20))).Should().NotThrow();
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Mismatched_lengths_throw_and_empty_is_a_no_op(string name)
    {
        var activation = (IPointwiseActivation)Activation.Parse(name);
        FluentActions.Invoking(() => activation.Derivative<double>(new double[8], new double[8], new double[7], new double[8]))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dy");
        FluentActions.Invoking(() => activation.Derivative<double>(new double[8], new double[7], new double[8], new double[8]))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("y");
        activation.Forward<double>([], []);
        activation.Derivative<double>([], []);
        activation.Derivative<double>([], [], [], []);
        activation.Forward<Half>([], []);
    }

    [Theory]
    [InlineData("hardsigmoid(slope=0)", "slope")]
    [InlineData("hardsigmoid(slope=-1)", "slope")]
    [InlineData("hardsigmoid(slope=nan)", "slope")]
    [InlineData("hardsigmoid(offset=Infinity)", "offset")]
    [InlineData("silu(beta=NaN)", "beta")]
    [InlineData("silu(beta=-Infinity)", "beta")]
    [InlineData("hardtanh(min_val=1)", "minVal")]
    [InlineData("hardtanh(min_val=2, max_val=1)", "minVal")]
    [InlineData("hardtanh(min_val=nan)", "minVal")]
    [InlineData("hardtanh(max_val=NaN)", "maxVal")]
    [InlineData("softshrink(lambd=-0.5)", "lambd")]
    [InlineData("softshrink(lambd=Infinity)", "lambd")]
    [InlineData("hardshrink(lambd=nan)", "lambd")]
    [InlineData("leaky_relu(negative_slope=nan)", "negativeSlope")]
    [InlineData("threshold(threshold=nan)", "threshold")]
    [InlineData("threshold(value=nan)", "value")]
    [InlineData("prelu(num_parameters=0)", "numParameters")]
    [InlineData("prelu(init=Infinity)", "init")]
    [InlineData("rrelu(lower=0.5, upper=0.25)", "lower")]
    [InlineData("rrelu(upper=nan)", "upper")]
    [InlineData("elu(alpha=Infinity)", "alpha")]
    [InlineData("celu(alpha=0)", "alpha")]
    [InlineData("softplus(beta=0)", "beta")]
    [InlineData("softplus(beta=-1)", "beta")]
    [InlineData("softplus(threshold=nan)", "threshold")]
    public void Invalid_parameters_throw_out_of_range(string specification, string parameter) =>
        FluentActions.Invoking(() => Activation.Parse(specification)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(parameter);

    [Fact]
    public void Invalid_parameters_throw_at_the_static_call_too()
    {
        float[] x = new float[4];
        FluentActions.Invoking(() => SimdActivations.Activations.Silu<float>(x, x, double.NaN)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("beta");
        FluentActions.Invoking(() => SimdActivations.Activations.HardSigmoid<float>(x, x, slope: 0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("slope");
        FluentActions.Invoking(() => SimdActivations.Activations.SiluBetaGradient<float>(x, x, double.PositiveInfinity)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void No_input_value_throws()
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue, float.Epsilon, -0f];
        foreach (string name in Activation.Names)
        {
            if (Activation.Parse(name) is not IPointwiseActivation activation)
            {
                continue;
            }

            float[] y = new float[x.Length];
            activation.Forward<float>(x, y);
            activation.Derivative<float>(x, y);
            activation.Derivative<float>(x, x, x, y);
        }
    }
}
