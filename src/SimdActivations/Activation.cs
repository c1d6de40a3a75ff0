using System.Collections.Frozen;
using System.Globalization;

namespace SimdActivations;

/// <summary>
/// The registry: every activation by its PyTorch functional name (with Keras/JAX aliases), its parameters and
/// defaults, and its accuracy bound; <see cref="Parse(string)"/> builds instances from text such as
/// <c>leaky_relu(negative_slope=0.2)</c>.
/// </summary>
public static class Activation
{
    // One line per activation: name, aliases, parameters (PyTorch's names and defaults), factory, accuracy bound
    // (max ULP: float forward, float derivative, double forward, double derivative; 0.5 = correctly rounded): the
    // larger of the reference tables' and the exhaustive sweep's maxima (docs/accuracy.md), rounded up to a quarter,
    // enforced by the tests on the reference tables.
    private static readonly ActivationInfo[] Entries =
    [
        new("sigmoid", [], [], _ => new SigmoidActivation(), new(2, 2.5, 4, 2.5)),
        new("hardsigmoid", ["hard_sigmoid"], [Number("slope", 1.0 / 6.0), Number("offset", 0.5)],
            p => new HardSigmoidActivation(p.Number("slope"), p.Number("offset")), new(0.5, 0.5, 1.5, 0.5)),
        new("logsigmoid", ["log_sigmoid"], [], _ => new LogSigmoidActivation(), new(2, 4, 4, 4)),
        new("silu", ["swish", "silu_beta"], [Number("beta", 1.0)], p => new SiluActivation(p.Number("beta")), new(2, 4, 2, 3.5)),
        new("hardswish", ["hard_swish", "hard_silu"], [], _ => new HardSwishActivation(), new(0.5, 0.5, 2, 1)),
        new("relu", [], [], _ => new ReluActivation(), new(0.5, 0.5, 0.5, 0.5)),
        new("relu6", [], [], _ => new Relu6Activation(), new(0.5, 0.5, 0.5, 0.5)),
        new("leaky_relu", ["leakyrelu"], [Number("negative_slope", 0.01)], p => new LeakyReluActivation(p.Number("negative_slope")), new(0.5, 0.5, 0.5, 0.5)),
        new("prelu", [], [Number("num_parameters", 1), Number("init", 0.25)],
            p => new PReluActivation(p.Integer("num_parameters"), p.Number("init")), new(0.5, 0.5, 0.5, 0.5)),
        new("rrelu", [], [Number("lower", 1.0 / 8), Number("upper", 1.0 / 3)],
            p => new RReluActivation(p.Number("lower"), p.Number("upper")), new(0.5, 0.5, 0.5, 0.5)),
        new("threshold", [], [Number("threshold", 0.0), Number("value", 0.0)],
            p => new ThresholdActivation(p.Number("threshold"), p.Number("value")), new(0.5, 0.5, 0.5, 0.5)),
        new("elu", [], [Number("alpha", 1.0)], p => new EluActivation(p.Number("alpha")), new(1.5, 1.5, 1.75, 1.75)),
        new("celu", [], [Number("alpha", 1.0)], p => new CeluActivation(p.Number("alpha")), new(1.5, 1, 1.25, 1)),
        new("selu", [], [], _ => new SeluActivation(), new(1.75, 2.25, 1.5, 1.75)),
        new("softplus", [], [Number("beta", 1.0), Number("threshold", 20.0)],
            p => new SoftplusActivation(p.Number("beta"), p.Number("threshold")), new(2, 2.5, 2, 2.25)),
        new("gelu", [], [new("approximate", "none")],
            p => new GeluActivation(p.Choice("approximate", "none", "tanh") == "tanh" ? GeluApproximation.Tanh : GeluApproximation.None),
            new(2, 5, 3.25, 4.25)),
        new("mish", [], [], _ => new MishActivation(), new(2, 4, 2, 3)),
        new("tanh", [], [], _ => new TanhActivation(), new(2, 2.5, 1.5, 2.25)),
        new("hardtanh", ["hard_tanh"], [Number("min_val", -1.0), Number("max_val", 1.0)],
            p => new HardTanhActivation(p.Number("min_val"), p.Number("max_val")), new(0.5, 0.5, 0.5, 0.5)),
        new("tanhshrink", ["tanh_shrink"], [], _ => new TanhShrinkActivation(), new(1.25, 3, 3, 2.5)),
        new("softsign", ["soft_sign"], [], _ => new SoftSignActivation(), new(1.5, 3.5, 1.5, 3.5)),
        new("softshrink", ["soft_shrink"], [Number("lambd", 0.5)], p => new SoftShrinkActivation(p.Number("lambd")), new(0.5, 0.5, 0.5, 0.5)),
        new("hardshrink", ["hard_shrink"], [Number("lambd", 0.5)], p => new HardShrinkActivation(p.Number("lambd")), new(0.5, 0.5, 0.5, 0.5)),
        // Along an axis (AxisActivation): dim is the tensor axis, row_length the span rows (0: each span is one row);
        // the derivative columns bound the backward pass J(x)ᵀ·dy in ULPs of the largest term it sums.
        new("softmax", [], [Number("dim", -1), Number("row_length", 0)],
            p => new SoftmaxActivation(p.Integer("row_length"), p.Integer("dim")), new(2, 3, 2, 2.5)),
        new("log_softmax", ["logsoftmax"], [Number("dim", -1), Number("row_length", 0)],
            p => new LogSoftmaxActivation(p.Integer("row_length"), p.Integer("dim")), new(2, 3, 1, 1.5)),
        new("softmin", [], [Number("dim", -1), Number("row_length", 0)],
            p => new SoftminActivation(p.Integer("row_length"), p.Integer("dim")), new(2, 3, 2, 2.5)),
        new("sparsemax", [], [Number("dim", -1), Number("row_length", 0)],
            p => new SparsemaxActivation(p.Integer("row_length"), p.Integer("dim")), new(1, 1, 0.75, 0.75)),
        new("glu", [], [Number("dim", -1), Number("row_length", 0)],
            p => new GluActivation(p.Integer("row_length"), p.Integer("dim")), new(1.5, 4, 1.5, 4)),
        new("maxout", [], [Number("k", 2), Number("dim", -1), Number("row_length", 0)],
            p => new MaxoutActivation(p.Integer("k"), p.Integer("row_length"), p.Integer("dim")), new(0.5, 0.5, 0.5, 0.5)),
    ];

