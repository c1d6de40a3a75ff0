namespace SimdActivations.Tests;

public sealed class RegistryTests
{
    [Theory]
    [InlineData("sigmoid", "sigmoid")]
    [InlineData("swish", "silu")]
    [InlineData("SiLU", "silu")]
    [InlineData("hard_silu", "hardswish")]
    [InlineData("hard_swish", "hardswish")]
    [InlineData("log_sigmoid", "logsigmoid")]
    [InlineData("hard_sigmoid", "hardsigmoid")]
    [InlineData("  hardsigmoid ( slope = 0.2 , offset = '0.5' ) ", "hardsigmoid(slope=0.2)")]
    [InlineData("swish(beta=\"1.5\")", "silu(beta=1.5)")]
    [InlineData("silu(beta=1)", "silu")]
    public void Names_and_aliases_parse(string specification, string name) =>
        Activation.Parse(specification).Name.Should().Be(name);

    [Fact]
    public void Every_name_round_trips_through_its_instance_name()
    {
        foreach (string name in Activation.Names)
        {
            IActivation activation = Activation.Parse(name);
            Activation.Parse(activation.Name).Name.Should().Be(activation.Name);
            if (activation is IPointwiseActivation)
            {
                activation.OutputLength(17).Should().Be(17);
            }
        }
    }

    [Theory]
    [InlineData("relu7", "Known:")]
    [InlineData("silu(gamma=1)", "beta=1")]
    [InlineData("silu(beta=1", "expected name(key=value")]
    [InlineData("silu(beta)", "key=value")]
    [InlineData("silu(beta=1, beta=2)", "twice")]
    [InlineData("silu(beta=abc)", "must be a number")]
    [InlineData("hardsigmoid(slope=1,5)", "key=value")]
    public void Bad_specifications_say_what_is_allowed(string specification, string hint) =>
        FluentActions.Invoking(() => Activation.Parse(specification)).Should().Throw<ArgumentException>().WithMessage($"*{hint}*");

    [Fact]
    public void Create_takes_typed_values()
    {
        Activation.Create("hardsigmoid", new Dictionary<string, object> { ["slope"] = 0.2 }).Name.Should().Be("hardsigmoid(slope=0.2)");
        FluentActions.Invoking(() => Activation.Create("silu", new Dictionary<string, object> { ["alpha"] = 1 })).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Learnable_parameters_round_trip()
    {
        var swish = (ILearnableActivation)Activation.Parse("swish(beta=1.25)");
        swish.Parameters.Should().Equal(1.25);
        swish.WithParameters([2.0]).Name.Should().Be("silu(beta=2)");
        FluentActions.Invoking(() => swish.WithParameters([1.0, 2.0])).Should().Throw<ArgumentException>();
    }

    /// <summary>
    /// The README's table of functions states each activation's accuracy bounds; they must be the registry's
    /// (<see cref="Activation.Describe"/>), which the reference-table tests enforce, for every registered name.
    /// </summary>
    [Fact]
    public void The_readme_states_the_registry_accuracy_bounds()
    {
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "README.md"));
        int header = Array.FindIndex(lines, l => l.StartsWith("| name (aliases) |", StringComparison.Ordinal));
        header.Should().BeGreaterThan(0, "the README has its table of functions");
        var stated = new Dictionary<string, double[]>();
        for (int i = header + 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
            string[] cells = lines[i].Trim().Trim('|').Split(" | ");
            string name = cells[0].Split('`')[1];
            double[] bounds = [.. cells[^2].Split(" / ").Concat(cells[^1].Split(" / ")).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];
            stated[name] = bounds;
        }

        stated.Keys.Should().BeEquivalentTo(Activation.Names);
        foreach (string name in Activation.Names)
        {
            AccuracyBound bound = Activation.Describe(name).Accuracy;
            stated[name].Should().Equal([bound.SingleForward, bound.SingleDerivative, bound.DoubleForward, bound.DoubleDerivative], $"the README's row for {name}");
        }
    }
}