    private static readonly FrozenDictionary<string, ActivationInfo> ByName = BuildIndex();

    /// <summary>The canonical names of every registered activation, in registry order.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Entries.Select(e => e.Name).ToArray());

    /// <summary>Describes a registered activation: its parameters, aliases and accuracy bound.</summary>
    /// <param name="name">A canonical name or an alias (case-insensitive).</param>
    /// <returns>The description.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not registered; the message lists the known names.</exception>
    public static ActivationInfo Describe(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!ByName.TryGetValue(name.Trim(), out ActivationInfo? info))
        {
            throw new ArgumentException(
                $"Unknown activation '{name}'. Known: {string.Join(", ", Names)} (aliases: {string.Join(", ", Entries.SelectMany(e => e.Aliases))}).",
                nameof(name));
        }

        return info;
    }

    /// <summary>Creates an activation from <c>name</c> or <c>name(key=value, ...)</c>.</summary>
    /// <param name="specification">For example <c>silu</c>, <c>swish(beta=1.5)</c>, <c>hardsigmoid(slope=0.2, offset=0.5)</c>,
    /// <c>gelu(approximate='tanh')</c>. Names and keys are case-insensitive; numbers use the invariant culture; string
    /// values may be bare or quoted.</param>
    /// <returns>The activation (immutable and thread-safe).</returns>
    /// <exception cref="ArgumentException">The name is unknown, the text is malformed, a key is unknown or repeated, or
    /// a value does not parse; the message says what is allowed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter value is outside its domain.</exception>
    public static IActivation Parse(string specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        string text = specification.Trim();
        int open = text.IndexOf('(');
        string name = (open < 0 ? text : text[..open]).Trim();
        ActivationInfo info = Describe(name);

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (open >= 0)
        {
            if (!text.EndsWith(')'))
            {
                throw new ArgumentException($"Malformed activation '{specification}': expected name(key=value, ...).", nameof(specification));
            }

            string inner = text[(open + 1)..^1].Trim();
            if (inner.Length > 0)
            {
                foreach (string part in inner.Split(','))
                {
                    int equals = part.IndexOf('=');
                    if (equals <= 0)
                    {
                        throw new ArgumentException(
                            $"Malformed parameter '{part.Trim()}' in '{specification}': expected key=value; {info.Name} takes {info.DescribeParameters()}.",
                            nameof(specification));
                    }

                    string key = part[..equals].Trim();
                    string value = part[(equals + 1)..].Trim().Trim('\'', '"');
                    if (!info.Parameters.Any(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw new ArgumentException(
                            $"Unknown parameter '{key}' for {info.Name}; it takes {info.DescribeParameters()}.", nameof(specification));
                    }

                    if (!values.TryAdd(key, value))
                    {
                        throw new ArgumentException($"Parameter '{key}' is given twice in '{specification}'.", nameof(specification));
                    }
                }
            }
        }

        return info.Create(new ParameterValues(info, values));
    }

    /// <summary>Creates an activation by name with parameters given as values.</summary>
    /// <param name="name">A canonical name or an alias.</param>
    /// <param name="parameters">Parameter values by name (numbers as <see cref="double"/> or <see cref="int"/>, choices as strings);
    /// missing parameters take their defaults.</param>
    /// <returns>The activation.</returns>
    /// <exception cref="ArgumentException">The name or a key is unknown, or a value has the wrong type.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter value is outside its domain.</exception>
    public static IActivation Create(string name, IReadOnlyDictionary<string, object>? parameters = null)
    {
        ActivationInfo info = Describe(name);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in parameters ?? FrozenDictionary<string, object>.Empty)
        {
            if (!info.Parameters.Any(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"Unknown parameter '{key}' for {info.Name}; it takes {info.DescribeParameters()}.", nameof(parameters));
            }

            values[key] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return info.Create(new ParameterValues(info, values));
    }

    private static ActivationParameter Number(string name, double defaultValue) => new(name, defaultValue.ToString("R", CultureInfo.InvariantCulture));

    private static FrozenDictionary<string, ActivationInfo> BuildIndex()
    {
        var index = new Dictionary<string, ActivationInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (ActivationInfo entry in Entries)
        {
            foreach (string key in entry.Aliases.Prepend(entry.Name))
            {
                index.Add(key, entry);
            }
        }

        return index.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>A registered activation's description.</summary>
public sealed class ActivationInfo
{
    private readonly Func<ParameterValues, IActivation> _factory;

    internal ActivationInfo(string name, string[] aliases, ActivationParameter[] parameters,
        Func<ParameterValues, IActivation> factory, AccuracyBound accuracy)
    {
        Name = name;
        Aliases = Array.AsReadOnly(aliases);
        Parameters = Array.AsReadOnly(parameters);
        _factory = factory;
        Accuracy = accuracy;
    }

    /// <summary>The canonical (PyTorch functional) name.</summary>
    public string Name { get; }

    /// <summary>Other accepted names (Keras/JAX spellings).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The parameters with their defaults, in declaration order.</summary>
    public IReadOnlyList<ActivationParameter> Parameters { get; }

    /// <summary>The maximum error in ULPs that the tests enforce on the reference tables.</summary>
    public AccuracyBound Accuracy { get; }

    /// <inheritdoc/>
    public override string ToString() => Parameters.Count == 0 ? Name : $"{Name}({DescribeParameters()})";

    internal string DescribeParameters() =>
        Parameters.Count == 0 ? "no parameters" : string.Join(", ", Parameters.Select(p => $"{p.Name}={p.DefaultValue}"));

    internal IActivation Create(ParameterValues values) => _factory(values);
}

/// <summary>A parameter of a registered activation.</summary>
/// <param name="Name">The PyTorch parameter name.</param>
/// <param name="DefaultValue">The default, as text in the invariant culture.</param>
public sealed record ActivationParameter(string Name, string DefaultValue);

/// <summary>Maximum error in ULPs, as SLEEF counts them (derivatives away from their zeros).</summary>
/// <param name="SingleForward">f(x) in <see cref="float"/>.</param>
/// <param name="SingleDerivative">f′(x) in <see cref="float"/>.</param>
/// <param name="DoubleForward">f(x) in <see cref="double"/>.</param>
/// <param name="DoubleDerivative">f′(x) in <see cref="double"/>.</param>
public readonly record struct AccuracyBound(double SingleForward, double SingleDerivative, double DoubleForward, double DoubleDerivative);

/// <summary>Parameter values of one <see cref="Activation.Parse"/> call, typed on demand, defaults filled in.</summary>
internal sealed class ParameterValues(ActivationInfo info, IReadOnlyDictionary<string, string> given)
{
    public double Number(string name)
    {
        string text = Text(name);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new ArgumentException($"Parameter '{name}' of {info.Name} must be a number (invariant culture), not '{text}'.", name);
        }

        return value;
    }

    public int Integer(string name)
    {
        string text = Text(name);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            throw new ArgumentException($"Parameter '{name}' of {info.Name} must be an integer, not '{text}'.", name);
        }

        return value;
    }

    public string Choice(string name, params ReadOnlySpan<string> allowed)
    {
        string text = Text(name);
        foreach (string option in allowed)
        {
            if (string.Equals(option, text, StringComparison.OrdinalIgnoreCase))
            {
                return option;
            }
        }

        throw new ArgumentException($"Parameter '{name}' of {info.Name} must be one of {string.Join(", ", allowed.ToArray())}, not '{text}'.", name);
    }

    private string Text(string name) =>
        given.TryGetValue(name, out string? text) ? text : info.Parameters.First(p => p.Name == name).DefaultValue;
}
